"""The search page: it asks the search package once and renders what it answers."""

from django.views.generic import TemplateView

from articles import exports, filters, trends
from articles.models import Article
from articles.periods import mark_precision_notes
from articles.quotes import mark_reporters
from articles.search import search_articles
from articles.views.base import active_filters, facet_links

# The article list's filters apply to the hits; sort and page are the search's own.
SEARCH_FILTERS = tuple(name for name in filters.ArticleFilter.base_filters if name != "sort")


class SearchView(TemplateView):
    """/search/?q=: ranked, highlighted results with the article filters and facets."""

    template_name = "articles/search.html"

    def get(self, request, *args, **kwargs):
        data = request.GET.copy()
        for name in list(data):
            if name not in SEARCH_FILTERS:
                del data[name]
        filterset = filters.ArticleFilter(data, queryset=Article.objects.with_texts())
        query = request.GET.get("q", "")
        valid = filterset.is_valid()
        results = search_articles(
            query if valid else "",  # bad filters: only the mode and sort are read
            mode=request.GET.get("mode"),
            sort=request.GET.get("sort"),
            page=request.GET.get("page", "1"),
            articles=filterset.qs if valid else None,
        )
        context = {"query": query, "mode": results.mode, "sort": results.sort, "filter": filterset}
        if not valid:
            context.update(filter_errors=filterset.errors, ignored=results.notes)
            return self.render_to_response(self.get_context_data(**context), status=400)
        if exports.format_of(request):  # every hit, in this order, streamed
            return exports.search_download(request, results, results.in_order)
        mark_precision_notes(
            [hit["article"] for hit in results.page_hits], filterset.form.cleaned_data
        )
        mark_reporters(results.matching_quotes)
        context.update(
            results=results,
            page_obj=results.page_obj,
            hits=results.page_hits,
            facets=facet_links(request, results.facets),
            active_filters=active_filters(request, filterset),
            suggestion=results.suggestion,
            matching_facts=results.matching_facts,
            matching_quotes=results.matching_quotes,
            ignored=results.ignored,
            trend=self.trend(results),
        )
        return self.render_to_response(self.get_context_data(**context))

    def trend(self, results):
        """Matching articles per year, from the year facet (no query of its own)."""
        if not results.parsed:
            return None
        per_year = {f["value"]: f["count"] for f in results.facets.get("year", []) if f["value"]}
        return trends.trend_of([(results.query_text, per_year)], mode=results.mode)
