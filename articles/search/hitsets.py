"""Hit sets: the ids of every article a plain query matches, kept per archive version.

A results page, its other pages, its other sorts and its facets' links all need the same
set: every article the query's words match. For a common word that is most of the archive
(57,000 ids at 100,000 articles), which the engine takes 100 to 200 ms to list. The set is
kept as a roaring bitmap (pyroaring) under the archive's version (articles/versioning.py),
in this process and in the shared cache (Redis), as the facet bitmaps are: any write makes
a new version, so a set is never read for data it was not computed from. The first search
of a query after a write pays the engine's price; the next ones read the set.
"""

import hashlib
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from pyroaring import BitMap

from articles.versioning import current_version

HELD = 64  # sets held in this process (the least recently used go first)
SECONDS = 24 * 3600
_local: OrderedDict = OrderedDict()


def enabled() -> bool:
    """On unless settings.ARCHIVE_HIT_SETS is False (the tests and the benchmark compare)."""
    return getattr(settings, "ARCHIVE_HIT_SETS", True)


def query_key(clauses, excluded, *, exact: bool) -> str:
    """The query as the engine matches it: its clauses' terms, the excluded ones, the mode."""
    words = repr(
        (
            exact,
            [[tuple(term.words) for term in clause] for clause in clauses],
            [tuple(term.words) for term in excluded],
        )
    )
    return hashlib.sha256(words.encode()).hexdigest()[:32]


def hit_set(query: str, compute: Callable[[], list[int]]) -> BitMap:
    """The ids `compute` gives for this query (query_key) in the archive as it is now: held
    here, else from the cache, else computed (and put in the cache for the other workers)."""
    version = current_version()
    if version is None or not enabled():  # no version to key a cache with
        return BitMap(compute())
    key = f"archive-hits:{connection.settings_dict['NAME']}:{version}:{query}"
    held = _local.get(key)
    if held is not None:
        _local.move_to_end(key)
        return held
    stored = cache.get(key)
    if stored is not None:
        found = BitMap.deserialize(stored)
    else:
        found = BitMap(compute())
        cache.set(key, found.serialize(), SECONDS)
    _local[key] = found
    while len(_local) > HELD:
        _local.popitem(last=False)
    return found
