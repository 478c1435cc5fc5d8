"""Extract an article from a source: its text, headline, date, credits, site, URL and language.

Web pages go through trafilatura (the text and metadata) and htmldate (the date, asked in
turn of the page's metadata and markup, its address, then its text, so that how the date
was found is known); the text it gives is then cleaned of what trafilatura leaves of page
furniture by articles.cleaning. A plain text gives its first line as the headline. The
language is the one the source declares, else detected with py3langid.
"""

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from articles.cleaning import clean_text
from articles.importing.sources import Source, SourceRefused, decode

BLOCK_TAGS = {
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "br", "section",
    "article", "header", "footer", "nav", "aside", "blockquote", "figcaption", "dt", "dd",
    "span", "a", "button", "time", "label", "form", "ul", "ol", "table", "figure", "main",
}  # fmt: skip
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding=["']([\w.:-]+)""", re.I
)
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])(?:[/-](0[1-9]|[12]\d|3[01]))?(?=/|$|[-_.])"
)

# Fewer words than this is a page of links, not an article.
MIN_PAGE_WORDS = 15


@dataclass
class Extracted:
    """What a source says about its article, before any of it is checked or written."""

    text: str  # the text the body is cleaned from
    charset: str
    title: str = ""
    title_basis: str = "stated"  # HeadlineBasis
    published_on: datetime.date | None = None
    date_precision: str = "unknown"
    date_basis: str = "inferred"
    date_how: str = ""
    credits: str = ""
    site: str = ""
    site_basis: str = "stated"
    site_url: str = ""
    url: str = ""
    language: str = ""
    language_how: str = ""
    left_out: list[str] = field(default_factory=list)  # page lines extraction left out


def declared_charset(data: bytes) -> str:
    match = _DECLARED_CHARSET.search(data[:4096])
    return (match.group(1) or match.group(2)).decode("ascii") if match else ""


def extract(source: Source, *, preview: bool = False) -> Extracted:
    """What the source says; with `preview`, also the page lines extraction left out."""
    if source.kind == "text":
        return _from_text(source)
    if source.kind == "feed":
        return _from_feed(source, preview)
    return _from_html(source, preview)


def language_detect(text: str) -> str:
    import py3langid

    return py3langid.classify(text[:5000])[0]


def _with_language(found: Extracted, declared: str) -> Extracted:
    declared = (declared or "").strip().lower().replace("_", "-").split("-")[0]
    if declared:
        found.language, found.language_how = declared, "declared by the source"
    else:
        found.language, found.language_how = language_detect(found.text), "detected (py3langid)"
    return found


def _from_text(source: Source) -> Extracted:
    text, charset = decode(source.data, source.charset, source.name)
    lines = clean_text(text).body.split("\n\n")  # the first line that is not furniture
    if not lines[0]:
        raise SourceRefused(f"{source.name}: no text once page furniture is removed")
    title = lines[0] if len(lines[0]) <= 300 else " ".join(lines[0].split()[:12]) + " …"
    found = Extracted(text=text, charset=charset, title=title, title_basis="supplied")
    return _with_language(found, "")


def _from_feed(source: Source, preview: bool) -> Extracted:
    meta = source.meta
    title = meta.get("title") or ""
    page = f"<html><body><article><h1>{_escape(title)}</h1>{meta['html']}</article></body></html>"
    found = _from_html_text(page, "utf-8", url=source.url, name=source.name, preview=preview)
    found.title, found.title_basis = title or found.title, "stated"
    if meta.get("date"):
        found.published_on, found.date_precision = meta["date"], "day"
        found.date_basis, found.date_how = "stated", "the feed entry's date"
    found.credits = meta.get("author") or found.credits
    if meta.get("site"):
        found.site, found.site_basis = meta["site"], "stated"
    found.site_url = meta.get("site_url") or ""
    return _with_language(found, meta.get("language") or "")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _from_html(source: Source, preview: bool) -> Extracted:
    declared = source.charset or declared_charset(source.data)
    html, charset = decode(source.data, declared, source.name)
    found = _from_html_text(html, charset, url=source.url, name=source.name, preview=preview)
    return _with_language(found, _declared_language(html))


