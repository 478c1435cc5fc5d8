"""The trade facts table and its CSV download."""

from articles import exports, filters
from articles.models import TradeFact
from articles.views.base import FilteredListView

FACTS = TradeFact.objects.public().select_related(
    "article__publisher", "speaker", "subject_organisation", "subject_place", "initiative"
)


class FactListView(FilteredListView):
    filterset_class = filters.FactFilter
    template_name = "articles/fact_list.html"
    paginate_by = 50
    queryset = FACTS


def fact_export(request):
    """/facts/export.csv: every fact of the filtered set, with its passage and article."""
    filterset = filters.FactFilter(request.GET, queryset=FACTS, request=request)
    return exports.list_download(request, filterset, fmt="csv")
