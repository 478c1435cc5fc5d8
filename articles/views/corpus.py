"""The corpus pages: /concordance/ (keyword in context) and /trends/ (attention over time)."""

from django.views.generic import TemplateView

from articles import concordance, exports, filters, trends
from articles.models import Article
from articles.search import search_articles

MODES = ("stemmed", "exact")
# The article list's filters; sort, page and format are the page's own.
ARTICLE_FILTERS = tuple(name for name in filters.ArticleFilter.base_filters if name != "sort")


def chosen(request, name: str, allowed, ignored: list[str]) -> str:
    """A parameter from a fixed set; anything else is noted as ignored and the first used."""
    value = request.GET.get(name) or allowed[0]
    if value not in allowed:
        ignored.append(f"{name} {value[:40]!r} (use {', '.join(allowed)})")
        return allowed[0]
    return value


class ConcordanceView(TemplateView):
    """Every occurrence of a search's words, with the words around it, one row each."""

    template_name = "articles/concordance.html"

    def get(self, request, *args, **kwargs):
        fmt = exports.format_of(request)
        if fmt is not None and fmt not in exports.FORMATS:
            return exports.unknown_format(fmt)
        ignored: list[str] = []
        query = request.GET.get("q", "")
        mode = chosen(request, "mode", MODES, ignored)
        sort = chosen(request, "sort", concordance.SORTS, ignored)
        data = request.GET.copy()
        for name in list(data):
            if name not in ARTICLE_FILTERS:
                del data[name]
        filterset = filters.ArticleFilter(data, queryset=Article.objects.with_texts())
        context = {"query": query, "mode": mode, "sort": sort, "filter": filterset}
        if not filterset.is_valid():
            if fmt:
                return exports.list_download(request, filterset)  # the 400 naming them
            context.update(filter_errors=filterset.errors, ignored=ignored)
            return self.render_to_response(self.get_context_data(**context), status=400)
        results = search_articles(query, mode=mode, articles=filterset.qs)
        if fmt:
            rows = (concordance.line_row(request, line) for line in concordance.lines(results))
            return exports.streamed(rows, concordance.COLUMNS, fmt=fmt, name="concordance")
        lines, more = concordance.page_lines(results, sort=sort)
        context.update(
            results=results,
            lines=lines,
            more=more,
            limit=concordance.PAGE_ROWS,
            article_count=len(results.ids) if results.parsed else 0,
            ignored=ignored + results.parsed.ignored,
        )
        return self.render_to_response(self.get_context_data(**context))


class TrendsView(TemplateView):
    """/trends/?q=lobster&q=maple+syrup: matching articles per year, up to four queries."""

    template_name = "articles/trends.html"

    def get(self, request, *args, **kwargs):
        fmt = exports.format_of(request)
        if fmt is not None and fmt not in exports.FORMATS:
            return exports.unknown_format(fmt)
        ignored: list[str] = []
        mode = chosen(request, "mode", MODES, ignored)
        queries = [q.strip() for q in request.GET.getlist("q") if q.strip()]
        if len(queries) > trends.MAX_QUERIES:
            ignored.append(f"queries after the first {trends.MAX_QUERIES}")
            queries = queries[: trends.MAX_QUERIES]
        searches = [(q, search_articles(q, mode=mode)) for q in queries]
        searches = [(q, results) for q, results in searches if results.parsed]
        trend = trends.trend(searches, mode=mode) if searches else None
        if fmt:
            rows = trend_rows(trend) if trend else iter(())
            return exports.streamed(rows, TREND_COLUMNS, fmt=fmt, name="trends")
        context = {
            "queries": queries,
            "mode": mode,
            "trend": trend,
            "inputs": (queries + ["", ""])[: max(2, min(len(queries) + 1, trends.MAX_QUERIES))],
            "ignored": ignored,
        }
        return self.render_to_response(self.get_context_data(**context))


TREND_COLUMNS = ["year", "query", "matching_articles", "archive_articles", "share_percent"]


def trend_rows(trend):
    """One row per year and query (long format, ready for a spreadsheet's pivot)."""
    for row in trend.rows:
        for series, (count, percent) in zip(trend.series, row.values, strict=True):
            yield {
                "year": row.year,
                "query": series.query,
                "matching_articles": count,
                "archive_articles": row.total,
                "share_percent": percent,
            }