def _declared_language(html: str) -> str:
    head = html[:20000]
    for pattern in (
        r"<html[^>]*\slang\s*=\s*[\"']?([\w-]+)",
        r"<meta[^>]+http-equiv=[\"']?content-language[\"']?[^>]+content=[\"']?([\w-]+)",
        r"<meta[^>]+property=[\"']og:locale[\"'][^>]+content=[\"']?([\w-]+)",
    ):
        match = re.search(pattern, head, re.I)
        if match:
            return match.group(1)
    return ""


def _from_html_text(html: str, charset: str, *, url: str, name: str, preview: bool) -> Extracted:
    import lxml.html
    from trafilatura import bare_extraction

    try:
        tree = lxml.html.fromstring(html)
    except Exception as error:  # noqa: BLE001  (lxml raises several kinds on broken input)
        raise SourceRefused(f"{name}: not a readable web page ({error})") from None
    document = bare_extraction(
        tree,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
    )
    words = len((document.text or "").split()) if document is not None else 0
    if words < MIN_PAGE_WORDS:
        raise SourceRefused(f"{name}: no article text found in the page ({words} words)")
    text = document.text
    canonical = document.url or url or ""
    found = Extracted(text=text, charset=charset, url=canonical)
    found.title = (document.title or "").strip()
    if not found.title:
        found.title = next(line for line in text.splitlines() if line.strip()).strip()
        found.title_basis = "supplied"
    found.credits = (document.author or "").strip()
    host = _host(canonical) if canonical else ""
    if document.sitename and document.sitename.strip().removeprefix("www.") != host:
        found.site, found.site_basis = document.sitename.strip(), "stated"
    elif host:
        found.site, found.site_basis = host, "inferred"  # trafilatura names it so too
    if canonical:
        parts = urlsplit(canonical)
        found.site_url = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    _date_find(found, tree, canonical)
    if preview:
        found.left_out = left_out_lines(tree, text)
    return found


def _host(url: str) -> str:
    return urlsplit(url).netloc.removeprefix("www.")


def _date_find(found: Extracted, tree, url: str) -> None:
    """The publication date, and how it was found: metadata first, then URL, then text."""
    from htmldate import find_date

    on_page = find_date(tree, extensive_search=False, original_date=True, url="")
    if on_page:
        found.published_on = datetime.date.fromisoformat(on_page)
        found.date_precision, found.date_basis = "day", "stated"
        found.date_how = "the page's metadata or markup"
        return
    match = _URL_DATE.search(urlsplit(url).path) if url else None
    if match:
        year, month, day = match.groups()
        found.published_on = datetime.date(int(year), int(month), int(day or 1))
        found.date_precision, found.date_basis = ("day" if day else "month"), "inferred"
        found.date_how = "the page's address"
        return
    in_text = find_date(tree, extensive_search=True, original_date=True, url="")
    if in_text:
        found.published_on = datetime.date.fromisoformat(in_text)
        found.date_precision, found.date_basis = "day", "inferred"
        found.date_how = "the page's text"


def left_out_lines(tree, text: str) -> list[str]:
    """The page's visible lines that extraction left out (menus, share links...), in order."""
    from lxml import etree

    tree = _copy(tree)
    for element in list(tree.iter(etree.Comment, "script", "style", "noscript", "template")):
        element.drop_tree()
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag in BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    visible = etree.tostring(tree, method="text", encoding="unicode")
    kept = {" ".join(line.split()) for line in text.splitlines()}
    seen, left = set(), []
    for line in visible.splitlines():
        line = " ".join(line.split())
        if line and line not in kept and line not in seen and not any(line in k for k in kept):
            seen.add(line)
            left.append(line)
    return left[:200]


def _copy(tree):
    import copy

    return copy.deepcopy(tree)
