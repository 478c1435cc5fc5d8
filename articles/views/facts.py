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

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return fact_export(request)
        return super().get(request, *args, **kwargs)


def fact_export(request):
    """Every fact of the filtered set as CSV, with its passage and article."""
    filterset = filters.FactFilter(request.GET, queryset=FACTS, request=request)
    if not filterset.is_valid():
        return exports.bad_parameters(filterset.errors)
    return exports.facts_csv(request, filterset.qs)
