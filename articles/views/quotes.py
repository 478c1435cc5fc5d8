"""The quotes page: every quote with its speaker, who reported it, its note and its article."""

from articles import filters
from articles.models import Quote
from articles.quotes import mark_reporters
from articles.views.base import FilteredListView


class QuoteListView(FilteredListView):
    """/quotes/?speaker=&article=&language=&year=: the quotes, newest article first."""

    filterset_class = filters.QuotePageFilter
    template_name = "articles/quote_list.html"
    paginate_by = 50
    queryset = Quote.objects.public().select_related("person", "article__publisher")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object_list"] = mark_reporters(context["object_list"])
        return context
