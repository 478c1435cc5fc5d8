"""Thin views: they compose querysets and hand them to templates."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, TemplateView

from articles.models import (
    Article,
    Event,
    Initiative,
    Organisation,
    Person,
    Place,
    Quote,
    TradeFact,
)
from articles.rendering import Span, body_html


class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        articles = Article.objects.with_listing_data()
        return super().get_context_data(
            articles=articles,
            date_span=Article.objects.date_span(),
            counts={
                "articles": Article.objects.count(),
                "people": Person.objects.count(),
                "organisations": Organisation.objects.count(),
                "places": Place.objects.count(),
                "events": Event.objects.count(),
                "initiatives": Initiative.objects.count(),
                "trade facts": TradeFact.objects.count(),
                "quotes": Quote.objects.count(),
            },
            leaders=Person.objects.leaders()
            .with_mention_counts()
            .order_by("-article_count", "name"),
            **kwargs,
        )


def article_spans(article: Article) -> list[Span]:
    spans = [
        Span(
            m.start,
            m.end,
            "mention",
            href=m.entity.get_absolute_url(),
            title=m.entity.name,
            css=f"mention mention-{m.entity._meta.model_name}",
        )
        for m in article.mentions.all()
    ]
    spans += [
        Span(
            f.start,
            f.end,
            "fact",
            anchor=f"fact-{f.pk}",
            title=f"Trade fact: {f.figure}",
            css="fact",
        )
        for f in article.facts.all()
    ]
    spans += [
        Span(
            q.start,
            q.end,
            "quote",
            anchor=f"quote-{q.pk}",
            title=f"Quote: {q.person.name}",
            css="quote",
        )
        for q in article.quotes.all()
    ]
    return spans


class ArticleDetailView(DetailView):
    queryset = Article.objects.for_detail()

    def get_context_data(self, **kwargs):
        article = self.object
        mentioned = {}
        for mention in article.mentions.all():
            entity = mention.entity
            group = mentioned.setdefault(entity._meta.verbose_name_plural, {})
            group.setdefault(entity, []).append(mention.surface)
        previous, following = Article.objects.neighbours(article)
        return super().get_context_data(
            body=body_html(article.body, article_spans(article)),
            mentioned={
                kind: sorted(group.items(), key=lambda kv: kv[0].name)
                for kind, group in sorted(mentioned.items())
            },
            previous_article=previous,
            next_article=following,
            **kwargs,
        )


def article_raw(request, slug):
    """The source text exactly as received."""
    article = get_object_or_404(Article.objects.only("raw_text"), slug=slug)
    return HttpResponse(article.raw_text.encode("utf-8"), content_type="text/plain; charset=utf-8")


class EntityDetailView(DetailView):
    """A person, organisation, place, initiative or event, with what the archive says of it."""

    template_name = "articles/entity_detail.html"

    def get_context_data(self, **kwargs):
        entity = self.object
        return super().get_context_data(
            entity_kind=entity._meta.verbose_name,
            articles=Article.objects.mentioning(entity).with_listing_data(),
            aliases=entity.aliases.all(),
            facts=entity.facts.select_related("article"),
            **kwargs,
        )


class PersonDetailView(EntityDetailView):
    queryset = Person.objects.prefetch_related("roles__organisation", "roles__place")

    def get_context_data(self, **kwargs):
        quotes = self.object.quotes.select_related("article")
        return super().get_context_data(quotes=quotes, **kwargs)


class OrganisationDetailView(EntityDetailView):
    queryset = Organisation.objects.select_related("parent", "country")


class PlaceDetailView(EntityDetailView):
    queryset = Place.objects.select_related("parent")


class InitiativeDetailView(EntityDetailView):
    queryset = Initiative.objects.prefetch_related("people", "organisations", "places", "events")


class EventDetailView(EntityDetailView):
    queryset = Event.objects.select_related("place").prefetch_related(
        "people", "organisations", "initiatives", "articles"
    )
