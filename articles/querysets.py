"""Chainable QuerySet reads that pages compose (`Article.objects.linked_to(x)...`)."""

from django.apps import apps
from django.db import models
from django.db.models import Count, Max, Min, Prefetch
from django.db.models.functions import Cast, Substr

from articles.choices import LEADERSHIP_KINDS, RECORD_FIELDS, FactStatus


def _model(name: str):
    """A model of this app, looked up when asked (models.py imports this module)."""
    return apps.get_model("articles", name)


def year_of(field: str):
    """The year of a date field, computed by SQL on every engine: on SQLite, ExtractYear
    calls a Python function for each row."""
    return Cast(Substr(Cast(field, models.CharField()), 1, 4), models.IntegerField())


class PassageQuerySet(models.QuerySet):
    def public(self):
        """What the public site shows: passages still found in their article's text."""
        return self.filter(anchored=True)


class TradeFactQuerySet(PassageQuerySet):
    def public(self):
        return super().public().filter(status=FactStatus.APPROVED)

    def to_review(self):
        """Candidates proposed by an import, and facts whose passage a re-import lost."""
        return self.filter(models.Q(status=FactStatus.CANDIDATE) | models.Q(anchored=False))


TEXTS = ("raw_text", "body", "imported_values")  # an article's large fields


class ArticleQuerySet(models.QuerySet):
    def with_listing_data(self):
        """What a list of articles shows: no texts (a page of 20 would read 200 KB)."""
        return self.select_related("publisher", "dateline").defer(*TEXTS)

    def with_texts(self):
        return self.select_related("publisher", "dateline")

    def for_detail(self):
        Mention, Quote, TradeFact = map(_model, ("Mention", "Quote", "TradeFact"))
        return self.with_texts().prefetch_related(
            Prefetch("mentions", queryset=Mention.objects.public().select_related(*RECORD_FIELDS)),
            Prefetch(
                "facts",
                queryset=TradeFact.objects.public().select_related(
                    "speaker", "subject_organisation", "subject_place", "initiative", "event"
                ),
            ),
            Prefetch("quotes", queryset=Quote.objects.public().select_related("person")),
            "events",
        )

    def linked_to(self, entity):
        """Articles that name the record; also, for an event, those reporting it, and for an
        initiative, those citing it in a trade fact or reporting one of its events."""
        Event, Mention, TradeFact = map(_model, ("Event", "Mention", "TradeFact"))
        field = entity._meta.model_name
        mentions = Mention.objects.public().filter(**{field: entity})
        condition = models.Q(pk__in=mentions.values("article_id"))
        if field == "event":
            condition |= models.Q(pk__in=entity.articles.values("pk"))
        if field == "initiative":
            reported = Event.articles.through.objects.filter(event__initiatives=entity)
            condition |= models.Q(pk__in=reported.values("article_id"))
            condition |= models.Q(
                pk__in=TradeFact.objects.public().filter(initiative=entity).values("article_id")
            )
        return self.filter(condition)

    def related_to(self, article, limit: int = 5):
        """Other articles naming the same records, most shared mentions first."""
        own = _model("Mention").objects.public().filter(article=article)
        shared = models.Q()
        for field in RECORD_FIELDS:
            records = own.filter(**{f"{field}__isnull": False}).values(field)
            shared |= models.Q(**{f"mentions__{field}__in": records})
        shared &= models.Q(mentions__anchored=True)
        # Filtered before the count, so that only the shared mentions are joined and counted:
        # counting with a FILTER clause instead joins every mention of every article.
        return (
            self.with_listing_data()
            .exclude(pk=article.pk)
            .filter(shared)
            .annotate(shared=Count("mentions"))
            .order_by("-shared", "-published_on", "pk")[:limit]
        )

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
        return self.filter(roles__kind__in=LEADERSHIP_KINDS).distinct()

    def with_mention_counts(self):
        return self.annotate(article_count=articles_naming())


def articles_naming() -> Count:
    """For a record: how many articles name it where the public site shows it."""
    return Count("mentions__article", distinct=True, filter=models.Q(mentions__anchored=True))
