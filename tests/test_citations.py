"""Citing: meta tags, the cite pages, and the downloads read back by real clients."""

import json
from html.parser import HTMLParser

import bibtexparser
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from django.utils import timezone

from articles.models import Article, Quote, TradeFact
from tests.conftest import assert_not_found

FRENCH = "le-premier-ministre-gallant-rencontre-le-president-dalibaba-group"
FRENCH_HEADLINE = "Le premier ministre Gallant rencontre le président d’Alibaba Group à Toronto"
FRENCH_URL = f"http://testserver/articles/{FRENCH}/"
FRENCH_SHA = "ee2e015814dc9ae9d4a87b6560fad621250e4345a821e5082d4e99677658a034"
XINHUA = "canadian-pm-meets-alibabas-jack-ma-for-sme-growth"


class PageReader(HTMLParser):
    """What a reference manager or feed reader reads of a page: meta, link and script
    elements, and the text of elements by id."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.meta, self.links, self.scripts, self.text_by_id = [], [], [], {}
        self._open_ids, self._script = [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.meta.append(attrs)
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script":
            self._script = [attrs.get("type"), ""]
        if attrs.get("id"):
            self.text_by_id[attrs["id"]] = ""
            self._open_ids.append((tag, attrs["id"]))

    def handle_endtag(self, tag):
        if tag == "script" and self._script:
            self.scripts.append(tuple(self._script))
            self._script = None
        if self._open_ids and self._open_ids[-1][0] == tag:
            self._open_ids.pop()

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data
        for _, element_id in self._open_ids:
            self.text_by_id[element_id] += data

    def named(self, name: str) -> list[str]:
        return [m["content"] for m in self.meta if m.get("name") == name]

    def property(self, name: str) -> list[str]:
        return [m["content"] for m in self.meta if m.get("property") == name]

    def json_ld(self) -> list[dict]:
        return [json.loads(text) for kind, text in self.scripts if kind == "application/ld+json"]


def read(client, url: str) -> PageReader:
    response = client.get(url)
    assert response.status_code == 200
    return PageReader(response.content.decode())


# Meta tags ------------------------------------------------------------------------------------


def test_article_head_carries_highwire_tags_at_the_dates_precision(client, seeded):
    page = read(client, f"/articles/{FRENCH}/")
    assert page.named("citation_title") == [FRENCH_HEADLINE]
    assert page.named("citation_publication_date") == ["2017/09"]
    assert page.named("citation_date") == ["2017/09"]
    assert page.named("citation_journal_title") == ["Government of New Brunswick"]
    assert page.named("citation_publisher") == ["Government of New Brunswick"]
    assert page.named("citation_language") == ["fr"]
    assert page.named("citation_public_url") == [FRENCH_URL]
    assert page.named("citation_database") == ["Alibaba & Canada news archive"]


def test_a_day_precision_date_is_written_with_its_day(client, seeded):
    page = read(client, f"/articles/{XINHUA}/")
    assert page.named("citation_publication_date") == ["2014/11/08"]
    assert page.named("DC.date") == ["2014-11-08"]
    assert page.json_ld()[0]["datePublished"] == "2014-11-08"


def test_article_head_carries_dublin_core_open_graph_and_json_ld(client, seeded):
    page = read(client, f"/articles/{FRENCH}/")
    assert page.named("DC.title") == [FRENCH_HEADLINE]
    assert page.named("DC.date") == ["2017-09"]
    assert page.named("DC.language") == ["fr"]
    assert page.named("DC.publisher") == ["Government of New Brunswick"]
    assert page.property("og:type") == ["article"]
    assert page.property("og:url") == [FRENCH_URL]
    assert page.property("og:site_name") == ["Alibaba & Canada news archive"]
    (ld,) = page.json_ld()
    assert ld["@type"] == "NewsArticle"
    assert ld["headline"] == FRENCH_HEADLINE
    assert ld["datePublished"] == "2017-09"
    assert ld["inLanguage"] == "fr"
    assert ld["publisher"] == {
        "@type": "Organization",
        "name": "Government of New Brunswick",
        "url": "https://www2.gnb.ca",
    }
    assert ld["identifier"]["value"] == FRENCH_SHA
    assert "isBasedOn" not in ld  # the seed's source URL is not known


def test_json_ld_names_the_source_url_when_known(client, seeded):
    Article.objects.filter(slug=FRENCH).update(url="https://www2.gnb.ca/content/gnb/fr.html")
    (ld,) = read(client, f"/articles/{FRENCH}/").json_ld()
    assert ld["isBasedOn"] == "https://www2.gnb.ca/content/gnb/fr.html"


def test_json_ld_cannot_be_broken_out_of(client, seeded):
    headline = 'Deal </script><script>alert("x")</script> <!-- & done'
    Article.objects.filter(slug=FRENCH).update(headline=headline)
    response = client.get(f"/articles/{FRENCH}/")
    html = response.content.decode()
    head = html.split("</head>")[0]
    assert head.count("</script>") == 1  # only the JSON-LD element's own end tag
    page = PageReader(html)
    (ld,) = page.json_ld()
    assert ld["headline"] == headline
    assert [kind for kind, _ in page.scripts] == ["application/ld+json"]  # no other script


# The cite page --------------------------------------------------------------------------------

# The period inside the closing quotation mark (en-US punctuation-in-quote): citeproc_fixes.
EXPECTED = {
    "chicago": "Government of New Brunswick. “Le premier ministre Gallant rencontre le président "
    "d’Alibaba Group à Toronto.” September 2017. Alibaba & Canada news archive. "
    f"{FRENCH_URL}.",
    "apa": "Le premier ministre Gallant rencontre le président d’Alibaba Group à Toronto. "
    "(2017, September). Government of New Brunswick. Alibaba & Canada news archive. "
    f"{FRENCH_URL}",
    "mla": "“Le premier ministre Gallant rencontre le président d’Alibaba Group à Toronto.” "
    f"Government of New Brunswick, Sept. 2017, Alibaba & Canada news archive, {FRENCH_URL}.",
}


def test_cite_page_formats_chicago_apa_and_mla(client, seeded):
    page = read(client, f"/articles/{FRENCH}/cite/")
    for style, expected in EXPECTED.items():
        assert page.text_by_id[f"citation-{style}"] == expected


def test_formatted_citations_name_the_headline_once_and_no_empty_label(client, seeded):
    """Two of the CSL rules articles/citeproc_fixes.py adds to citeproc-py."""
    page = read(client, f"/articles/{XINHUA}/cite/")
    for style in ("chicago", "apa", "mla"):
        text = page.text_by_id[f"citation-{style}"]
        assert text.lower().count("jack ma for sme growth") == 1, text
        assert "Edition" not in text


def test_article_page_shows_its_chicago_citation_and_links_the_cite_page(client, seeded):
    html = client.get(f"/articles/{FRENCH}/").content.decode()
    assert "<i>Government of New Brunswick</i>. “Le premier ministre" in html
    assert f'href="/articles/{FRENCH}/cite/"' in html


def test_formatted_citations_escape_the_headline(client, seeded):
    Article.objects.filter(slug=FRENCH).update(headline="<b>Bold</b> & <script>x</script>")
    html = client.get(f"/articles/{FRENCH}/cite/").content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;" in html
    assert "<b>Bold</b>" not in html and "<script>x" not in html


def test_cite_of_a_missing_article_or_format_is_404(client, seeded):
    assert_not_found(client, "/articles/no-such-article/cite/")
    assert_not_found(client, "/articles/no-such-article/cite.bib")
    assert_not_found(client, f"/articles/{FRENCH}/cite.docx")
    assert_not_found(client, "/facts/999999/cite.ris")
    assert_not_found(client, "/quotes/999999/cite.json")


# Downloads read back --------------------------------------------------------------------------


def bibtex_entry(text: str):
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks
    (entry,) = library.entries
    return entry


def test_bibtex_download_reads_back_with_bibtexparser(client, seeded):
    response = client.get(f"/articles/{FRENCH}/cite.bib")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert f'filename="{FRENCH}.bib"' in response["Content-Disposition"]
    entry = bibtex_entry(response.content.decode())
    assert entry.entry_type == "article"
    assert entry.key == FRENCH
    fields = entry.fields_dict
    assert fields["title"].value == FRENCH_HEADLINE
    assert fields["journal"].value == "Government of New Brunswick"
    assert fields["date"].value == "2017-09"
    assert fields["year"].value == "2017"
    assert fields["month"].value == "9"
    assert "day" not in fields
    assert fields["url"].value == FRENCH_URL
    assert fields["urldate"].value == timezone.localdate().isoformat()
    assert fields["organization"].value == "Alibaba & Canada news archive"
    assert fields["note"].value == (
        f"Archived in the Alibaba & Canada news archive. Source text SHA-256: {FRENCH_SHA}."
    )


def test_bibtex_escapes_braces_percent_ampersand_and_accents(client, seeded):
    headline = "Ventes {record} à 100 % & plus — “Tmall” #1 _now_ $5"
    Article.objects.filter(slug=FRENCH).update(headline=headline)
    text = client.get(f"/articles/{FRENCH}/cite.bib").content.decode()
    assert text.isascii()
    title = next(line for line in text.splitlines() if line.strip().startswith("title"))
    assert r"{\{}record{\}}" in title and r"100 {\%}" in title and r"{\&}" in title
    assert bibtex_entry(text).fields_dict["title"].value == headline


def test_ris_download_reads_back_with_rispy(client, seeded):
    response = client.get(f"/articles/{FRENCH}/cite.ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("TY  - NEWS\n") and text.endswith("ER  - \n")
    (entry,) = rispy.loads(text)
    assert entry["type_of_reference"] == "NEWS"
    assert entry["title"] == FRENCH_HEADLINE
    assert entry["secondary_title"] == "Government of New Brunswick"
    assert entry["year"] == "2017"
    assert entry["date"] == "2017/09//"
    assert entry["language"] == "fr"
    assert entry["urls"] == [FRENCH_URL]
    assert entry["access_date"] == timezone.localdate().strftime("%Y/%m/%d")
    assert entry["name_of_database"] == "Alibaba & Canada news archive"
    assert entry["notes"] == [
        "Archived in the Alibaba & Canada news archive.",
        f"Source text SHA-256: {FRENCH_SHA}.",
    ]


def test_csl_json_download_is_formatted_by_citeproc_py(client, seeded):
    response = client.get(f"/articles/{FRENCH}/cite.json")
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    items = json.loads(response.content)
    (item,) = items
    today = timezone.localdate()
    assert item["issued"] == {"date-parts": [[2017, 9]]}
    assert item["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}
    assert item["archive"] == "Alibaba & Canada news archive"
    assert FRENCH_SHA in item["note"]
    # A style citeproc-py bundles itself, not one of the archive's: a second reader.
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem(FRENCH)]))
    (entry,) = bibliography.bibliography()
    text = str(entry)
    assert text.startswith(f"Government of New Brunswick (2017) “{FRENCH_HEADLINE}”")
    assert text.endswith(f"(Accessed: {today:%B} {today.day}, {today.year}).")


def test_an_unknown_date_is_left_out_of_every_download(client, seeded):
    Article.objects.filter(slug=FRENCH).update(published_on=None, date_precision="unknown")
    assert "issued" not in json.loads(client.get(f"/articles/{FRENCH}/cite.json").content)[0]
    fields = bibtex_entry(client.get(f"/articles/{FRENCH}/cite.bib").content.decode()).fields_dict
    assert "date" not in fields and "year" not in fields
    (entry,) = rispy.loads(client.get(f"/articles/{FRENCH}/cite.ris").content.decode())
    assert "date" not in entry and "year" not in entry
    page = read(client, f"/articles/{FRENCH}/")
    assert page.named("citation_publication_date") == []


# Fact and quote permalinks --------------------------------------------------------------------


def test_fact_permalink_marks_the_passage_in_its_sentence(client, seeded):
    fact = TradeFact.objects.get(article__slug=FRENCH, figure__startswith="89,2")
    response = client.get(f"/facts/{fact.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<mark>{fact.passage}</mark>" in html
    body = fact.article.body
    sentence_start = body.rfind(". ", 0, fact.start) + 2
    assert body[sentence_start : fact.start] in html  # the sentence's words before it
    assert f'href="/articles/{FRENCH}/#fact-{fact.pk}"' in html


def test_fact_citation_downloads_cite_the_permalink_and_the_passage(client, seeded):
    fact = TradeFact.objects.get(article__slug=FRENCH, figure__startswith="89,2")
    entry = bibtex_entry(client.get(f"/facts/{fact.pk}/cite.bib").content.decode())
    assert entry.key == f"fact-{fact.pk}"
    assert entry.fields_dict["url"].value == f"http://testserver/facts/{fact.pk}/"
    note = entry.fields_dict["note"].value
    assert f"“{fact.passage}” (characters {fact.start}–{fact.end} of the article's text)" in note
    assert FRENCH_SHA in note
    (ris_entry,) = rispy.loads(client.get(f"/facts/{fact.pk}/cite.ris").content.decode())
    assert ris_entry["urls"] == [f"http://testserver/facts/{fact.pk}/"]
    (item,) = json.loads(client.get(f"/facts/{fact.pk}/cite.json").content)
    assert item["id"] == f"fact-{fact.pk}" and item["title"] == FRENCH_HEADLINE


def test_only_approved_anchored_facts_have_a_permalink(client, seeded):
    fact = TradeFact.objects.get(article__slug=FRENCH, figure__startswith="89,2")
    for change in ({"status": "candidate"}, {"status": "rejected"}, {"anchored": False}):
        TradeFact.objects.filter(pk=fact.pk).update(
            **{"status": "approved", "anchored": True, **change}
        )
        assert_not_found(client, f"/facts/{fact.pk}/")
        assert_not_found(client, f"/facts/{fact.pk}/cite.bib")


def test_quote_permalink_escapes_and_marks_the_quote(client, seeded):
    quote = Quote.objects.filter(article__slug=FRENCH).first()
    response = client.get(f"/quotes/{quote.pk}/")
    assert response.status_code == 200
    assert f"<mark>{quote.text}</mark>" in response.content.decode()
    (entry,) = rispy.loads(client.get(f"/quotes/{quote.pk}/cite.ris").content.decode())
    assert entry["notes"][0].startswith(f"Quote of {quote.person.name}: “{quote.text}”")
    Quote.objects.filter(pk=quote.pk).update(anchored=False)
    assert client.get(f"/quotes/{quote.pk}/").status_code == 404


def test_a_passage_with_markup_is_shown_escaped(client, seeded):
    quote = Quote.objects.filter(article__slug=FRENCH).first()
    article = quote.article
    body = article.body[: quote.start] + "<i>&" + article.body[quote.start + 2 :]
    Article.objects.filter(pk=article.pk).update(body=body)
    html = client.get(f"/quotes/{quote.pk}/").content.decode()
    assert "<mark>&lt;i&gt;&amp;" in html
    assert "<mark><i>" not in html


def test_access_date_is_today(client, seeded):
    text = client.get(f"/articles/{XINHUA}/cite/").content.decode()
    assert f"Accessed {timezone.localdate():%-d %B %Y}" in text
