"""The trade facts table and its CSV download."""

from django.db.models import Count, Q

from articles import exports, filters
from articles.choices import NON_TRADE_KINDS
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

    def active_filters(self) -> list[dict]:
        """The chips: not the default choice of trade figures (the switch shows it)."""
        chips = super().active_filters()
        return chips[1:] if self.filterset.figures_by_default and chips else chips

    def get_context_data(self, **kwargs):
        counts = {}
        if not kwargs.get("filter_errors"):
            counts = FACTS.aggregate(
                trade=Count("pk", filter=~Q(kind__in=NON_TRADE_KINDS)),
                other=Count("pk", filter=Q(kind__in=NON_TRADE_KINDS)),
            )
        return super().get_context_data(
            figure_counts=counts, figures=self.filterset.data.get("figures", ""), **kwargs
        )


def fact_export(request):
    """/facts/export.csv: every fact of the filtered set, with its passage and article."""
    filterset = filters.FactFilter(request.GET, queryset=FACTS, request=request)
    return exports.list_download(request, filterset, fmt="csv")
