"""The home page, the article list, an article's page and its raw source."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView, TemplateView

from articles import credits, exports, filters, selectors
from articles.captions import captions
from articles.charts import bar_chart
from articles.importing.raw import raw_response
from articles.models import Article
from articles.periods import mark_precision_notes
from articles.quotes import mark_reporters
from articles.rendering import MARKS, annotation_spans, body_html, headline_html, hit_spans
from articles.views.base import (
    FilteredListView,
    archive_year_url,
    edit_url,
    facet_links,
    toggled_url,
)


class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            latest=Article.objects.with_listing_data()[:5],
            date_span=Article.objects.date_span(),
            counts=home_counts(),
            timeline=bar_chart(
                selectors.articles_per_year(),
                title="Articles per year",
                y_label="Articles",
                url_for=archive_year_url,
            ),
            leaders=selectors.leaders_by_articles(),
            initiatives=selectors.initiative_counts(),
            **kwargs,
        )


COUNT_LISTS = {
    "articles": "articles:article-list",
    "people": "articles:person-list",
    "organisations": "articles:organisation-list",
    "places": "articles:place-list",
    "events": "articles:event-list",
    "initiatives": "articles:initiative-list",
    "trade facts": "articles:fact-list",
    "quotes": "articles:quote-list",
}


def home_counts() -> list[dict]:
    """The home page's count chips, each linking to its list."""
    return [
        {"label": label, "count": count, "url": reverse(COUNT_LISTS[label])}
        for label, count in selectors.archive_counts().items()
    ]


class ArticleListView(FilteredListView):
    filterset_class = filters.ArticleFilter
    queryset = Article.objects.with_listing_data()
    template_name = "articles/article_list.html"

    def get_context_data(self, **kwargs):
        facets = {}
        if not kwargs.get("filter_errors"):
            facets = facet_links(self.request, selectors.article_facets(self.object_list))
        context = super().get_context_data(facets=facets, **kwargs)
        if not kwargs.get("filter_errors"):
            mark_precision_notes(context["object_list"], self.filterset.form.cleaned_data)
        return context


class ArticleDetailView(DetailView):
    """An article, its mentions, facts and quotes marked; `?hide=mentions` (facts, quotes,
    repeatable) reads it without them."""

    queryset = Article.objects.for_detail()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()  # an article that does not exist is a 404 first
        self.hidden = request.GET.getlist("hide")
        unknown = [value for value in self.hidden if value not in MARKS]
        if unknown:
            return exports.bad_request(
                f"Unknown value {unknown[0][:40]!r} for hide: use {', '.join(MARKS)}."
            )
        return self.render_to_response(self.get_context_data(object=self.object))

    def reading_switches(self) -> list[dict]:
        """Each kind of mark, whether it is shown, and the link that turns it off or on."""
        return [
            {
                "name": mark,
                "shown": mark not in self.hidden,
                "url": toggled_url(self.request, "hide", mark, add=mark not in self.hidden),
            }
            for mark in MARKS
        ]

    def get_context_data(self, **kwargs):
        article = self.object
        mentioned = {}
        reported = set(article.events.all())  # listed as "Events reported", not again
        for mention in article.mentions.all():
            entity = mention.entity
            if entity in reported:
                continue
            group = mentioned.setdefault(entity._meta.verbose_name_plural, {})
            group.setdefault(entity, []).append(mention.surface)
        previous, following = Article.objects.neighbours(article)
        query = self.request.GET.get("q", "")
        hits = hit_spans(article, query, self.request.GET.get("mode"))
        quotes = list(article.quotes.all())
        publisher_record, credited = credits.article_records(article)
        return super().get_context_data(
            publisher_record=publisher_record,
            source=dict(zip(("url", "label"), credits.source_link(article), strict=True)),
            credits_html=credits.credits_html(article.credits, credited),
            quotes=mark_reporters(quotes, among=quotes),
            headline=headline_html(
                article.headline, annotation_spans(article, self.hidden, in_headline=True)
            ),
            body=body_html(
                article.body,
                annotation_spans(article, hidden=self.hidden) + hits,
                captions(article.body, article.credits),
            ),
            reading=self.reading_switches(),
            search_query=query if hits else "",
            hit_count=len(hits),
            mentioned={
                kind: sorted(group.items(), key=lambda kv: kv[0].name)
                for kind, group in sorted(mentioned.items())
            },
            related=Article.objects.related_to(article),
            edit_url=edit_url(self.request, article),
            previous_article=previous,
            next_article=following,
            **kwargs,
        )


def article_raw(request, slug):
    """The source exactly as received, byte for byte, as plain text: never rendered."""
    return raw_response(get_object_or_404(Article.objects.only("raw_text"), slug=slug))
