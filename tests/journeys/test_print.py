"""Printing an article in Chromium: its text, metadata and citation on few pages, no navigation."""

import re

from tests.journeys.test_browser import browser_page, pytestmark  # noqa: F401  (the fixture, the skip)

FRENCH = "/articles/le-premier-ministre-gallant-rencontre-le-president-dalibaba-group/"


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_an_article_prints_as_text_metadata_and_citation(browser_page):  # noqa: F811
    page = browser_page
    page.goto(page.base + FRENCH)
    assert pdf_pages(page.pdf(format="A4")) <= 2  # over 5 pages before the print stylesheet
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".article-apparatus", ".prev-next"):
        assert not page.locator(hidden).is_visible(), hidden
    for shown in ("h1", ".metadata", ".body", ".article-citation .citation"):
        assert page.locator(shown).is_visible(), shown
    citation = page.locator(".article-citation .citation").inner_text()
    assert citation.startswith("Government of New Brunswick. “Le premier ministre Gallant")
    assert "September 2017" in citation
