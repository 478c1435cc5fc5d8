"""A search's results: every match, pages in rank or date order, and what a results page shows."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import F

from articles import selectors
from articles.models import Article
from articles.search import highlight, passages, suggest
from articles.search.backends import Tier, backend
from articles.search.entities import EntityMatch, entity_notes
from articles.search.query import ParsedQuery
from articles.search.words import stemming_language

SORTS = {
    "relevance": None,
    "-date": (F("published_on").desc(nulls_last=True), "pk"),
    "date": (F("published_on").asc(nulls_last=True), "pk"),
}
PER_PAGE = 20
WALK_SHARE = 50  # -date: walk the date order when the hits are at least 1/50 of the archive


class ResultList:
    """Articles in one order, as a Paginator reads them: a count, then one slice.

    The order is that of a list of querysets read one after the other (the ranking's groups,
    or a single one sorted by date). A slice reads the ids of its rows from the groups that
    hold them, counting a group only to skip past it, then the rows by id: sorting carries
    ids, not whole articles, and a page of the first group never ranks the others.
    """

    def __init__(self, groups: list, *, count: Callable[[], int], rows):
        self.groups, self.count, self.rows = groups, count, rows

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self[0 : self.count()])

    def __getitem__(self, window: slice) -> list:
        start, stop = window.start or 0, self.count() if window.stop is None else window.stop
        ids, offset = [], start
        for group in self.groups:
            wanted = stop - start - len(ids)
            if wanted <= 0:
                break
            found = list(group.values_list("pk", flat=True)[offset : offset + wanted])
            if not found and offset:
                offset -= group.count()  # the slice starts after this group
                continue
            ids += found
            offset = 0
        rows = {row.pk: row for row in self.rows.filter(pk__in=ids)} if ids else {}
        return [rows[pk] for pk in ids]


class NewestFirst:
    """The hits in `-date` order, as a Paginator reads them: a large hit set by walking every
    article's id in that order (the facet snapshot holds it) and keeping the hits; a small
    one sorted by SQL (ids sent once)."""

    def __init__(self, results: "SearchResults"):
        self.results = results

    def __len__(self) -> int:
        return self.results.count

    def __getitem__(self, window: slice) -> list:
        from articles import facets

        results = self.results
        start, stop = window.start or 0, len(self) if window.stop is None else window.stop
        snap = facets.snapshot()
        if len(results.hit_set) * WALK_SHARE >= len(snap.all):
            ids = snap.newest_first(results.hit_set, start, stop)
        else:
            ids = list(
                results.hits.order_by(*SORTS["-date"]).values_list("pk", flat=True)[start:stop]
            )
        rows = {row.pk: row for row in results.searched.filter(pk__in=ids)} if ids else {}
        return [rows[pk] for pk in ids]


@dataclass
class SearchResults:
    """Every match (`articles`, `ids`, `hits`), the ranked or sorted order, and, read when
    first asked, the page a results page shows with its snippets, facets, suggestion and
    matching facts and quotes."""

    query_text: str
    parsed: ParsedQuery
    articles: object  # a QuerySet of every matching article, unordered
    entities: list[EntityMatch]
    entity_clauses: list[list[EntityMatch]]
    exact: bool
    searched: object = None  # the articles searched (with the caller's filters)
    tiers: list[Tier] = field(default_factory=list)  # the ranking's groups, in order
    match_ids: Callable[[], list[int]] | None = None  # where the engine has one, faster
    sort: str = "relevance"
    page_number: str = "1"
    notes: list[str] = field(default_factory=list)  # what was ignored in the request

    @property
    def ignored(self) -> list[str]:
        """What was ignored, in the order met: mode and sort, the query's parts, the page."""
        self.page_obj  # noqa: B018  (a page that does not exist adds its note)
        return self.notes

    @property
    def mode(self) -> str:
        return "exact" if self.exact else "stemmed"

    @cached_property
    def ids(self) -> list[int]:
        """The ids of every matching article, fetched once."""
        if self.match_ids is not None:
            return self.match_ids()
        return backend().every_match(self.articles.order_by().values_list("pk", flat=True))

    @property
    def count(self) -> int:
        return len(self.ids)

    @cached_property
    def hits(self):
        """The matching articles as `id IN (their ids)`: counts, facets and passages read
        this instead of running the match again (with the bitmaps on, they read hit_set:
        the ids, one parameter of 400 KB for a common word, are then never written out)."""
        return Article.objects.filter(pk__in=backend().id_list(self.ids))

    @property
    def ranked(self) -> ResultList:
        """The matching articles, best first: group by group (see Tier), each ranked, ties
        newest first, then by id."""
        order = [F("rank").desc(), F("published_on").desc(nulls_last=True), "pk"]
        filtered = bool(self.searched.query.where)
        groups = []
        for tier in self.tiers:
            rows = self.searched
            if filtered and tier.among:
                rows = Article.objects.filter(tier.among(self.ids))
            groups.append(rows.filter(tier.condition).annotate(rank=tier.rank).order_by(*order))
        return ResultList(groups, count=lambda: len(self.ids), rows=self.searched)

    def ordered_by(self, *order) -> ResultList:
        groups = [self.articles.order_by(*order)]
        return ResultList(groups, count=lambda: len(self.ids), rows=self.searched)

    @property
    def in_order(self) -> ResultList:
        """The matches in the chosen sort: relevance, date or -date."""
        from articles import facets

        order = SORTS[self.sort]
        if self.sort == "-date" and facets.enabled():
            return NewestFirst(self)
        return self.ordered_by(*order) if order else self.ranked

    @cached_property
    def stems(self) -> dict[str, set[str]]:
        """Per language, the folded (and unless exact, stemmed) words to highlight."""
        return highlight.targets_of(self.parsed.words, exact=self.exact)

    # What a results page shows ---------------------------------------------------------

    @cached_property
    def page_obj(self):
        """The page asked for; a page that does not exist shows the nearest one, noted."""
        paginator = Paginator(self.in_order, PER_PAGE, orphans=3)
        paginator.count = self.count  # known already: no COUNT query that runs the match again
        raw = self.page_number
        try:
            number = int(raw)
        except (TypeError, ValueError):
            self.notes.append(f"page {str(raw)[:20]!r} (not a number)")
            return paginator.page(1)
        if number < 1:
            self.notes.append(f"page {number} (pages start at 1)")
            return paginator.page(1)
        if number > paginator.num_pages:
            last = paginator.num_pages
            self.notes.append(f"page {number} (there are {last}); showing the last")
            return paginator.page(last)
        return paginator.page(number)

    @cached_property
    def page_hits(self) -> list[dict]:
        """The page's articles, each with its headline marked, snippets, notes and link."""
        if not self.parsed:
            return []
        articles = list(self.page_obj.object_list)
        notes = entity_notes(self.entities, articles)
        found = []
        for article in articles:
            targets = self.stems[stemming_language(article.language)]
            headline = highlight.hit_spans(
                article.headline, article.language, targets, exact=self.exact
            )
            body = highlight.hit_spans(
                article.body, article.language, targets, exact=self.exact, limit=8
            )
            found.append(
                {
                    "article": article,
                    "headline": highlight.marked(article.headline, headline),
                    "snippets": highlight.snippets(article.body, body),
                    "notes": notes.get(article.pk, []),
                    "url": self.article_url(article, has_hits=bool(body)),
                    "base_url": self.article_url(article, has_hits=False),
                }
            )
        return found

    def article_url(self, article, *, has_hits: bool) -> str:
        """The article page with the query's words highlighted, scrolled to the first."""
        query = urlencode({"q": self.query_text, "mode": self.mode})
        return f"{article.get_absolute_url()}?{query}" + ("#hit-1" if has_hits else "")

    @cached_property
    def facets(self) -> dict[str, list[dict]]:
        if not self.parsed:
            return {}
        from articles import facets

        if facets.enabled():
            return selectors.article_facets(self.searched, hit_ids=self.hit_set)
        return selectors.article_facets(self.hits)

    @cached_property
    def hit_set(self):
        """The ids of every match as a roaring bitmap, for the facets, order and passages."""
        from articles import facets

        return facets.as_bitmap(self.ids)

    @cached_property
    def suggestion(self) -> str | None:
        return suggest.suggestion(self.parsed) if self.parsed else None

    def _passages(self, kind: str) -> list:
        if not self.parsed:
            return []
        hit_set = self._hit_set_or_none()
        return passages.matching_passages(
            self.hits if hit_set is None else None,
            self.stems,
            kind=kind,
            exact=self.exact,
            hit_set=hit_set,
        )

    def _hit_set_or_none(self):
        from articles import facets

        return self.hit_set if facets.enabled() else None

    @cached_property
    def matching_facts(self) -> list:
        return self._passages("facts")

    @cached_property
    def matching_quotes(self) -> list:
        return self._passages("quotes")
