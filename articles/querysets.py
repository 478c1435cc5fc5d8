"""Reads: chainable QuerySet methods the views compose."""

from django.db import models
from django.db.models import Count, Max, Min, Prefetch

ENTITY_RELATIONS = ("person", "organisation", "place", "initiative", "event")


class ArticleQuerySet(models.QuerySet):
    def with_listing_data(self):
        return self.select_related("publisher", "dateline")

    def for_detail(self):
        from articles.models import Mention, Quote, TradeFact

        return self.with_listing_data().prefetch_related(
            Prefetch("mentions", queryset=Mention.objects.select_related(*ENTITY_RELATIONS)),
            Prefetch(
                "facts",
                queryset=TradeFact.objects.select_related(
                    "speaker", "subject_organisation", "subject_place", "initiative", "event"
                ),
            ),
            Prefetch("quotes", queryset=Quote.objects.select_related("person")),
            "events",
        )

    def mentioning(self, entity):
        field = entity._meta.model_name
        return self.filter(**{f"mentions__{field}": entity}).distinct()

    def date_span(self) -> dict:
        return self.aggregate(first=Min("published_on"), last=Max("published_on"))

    def neighbours(self, article) -> tuple:
        """The articles just before and after this one by date (then headline)."""
        if article.published_on is None:
            return None, None
        dated = self.with_listing_data().exclude(pk=article.pk).exclude(published_on=None)
        before = (
            dated.filter(
                models.Q(published_on__lt=article.published_on)
                | models.Q(published_on=article.published_on, headline__lt=article.headline)
            )
            .order_by("-published_on", "-headline")
            .first()
        )
        after = (
            dated.filter(
                models.Q(published_on__gt=article.published_on)
                | models.Q(published_on=article.published_on, headline__gt=article.headline)
            )
            .order_by("published_on", "headline")
            .first()
        )
        return before, after


class PersonQuerySet(models.QuerySet):
    def leaders(self):
        from articles.models import Role

        return self.filter(roles__kind__in=Role.LEADERSHIP_KINDS).distinct()

    def with_mention_counts(self):
        return self.annotate(article_count=Count("mentions__article", distinct=True))
