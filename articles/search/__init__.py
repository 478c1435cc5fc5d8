"""Full-text search over the articles, in English and French, on PostgreSQL and SQLite.

The one door: `search_articles()` gives a `SearchResults` holding every match, the ranked or
sorted order, and the page a results page shows (hits with snippets, facets, counts, the
records the query names, a "did you mean" and the matching facts and quotes). The engine
hides behind `backends/`; `query_hits()` marks a query's words in one text; the index and
vocabulary upkeep functions are for the import pipeline and the signals.
"""

from functools import partial

from django.db.models import Q
from pyroaring import BitMap

from articles.models import Article
from articles.search import highlight, hitsets, suggest
from articles.search.backends import backend
from articles.search.entities import entities_in, linked_article_ids
from articles.search.query import parse_query
from articles.search.results import SORTS, ResultList, SearchResults

MODES = ("stemmed", "exact")
marked = highlight.marked
query_hits = highlight.query_hits
vocabulary_add = suggest.vocabulary_add
vocabulary_add_many = suggest.vocabulary_add_many


def search_articles(
    query: str,
    *,
    mode: str | None = "stemmed",
    sort: str | None = "relevance",
    page: str | int = 1,
    articles=None,
) -> SearchResults:
    """Articles matching a query among `articles` (default: all): `articles` every match,
    `ranked` best first, `page_obj` and `page_hits` the page asked for.

    A blank query gives no results. A clause that names a person, organisation, place,
    initiative or event (name or alias, either language) also matches the articles linked to
    it, whatever language they are written in. An unknown mode or sort is noted in `ignored`
    and the default used.
    """
    notes = []
    mode = mode or "stemmed"
    if mode not in MODES:
        notes.append(f"mode {mode[:40]!r} (use stemmed or exact)")
        mode = "stemmed"
    sort = sort or "relevance"
    if sort not in SORTS:
        notes.append(f"sort {sort[:40]!r} (use relevance, date or -date)")
        sort = "relevance"
    parsed = parse_query(query)
    notes += parsed.ignored
    searched = Article.objects.all() if articles is None else articles
    exact = mode == "exact"
    shown = {"sort": sort, "page_number": str(page), "notes": notes}
    if not parsed:
        return SearchResults(query, parsed, searched.none(), [], [], exact, searched, **shown)
    engine = backend()
    entity_clauses = entities_in(parsed)
    plain = not any(entity_clauses)
    if plain:
        condition = engine.match(parsed.clauses, parsed.excluded, exact=exact)
    else:
        condition = Q()
        for clause, matches in zip(parsed.clauses, entity_clauses, strict=True):
            condition &= engine.match([clause], [], exact=exact) | linked_article_ids(matches)
        if parsed.excluded:
            unwanted = engine.match([parsed.excluded], [], exact=exact)
            condition &= ~Q(pk__in=Article.objects.filter(unwanted).values("pk"))
    tiers = engine.tiers(parsed.clauses, parsed.excluded, condition, exact=exact, plain=plain)
    match_ids = _match_ids(engine, parsed, condition, exact=exact, searched=searched)
    entities = list({m.entity: m for clause in entity_clauses for m in clause}.values())
    return SearchResults(
        query,
        parsed,
        searched.filter(condition),
        entities,
        entity_clauses,
        exact,
        searched,
        tiers,
        match_ids if plain else None,
        **shown,
    )


def _match_ids(engine, parsed, condition: Q, *, exact: bool, searched):
    """A function giving the ids of every match among `searched`: with hit sets on, the
    archive-wide set (hitsets.py) kept where the filtered articles have them; else the
    engine's own way, where it has one (None: the caller lists the matches)."""
    if not hitsets.enabled():
        return engine.match_ids(parsed.clauses, parsed.excluded, exact=exact, searched=searched)
    every = engine.match_ids(
        parsed.clauses, parsed.excluded, exact=exact, searched=Article.objects.all()
    ) or partial(
        engine.every_match,
        Article.objects.filter(condition).order_by().values_list("pk", flat=True),
    )
    key = hitsets.query_key(parsed.clauses, parsed.excluded, exact=exact)

    def ids() -> list[int]:
        found = hitsets.hit_set(key, every)
        if searched.query.where:
            found = found & BitMap(searched.order_by().values_list("pk", flat=True))
        return list(found)

    return ids


def article_index(article) -> None:
    """(Re)write an article's entry in the search index, where the engine keeps one."""
    backend().article_index(article)


def articles_index(articles) -> None:
    """Add new articles to the search index, where the engine keeps one."""
    backend().articles_index(articles)


def article_unindex(article_id: int) -> None:
    backend().article_unindex(article_id)


__all__ = [
    "MODES",
    "ResultList",
    "SearchResults",
    "article_index",
    "article_unindex",
    "articles_index",
    "marked",
    "parse_query",
    "query_hits",
    "search_articles",
    "vocabulary_add",
    "vocabulary_add_many",
]
