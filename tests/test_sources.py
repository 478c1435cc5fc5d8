"""Importing saved web pages, web archives, feeds and plain texts, and refusing bad files."""

import gzip
import io
import random
import re
import shutil
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from articles.models import Article, Mention, PossibleDuplicate, RawSource
from articles.text import NAMES_MAX_CHARS
from tests.conftest import manifest_entry

PAGES = Path(__file__).parent / "data" / "pages"

HARBOUR_BODY = [
    "Lobster fishermen on the Northumberland Strait have a new customer in mind this season: "
    "shoppers in China who buy their seafood online, often before it has left the water.",
    "Three processors from the province signed up to sell through Tmall Global, the "
    "cross-border store run by Alibaba Group, after a trade mission to Hangzhou last year, the "
    "provincial government said on Tuesday.",
    '"A lobster landed in the morning can be on a plane to Shanghai the same evening," said '
    'Paul Richard, who runs a family packing plant near Cap-Pelé. "What changed is that the '
    'buyer is now a household, not a wholesaler."',
    "Exports of live lobster from New Brunswick to China were worth more than 90 million "
    "dollars in 2016, up from less than 20 million five years earlier, according to figures "
    "from the province.",
    "Not everyone is convinced. Smaller fishermen worry that online prices will swing with "
    "every promotion, and that the cost of air freight leaves little for those at the start "
    "of the chain.",
    "The province plans a second mission to China in the autumn, with Premier Brian Gallant "
    "expected to lead it.",
]


def import_(*paths, **options):
    out, err = io.StringIO(), io.StringIO()
    error = None
    try:
        call_command("import_articles", *map(str, paths), stdout=out, stderr=err, **options)
    except CommandError as raised:
        error = raised
    return out.getvalue(), err.getvalue(), error


def snapshot():
    return sorted(Article.objects.values_list("slug", "raw_sha256")), RawSource.objects.count()


def test_a_folder_of_saved_pages_is_imported_with_bodies_metadata_raw_bytes_and_links(
    seeded, client
):
    out, err, error = import_(PAGES)
    assert error is None, err
    assert "4 imported, 0 unchanged, 0 updated, 1 possible duplicates, 0 refused" in out

    harbour = Article.objects.get(source_name="harbour-gazette-lobster-exports.html")
    assert harbour.body.split("\n\n") == HARBOUR_BODY
    assert (harbour.headline, harbour.headline_basis) == (
        "Lobster exporters in New Brunswick look to online sales in China",
        "stated",
    )
    assert (harbour.publisher.name, harbour.publisher_basis) == ("The Harbour Gazette", "stated")
    assert harbour.url == "https://harbourgazette.example/business/lobster-exporters-online-china"
    assert harbour.credits == "Marie Leblanc"
    assert harbour.language == "en"
    assert (str(harbour.published_on), harbour.date_precision, harbour.date_basis) == (
        "2017-05-16",
        "day",
        "stated",
    )
    assert "page's metadata" in harbour.date_note

    french = Article.objects.get(source_name="courrier-acadie-commerce-en-ligne.htm")
    assert french.language == "fr"
    assert french.credits == "Jean-François Arsenault"  # from the byline trafilatura kept
    assert french.body.startswith("Le gouvernement du Nouveau-Brunswick veut que davantage")
    assert "Par Jean-François" not in french.body and "Partager" not in french.body
    assert (str(french.published_on), french.date_basis) == ("2017-06-02", "inferred")
    assert "address" in french.date_note

    canola = Article.objects.get(source_name="prairie-wire-canola.html.gz")
    assert canola.language == "en"  # no language declared: detected
    assert (canola.publisher.name, canola.publisher_basis) == ("prairiewire.example", "inferred")
    assert canola.body.startswith("Canola growers in Saskatchewan")  # no "Published ..." line
    assert str(canola.published_on) == "2017-03-04"

    # raw bytes, exactly as received, as plain text in the charset they were read in
    for article, data, charset in (
        (harbour, (PAGES / "harbour-gazette-lobster-exports.html").read_bytes(), "utf-8"),
        (french, (PAGES / "courrier-acadie-commerce-en-ligne.htm").read_bytes(), "cp1252"),
        (canola, gzip.decompress((PAGES / "prairie-wire-canola.html.gz").read_bytes()), "utf-8"),
    ):
        response = client.get(f"/articles/{article.slug}/raw/")
        assert response.status_code == 200
        assert response.content == data
        assert response["Content-Type"] == f"text/plain; charset={charset}"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"].startswith("sandbox")

    # names already in the archive are linked
    linked = set(Mention.objects.filter(article=harbour).values_list("surface", flat=True))
    assert {"Tmall Global", "Alibaba Group", "Hangzhou", "New Brunswick", "China"} <= linked
    assert "Brian Gallant" in linked or "Gallant" in linked

    # the republished copy is imported, flagged, and the two pages link each other
    copy = Article.objects.get(source_name="atlantic-business-lobster-online.html")
    flag = PossibleDuplicate.objects.get()
    assert {flag.article, flag.original} == {copy, harbour}
    assert flag.similarity > 0.8
    for one, other in ((harbour, copy), (copy, harbour)):
        page = client.get(one.get_absolute_url()).content.decode()
        assert "Also published as" in page and other.get_absolute_url() in page

    again, _, error = import_(PAGES)
    assert error is None and "0 imported, 4 unchanged" in again


