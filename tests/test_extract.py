"""Extraction: what trafilatura and htmldate give, what the archive adds to them, measured."""

import datetime
import gzip
from pathlib import Path

import pytest

from articles.cleaning import clean_text
from articles.importing.extract import extract
from articles.importing.sources import Source, SourceRefused, kind_of

PAGES = Path(__file__).parent / "data" / "pages"

# Paragraphs of article text in each test page, counted by hand from the pages.
ARTICLE_PARAGRAPHS = {
    "atlantic-business-lobster-online.html": 7,
    "courrier-acadie-commerce-en-ligne.htm": 4,
    "harbour-gazette-lobster-exports.html": 6,
    "prairie-wire-canola.html.gz": 4,
}


def page_source(name: str) -> Source:
    data = (PAGES / name).read_bytes()
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    return Source(name=name, data=data, kind="html")


def test_what_trafilatura_leaves_of_the_furniture_the_cleaner_removes_and_nothing_more():
    """The measure of what the archive adds: over the test pages, trafilatura's text holds
    the article's paragraphs, its headline and two lines of furniture (a byline, a date
    line); the cleaner removes those and keeps every paragraph."""
    left_by_trafilatura, removed = [], []
    for name, paragraphs in ARTICLE_PARAGRAPHS.items():
        found = extract(page_source(name))
        lines = [line.strip() for line in found.text.splitlines() if line.strip()]
        cleaned = clean_text(found.text, headline=found.title)
        assert len(cleaned.body.split("\n\n")) == paragraphs, name
        kept = set(cleaned.body.split("\n\n"))
        left_by_trafilatura += [line for line in lines if line != found.title and line not in kept]
        removed += [(rule, text) for rule, text in cleaned.removed if rule != "headline line"]
    assert left_by_trafilatura == ["Par Jean-François Arsenault", "Published March 4, 2017"]
    assert removed == [
        ("byline", "Par Jean-François Arsenault"),
        ("date line", "Published March 4, 2017"),
    ]


@pytest.mark.parametrize(
    ("head", "url", "expected"),
    [
        (
            '<meta property="article:published_time" content="2016-09-03T10:00:00Z">',
            "",
            (datetime.date(2016, 9, 3), "day", "stated", "the page's metadata or markup"),
        ),
        (
            "",
            "https://news.example/2016/09/alibaba-canada",
            (datetime.date(2016, 9, 1), "month", "inferred", "the page's address"),
        ),
        (
            "",
            "https://news.example/2016/09/03/alibaba-canada",
            (datetime.date(2016, 9, 3), "day", "inferred", "the page's address"),
        ),
        ("", "", (None, "unknown", "inferred", "")),
    ],
)
def test_the_date_its_precision_and_how_it_was_found(head, url, expected):
    html = (
        f'<html lang="en"><head><title>Trade news</title>{head}</head><body><article>'
        "<h1>Trade news</h1><p>"
        + "Canadian exporters met buyers from China to talk about seafood and wine. " * 4
        + "</p></article></body></html>"
    )
    found = extract(Source(name="t.html", data=html.encode(), kind="html", url=url))
    assert (found.published_on, found.date_precision, found.date_basis, found.date_how) == expected


def test_language_is_taken_as_declared_or_detected():
    text = "Le Nouveau-Brunswick exporte des homards vers la Chine depuis des années. " * 3
    declared = f'<html lang="fr-CA"><body><article><p>{text}</p></article></body></html>'
    undeclared = f"<html><body><article><p>{text}</p></article></body></html>"
    assert extract(Source("a.html", declared.encode(), "html")).language_how == (
        "declared by the source"
    )
    found = extract(Source("b.html", undeclared.encode(), "html"))
    assert (found.language, found.language_how) == ("fr", "detected (py3langid)")


def test_a_charset_declared_by_http_equiv_is_used():
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        "</head><body><article><p>"
        + "Les homards du Nouveau-Brunswick sont très appréciés en Chine, dit-on. " * 3
        + "</p></article></body></html>"
    ).encode("latin-1")
    found = extract(Source("c.html", html, "html"))
    assert "très appréciés" in found.text and found.charset == "cp1252"


def test_a_page_without_text_is_refused():
    with pytest.raises(SourceRefused, match="e.html: no article text found"):
        extract(
            Source("e.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "html")
        )


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"<!DOCTYPE html><html>", "html"),
        (b"\xef\xbb\xbf<html lang='en'>", "html"),
        (b"<?xml version='1.0'?><rss version='2.0'>", "feed"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        (b"WARC/1.0\r\n", "warc"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"\x89PNG\r\n\x1a\n", "binary"),
        (b"Just a story.\nWith two lines.", "text"),
    ],
)
def test_kind_comes_from_the_content(data, kind):
    assert kind_of(data) == kind
