"""Split an RSS or Atom feed file into one source per entry that carries its article's text.

The feed is refused if it declares a DTD or entities (the entity-expansion attack and
external entities are never expanded: defusedxml checks it before feedparser reads it).
Each entry's raw source is the entry's element as it stands in the feed.
"""

import datetime

from articles.importing.sources import Source, SourceRefused

# An entry whose text is shorter than this is a summary pointing at the article, not the
# article: it is left out (and said so).
MIN_ENTRY_WORDS = 40


def _entries_raw(data: bytes) -> list[bytes]:
    """Each <item> or <entry> element of the feed, serialised from the parsed tree."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(data, parser)
    found = [
        element
        for element in root.iter()
        if isinstance(element.tag, str) and etree.QName(element).localname in ("item", "entry")
    ]
    return [etree.tostring(element, encoding="utf-8") for element in found]


def feed_sources(data: bytes, name: str) -> list[Source]:
    import defusedxml.ElementTree
    import feedparser
    from defusedxml import DefusedXmlException

    try:
        defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise SourceRefused(
            f"{name}: the feed declares a DTD or XML entities ({type(error).__name__}); "
            "refused, as entity expansion is an attack"
        ) from None
    except Exception as error:  # noqa: BLE001  (ParseError from expat, any form of it)
        raise SourceRefused(f"{name}: not well-formed XML ({error})") from None
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if parsed.get("bozo") and not parsed.entries:
        raise SourceRefused(f"{name}: not a feed ({parsed.get('bozo_exception')})")
    raws = _entries_raw(data)
    feed = parsed.feed
    site = feed.get("title", "")
    sources = []
    for number, entry in enumerate(parsed.entries, start=1):
        contents = entry.get("content") or []
        html = contents[0].get("value", "") if contents else entry.get("summary", "")
        if len(_words(html)) < MIN_ENTRY_WORDS:
            continue
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        raw = raws[number - 1] if number <= len(raws) else html.encode("utf-8")
        sources.append(
            Source(
                name=f"{name}#{number}",
                data=raw,
                kind="feed",
                charset="utf-8",
                url=(entry.get("link") or "")[:500],
                meta={
                    "html": html,
                    "title": entry.get("title", ""),
                    "date": datetime.date(*published[:3]) if published else None,
                    "author": entry.get("author", ""),
                    "site": site,
                    "site_url": feed.get("link", ""),
                    "language": (feed.get("language") or "").split("-")[0].lower(),
                },
            )
        )
    if not sources:
        raise SourceRefused(
            f"{name}: none of the feed's {len(parsed.entries)} entries carries an article's "
            f"text (each has fewer than {MIN_ENTRY_WORDS} words)"
        )
    return sources


def _words(html: str) -> list[str]:
    import re

    return re.sub(r"<[^>]+>", " ", html).split()
