"""Facet bitmaps: per year, language, publisher, leader and initiative, the ids of its articles.

A `Snapshot` holds one roaring bitmap (pyroaring) of article ids per facet value, every
article's id in the order of search's `sort=-date`, and the labels the facets show. It is
built from the archive's tables (five statements) for one archive version
(articles/versioning.py), kept in this process and in the cache (Redis, shared by the
workers) under that version: any write makes a new version, so the next request builds or
fetches a snapshot of the new data. Facet counts are then the cardinalities of the hit
set's intersections with each bitmap: no statement at all.
"""

from array import array
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from pyroaring import BitMap

from articles.choices import LEADERSHIP_KINDS, Language
from articles.models import Article, Initiative, Mention, Publisher
from articles.versioning import current_version

KINDS = ("year", "language", "publisher", "person", "initiative")


def enabled() -> bool:
    """Bitmaps on unless settings.ARCHIVE_FACET_BITMAPS is False (the tests compare)."""
    return getattr(settings, "ARCHIVE_FACET_BITMAPS", True)


@dataclass
class Snapshot:
    """The bitmaps of one archive version."""

    version: int
    all: BitMap = field(default_factory=BitMap)
    bitmaps: dict = field(default_factory=lambda: {kind: {} for kind in KINDS})
    labels: dict = field(default_factory=lambda: {kind: {} for kind in KINDS})  # (slug, name)
    date_order: array = field(default_factory=lambda: array("q"))

    def add(self, kind: str, value, article_id: int) -> None:
        self.bitmaps[kind].setdefault(value, BitMap()).add(article_id)

    def counts(self, hits: BitMap | None = None) -> dict[str, list[dict]]:
        """The facets of selectors.article_facets() for the hits (None: every article)."""
        found = {}
        for kind in KINDS:
            found[kind] = {}
            for value, bitmap in self.bitmaps[kind].items():
                count = len(bitmap) if hits is None else bitmap.intersection_cardinality(hits)
                if count:
                    found[kind][value] = count
        return {
            "year": [
                {"value": year, "label": year or "date unknown", "count": count}
                for year, count in sorted(
                    found["year"].items(), key=lambda kv: (kv[0] is None, kv[0] or 0)
                )
            ],
            "language": [
                {"value": code, "label": Language(code).label, "count": count}
                for code, count in sorted(found["language"].items())
            ],
            **{kind: self._ranked(kind, found[kind]) for kind in ("publisher", "person")},
            "initiative": self._ranked("initiative", found["initiative"]),
        }

    def _ranked(self, kind: str, counts: dict) -> list[dict]:
        labels = self.labels[kind]
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], labels[kv[0]][1], kv[0]))
        return [
            {"value": labels[pk][0], "label": labels[pk][1], "count": count} for pk, count in ranked
        ]

    def per_year(self) -> dict[int, int]:
        return {year: len(b) for year, b in self.bitmaps["year"].items() if year is not None}

    def initiative_counts(self) -> dict[int, int]:
        return {pk: len(b) for pk, b in self.bitmaps["initiative"].items()}

    def newest_first(self, hits: BitMap, start: int, stop: int) -> list[int]:
        """The hits from `start` to `stop` in `-date` order (published_on descending, undated
        last, then id), walking every article's id in that order and keeping the hits."""
        found, seen = [], 0
        for pk in self.date_order:
            if pk in hits:
                if seen >= start:
                    found.append(pk)
                    if len(found) >= stop - start:
                        break
                seen += 1
        return found


def build(version: int) -> Snapshot:
    """A snapshot of the archive's tables as they are now."""
    snap = Snapshot(version)
    rows = Article.objects.order_by(F("published_on").desc(nulls_last=True), "pk").values_list(
        "pk", "published_on", "language", "publisher_id"
    )
    ids = []
    for pk, published_on, language, publisher in rows.iterator(chunk_size=10000):
        ids.append(pk)
        snap.add("year", published_on.year if published_on else None, pk)
        snap.add("language", language, pk)
        snap.add("publisher", publisher, pk)
    snap.date_order = array("q", ids)
    snap.all = BitMap(ids)
    leaders = (
        Mention.objects.public()
        .filter(person__roles__kind__in=LEADERSHIP_KINDS)
        .order_by()
        .values_list("person_id", "article_id", "person__slug", "person__name")
        .distinct()
    )
    for person, article, slug, name in leaders:  # labels read with the pairs: one statement
        snap.add("person", person, article)
        snap.labels["person"][person] = (slug, name)
    from articles.selectors import initiative_pairs  # selectors reads this module

    pairs, params = initiative_pairs()
    with connection.cursor() as cursor:
        cursor.execute(pairs, params)
        for article, initiative in cursor.fetchall():
            snap.add("initiative", initiative, article)
    for kind, model in (("publisher", Publisher), ("initiative", Initiative)):
        wanted = list(snap.bitmaps[kind])
        snap.labels[kind] = {
            pk: (slug, name)
            for pk, slug, name in model.objects.filter(pk__in=wanted).values_list(
                "pk", "slug", "name"
            )
        }
    return snap


_local: dict[str, Snapshot] = {}  # per database, the snapshot this process last used


def snapshot() -> Snapshot:
    """The snapshot of the current version: this process's, else the cache's, else built
    (and put in the cache for the other workers)."""
    version = current_version()
    if version is None:  # no version to key a cache with
        return build(version)
    name = connection.settings_dict["NAME"]
    held = _local.get(name)
    if held is not None and held.version == version:
        return held
    key = f"archive-facets:{name}:{version}"
    snap = cache.get(key)
    if snap is None:
        snap = build(version)
        cache.set(key, snap, 24 * 3600)
    _local[name] = snap
    return snap


def as_bitmap(ids) -> BitMap:
    return ids if isinstance(ids, BitMap) else BitMap(ids)