HOSTILE = b"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Markets rally as traders cheer trade deal</title>
<meta property="og:site_name" content="Hostile Herald">
<style>body { background: url(javascript:alert('style')) }</style>
<script>alert('head-script')</script></head><body><article>
<h1>Markets rally as traders cheer trade deal</h1>
<p>Stock markets in Toronto rose on Monday <script>alert('inline-script')</script>after the
trade deal with China was announced by ministers in Ottawa late on Sunday evening.</p>
<p onmouseover="alert('handler')">Traders said the gains in technology shares were the
largest in months, and that the rally could last into the week if the deal holds.</p>
<iframe src="https://evil.example/frame" onload="alert('frame')"></iframe>
<p>One analyst wrote &lt;script&gt;alert('escaped')&lt;/script&gt; in a note, as a joke
about the tools that traders use to follow the market through the day.</p>
<svg onload="alert('svg')"><script>alert('svg-script')</script></svg>
<p>Officials expect the deal to be signed within weeks, after a review by lawyers.</p>
</article></body></html>"""


def test_a_sources_script_iframe_style_and_handlers_never_reach_a_page(seeded, client, tmp_path):
    (tmp_path / "hostile.html").write_bytes(HOSTILE)
    out, err, error = import_(tmp_path / "hostile.html")
    assert error is None, err
    article = Article.objects.get(source_name="hostile.html")
    for url in (article.get_absolute_url(), "/", "/search/?q=traders", "/articles/"):
        page = client.get(url).content.decode()
        for payload in ("head-script", "inline-script", "handler", "frame", "svg", "'style'"):
            assert f"alert('{payload}')" not in page.replace("&#x27;", "'")
        assert "<iframe" not in page and "onmouseover" not in page and "evil.example" not in page
        assert "<script>alert" not in page and "background: url(javascript" not in page
    page = client.get(article.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&#x27;escaped&#x27;)&lt;/script&gt;" in page  # shown as text
    raw = client.get(f"/articles/{article.slug}/raw/")
    assert raw.content == HOSTILE and raw["Content-Type"].startswith("text/plain")


def test_a_plain_text_without_manifest_gets_its_first_line_as_supplied_headline(db, tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(
        "\ufeffCanola farmers find buyers online\n\nFarmers near Yorkton said on Friday "
        "that they had sold their first bottles of canola oil to shoppers in Tianjin.\n".encode()
    )
    out, err, error = import_(path, publisher="Prairie Wire")
    assert error is None, err
    article = Article.objects.get()
    assert (article.headline, article.headline_basis) == (
        "Canola farmers find buyers online",
        "supplied",
    )
    assert "\ufeff" not in article.headline + article.body
    assert article.body.startswith("Farmers near Yorkton")
    assert (article.publisher.name, article.language) == ("Prairie Wire", "en")
    assert bytes(article.raw_source.data) == path.read_bytes()  # the mark is kept in the raw


def warc_bytes(records, *, compress=True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for uri, payload, content_type in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(payload), http_headers=headers,
            warc_headers_dict={"WARC-Date": "2017-05-18T09:15:00Z"},
        )  # fmt: skip
        writer.write_record(record)
    return buffer.getvalue()


def test_each_html_response_of_a_web_archive_is_an_article_with_its_uri_and_capture_date(
    db, tmp_path
):
    page = (PAGES / "harbour-gazette-lobster-exports.html").read_bytes()
    image = b"\x89PNG\r\n\x1a\n" + b"0" * 100
    data = warc_bytes(
        [
            ("https://harbourgazette.example/a", page, "text/html; charset=utf-8"),
            ("https://harbourgazette.example/logo.png", image, "image/png"),
        ]
    )
    (tmp_path / "crawl.warc.gz").write_bytes(data)
    out, err, error = import_(tmp_path / "crawl.warc.gz")
    assert error is None, err
    article = Article.objects.get()
    raw = article.raw_source
    assert (raw.kind, bytes(raw.data), raw.origin) == ("warc", page, "crawl.warc.gz#1")
    assert raw.captured_at.isoformat() == "2017-05-18T09:15:00+00:00"
    assert article.source_name == "crawl.warc.gz#1"
    assert article.body.split("\n\n") == HARBOUR_BODY


FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour Gazette: Business</title>
<link>https://harbourgazette.example/business</link><language>en-ca</language>
<item><title>Snow crab prices fall as quotas rise</title>
<link>https://harbourgazette.example/business/snow-crab</link>
<pubDate>Tue, 09 May 2017 07:00:00 -0300</pubDate><author>Marie Leblanc</author>
<description><![CDATA[<p>Snow crab prices at the wharf fell by a fifth this spring as
quotas in the Gulf of St. Lawrence rose, and buyers in Asia held back their orders.</p>
<p>Fishermen said the lower price was still well above what they were paid five years ago,
when most of the catch went to the United States and little to China.</p>]]></description></item>
<item><title>Short item</title><link>https://harbourgazette.example/short</link>
<description>Only a teaser.</description></item>
</channel></rss>"""


def test_feed_entries_with_content_become_articles(db, tmp_path):
    (tmp_path / "business.rss").write_text(FEED, encoding="utf-8")
    out, err, error = import_(tmp_path / "business.rss")
    assert error is None, err
    article = Article.objects.get()
    assert article.headline == "Snow crab prices fall as quotas rise"
    assert article.publisher.name == "Harbour Gazette: Business"
    assert (str(article.published_on), article.date_basis) == ("2017-05-09", "stated")
    assert article.url == "https://harbourgazette.example/business/snow-crab"
    assert article.body.startswith("Snow crab prices at the wharf fell by a fifth")
    assert article.raw_source.kind == "feed"


GOOD = (PAGES / "harbour-gazette-lobster-exports.html").read_bytes()
# One character more than name finding reads, less than the 10 MB a file may weigh.
SENTENCE = "Canada sold lobsters to China. "
TOO_LONG = (SENTENCE * (NAMES_MAX_CHARS // len(SENTENCE) + 1)).encode()
BOMB_SIZE = 11 * 2**20


def _bad_manifest(tmp_path, entries, files):
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({"articles": entries}))
    return path


def _bad_files(tmp_path, case):
    """The bad file for each case; returns its path."""
    page = (
        b'<html lang="en"><head><title>Caf\xe9 prices</title>%s</head><body><p>'
        + (b"Prices at the caf\xe9 rose by a tenth this year, the owners said on Monday. " * 3)
        + b"</p></body></html>"
    )
    if case == "undeclared-latin-1":
        return _write(tmp_path / "old.html", page.replace(b"%s", b""))
    if case == "wrong-encoding":
        return _write(tmp_path / "wrong.html", page.replace(b"%s", b'<meta charset="utf-8">'))
    if case == "latin-1-text":
        return _write(tmp_path / "latin.txt", b"Caf\xe9 prices rose on Monday.\n")
    if case == "png":
        return _write(tmp_path / "photo.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    if case == "empty":
        return _write(tmp_path / "empty.html", b"")
    if case == "too-large":
        path = tmp_path / "huge.html"
        with path.open("wb") as stream:
            stream.truncate(50 * 2**20)
        return path
    if case == "gzip-bomb":
        return _write(tmp_path / "bomb.html.gz", gzip.compress(b"<p>" + b"a" * BOMB_SIZE))
    if case == "truncated-warc":
        data = warc_bytes([("https://x.example/", GOOD, "text/html")])
        return _write(tmp_path / "cut.warc.gz", data[: len(data) // 2])
    if case == "entity-expansion":
        laughs = (
            '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;">]><rss><channel><title>&c;</title>'
            "<item><title>x</title><description>&c;</description></item></channel></rss>"
        )
        return _write(tmp_path / "laughs.rss", laughs.encode())
    if case == "malformed-yaml":
        return _write(tmp_path / "bad.yaml", b"articles: [unclosed")
    if case == "missing":
        return tmp_path / "nowhere.html"
    if case == "impossible-date":
        return _bad_manifest(
            tmp_path, [manifest_entry(published_on="2017-02-30")], {"new.txt": b"Text."}
        )
    if case == "language-xx-page":
        return _write(tmp_path / "xx.html", GOOD.replace(b'lang="en-CA"', b'lang="xx"'))
    if case == "language-xx-manifest":
        return _bad_manifest(tmp_path, [manifest_entry(language="xx")], {"new.txt": b"Text."})
    if case == "duplicate-slug":
        entries = [manifest_entry(slug="same"), manifest_entry(slug="same", file="two.txt")]
        return _bad_manifest(tmp_path, entries, {"new.txt": b"One.", "two.txt": b"Two."})
    if case == "too-long-manifest":
        return _bad_manifest(tmp_path, [manifest_entry()], {"new.txt": TOO_LONG})
    if case == "long-headline":
        return _bad_manifest(tmp_path, [manifest_entry(headline="H" * 351)], {"new.txt": b"Text."})
    raise AssertionError(case)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


BAD = {
    "undeclared-latin-1": r"old.html: no encoding declared and not UTF-8: byte 0xe9 at byte \d+",
    "wrong-encoding": r"wrong.html: declared utf-8: byte 0xe9 at byte \d+ is not utf-8",
    "latin-1-text": r"latin.txt: no encoding declared and not UTF-8: byte 0xe9 at byte 3",
    "png": r"photo.html: a PNG image, not a text or a web page",
    "empty": r"empty.html: the file is empty",
    "too-large": r"huge.html: 50 MB, larger than the 10 MB limit",
    "gzip-bomb": r"bomb.html.gz: decompresses to more than the 10 MB limit",
    "truncated-warc": r"cut.warc.gz: truncated or damaged web archive",
    "entity-expansion": r"laughs.rss: the feed declares a DTD or XML entities",
    "malformed-yaml": r"bad.yaml: not valid YAML or JSON",
    "missing": r"nowhere.html: no such file",
    "impossible-date": r"new.txt\): impossible date '2017-02-30'",
    "language-xx-page": r"xx.html: language 'xx' \(declared by the source\) is not one the archive",
    "language-xx-manifest": r"new.txt\): unknown language 'xx'",
    "duplicate-slug": r"bad.yaml: the same slug twice: same",
    "long-headline": r"new.txt\): headline: Ensure this value has at most 300 characters",
    "too-long-manifest": r"new.txt: 8,000,015 characters, more than the 8,000,000 an article may",
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_file_gets_one_line_and_leaves_nothing_while_the_good_file_after_it_imports(
    db, tmp_path, case
):
    bad_dir, good_dir = tmp_path / "bad", tmp_path / "good"
    bad_dir.mkdir()
    good_dir.mkdir()
    bad = _bad_files(bad_dir, case)
    shutil.copy(PAGES / "harbour-gazette-lobster-exports.html", good_dir / "good.html")
    before = snapshot()
    out, err, error = import_(bad, good_dir / "good.html")
    assert error is not None  # the exit status is not 0
    assert str(error).count("\n") == 0 and "Traceback" not in out + err
    assert re.search(BAD[case], str(error)), str(error)
    assert err.count("refused ") == 1 and re.search(BAD[case], err)
    assert "1 imported" in out and "1 refused" in out
    after = snapshot()
    assert [slug for slug, _ in after[0]] == [slug for slug, _ in before[0]] + [
        "lobster-exporters-in-new-brunswick-look-to-online-sales-in-china"
    ]
    assert after[1] == before[1] + 1  # only the good page's raw source


def test_a_manifest_with_a_long_headline_writes_nothing_on_either_engine(db, tmp_path):
    entries = [manifest_entry(), manifest_entry(file="two.txt", headline="H" * 351)]
    path = _bad_manifest(tmp_path, entries, {"new.txt": b"One text.", "two.txt": b"Two."})
    out, err, error = import_(path)
    assert error is not None and "headline: Ensure this value has at most 300" in str(error)
    assert not Article.objects.exists()


def test_a_text_longer_than_names_are_found_in_is_refused_whole_with_its_size(db, tmp_path):
    path = _write(tmp_path / "long.txt", TOO_LONG)
    out, err, error = import_(path, publisher="Example Daily")
    assert (
        str(error) == "long.txt: 8,000,015 characters, more than the 8,000,000 an article may hold"
    )
    assert "0 imported" in out and "1 refused" in out
    assert (Article.objects.count(), RawSource.objects.count()) == (0, 0)


ENGLISH = str.split(
    "the farmers said that their oil was sold to shoppers in cities across the country during "
    "a week of promotions which had been planned with buyers from large stores and small shops "
    "while prices for seed fell as the harvest came in early after a warm and dry summer on "
    "the prairies where most growers still ship their crop by rail to ports on the coast"
)


def test_many_files_show_a_progress_bar_in_pages_per_second_then_the_summary(db, tmp_path):
    for number in range(21):
        words = " ".join(random.Random(number).sample(ENGLISH, 30))
        (tmp_path / f"story-{number:02d}.txt").write_text(
            f"Story number {number}\n\nFarmers near Yorkton said: {words}.\n"
        )
    out, err, error = import_(tmp_path, publisher="Prairie Wire")
    assert error is None, err
    assert "21/21" in err and "page/s" in err
    assert "21 imported, 0 unchanged, 0 updated, 0 possible duplicates, 0 refused" in out
