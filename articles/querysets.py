"""Reads: chainable QuerySet methods the views compose."""

from collections import Counter

from django.db import connection, models
from django.db.models import Count, Max, Min, Prefetch
from django.db.models.functions import Cast, Substr

ENTITY_RELATIONS = ("person", "organisation", "place", "initiative", "event")


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
        return super().public().filter(status="approved")

    def to_review(self):
        """Candidates proposed by an import, and facts whose passage a re-import lost."""
        return self.filter(models.Q(status="candidate") | models.Q(anchored=False))


TEXTS = ("raw_text", "body", "imported_values")  # an article's large fields


class ArticleQuerySet(models.QuerySet):
    def with_listing_data(self):
        """What a list of articles shows: no texts (a page of 20 would read 200 KB)."""
        return self.select_related("publisher", "dateline").defer(*TEXTS)

    def with_texts(self):
        return self.select_related("publisher", "dateline")

    def for_detail(self):
        from articles.models import Mention, Quote, TradeFact

        return self.with_texts().prefetch_related(
            Prefetch(
                "mentions", queryset=Mention.objects.public().select_related(*ENTITY_RELATIONS)
            ),
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
        from articles.models import Event, Mention, TradeFact

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
        from articles.models import Mention

        own = Mention.objects.public().filter(article=article)
        shared = models.Q()
        for field in ENTITY_RELATIONS:
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
        from articles.models import Role

        return self.filter(roles__kind__in=Role.LEADERSHIP_KINDS).distinct()

    def with_mention_counts(self):
        return self.annotate(article_count=articles_naming())


def articles_naming() -> Count:
    """For a record: how many articles name it where the public site shows it."""
    return Count("mentions__article", distinct=True, filter=models.Q(mentions__anchored=True))


def _entity_of(row: dict, prefix: str = "") -> tuple[str, int] | None:
    for field in ENTITY_RELATIONS:
        if row.get(f"{prefix}{field}"):
            return field, row[f"{prefix}{field}"]
    return None


def article_facets(articles) -> dict[str, list[dict]]:
    """Counts per year, language, publisher, leader and initiative over a set of articles."""
    from articles.models import Article, Language, Mention, Publisher, Role

    ids = articles.order_by().values("pk") if articles.query.where else None  # None: all
    chosen = Article.objects.all() if ids is None else Article.objects.filter(pk__in=ids)
    mentions = Mention.objects.public().order_by()
    if ids is not None:
        mentions = mentions.filter(article__in=ids)
    groups = (  # one query for three facets, read from the index alone (article_facets_idx)
        chosen.order_by()
        .values("language", "publisher_id")
        .annotate(year=year_of("published_on"), count=Count("pk"))
    )
    years, languages, by_publisher = Counter(), Counter(), Counter()
    for group in groups:
        years[group["year"]] += group["count"]
        languages[group["language"]] += group["count"]
        by_publisher[group["publisher_id"]] += group["count"]
    publishers = Publisher.objects.in_bulk(by_publisher)
    leaders = (
        mentions.filter(person__roles__kind__in=Role.LEADERSHIP_KINDS)
        .values("person__slug", "person__name")
        .annotate(count=Count("article", distinct=True))
        .order_by("-count", "person__name")
    )
    return {
        "year": [
            {"value": year, "label": year or "date unknown", "count": count}
            for year, count in sorted(years.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
        ],
        "language": [
            {"value": code, "label": Language(code).label, "count": count}
            for code, count in sorted(languages.items())
        ],
        "publisher": [
            {"value": publishers[pk].slug, "label": publishers[pk].name, "count": count}
            for pk, count in sorted(
                by_publisher.items(), key=lambda kv: (-kv[1], publishers[kv[0]].name)
            )
        ],
        "person": [
            {"value": r["person__slug"], "label": r["person__name"], "count": r["count"]}
            for r in leaders
        ],
        "initiative": [
            {"value": initiative.slug, "label": initiative.name, "count": count}
            for initiative, count in initiative_counts(ids)
        ],
    }


def mentions_by_year(entity) -> list[tuple[int, int]]:
    """(year, number of mentions) for every year from the first mention to the last."""
    from articles.models import Mention

    rows = (
        Mention.objects.public()
        .filter(**{entity._meta.model_name: entity}, article__published_on__isnull=False)
        .values(year=year_of("article__published_on"))
        .annotate(count=Count("pk"))
        .order_by("year")
    )
    counts = {row["year"]: row["count"] for row in rows}
    if not counts:
        return []
    return [(year, counts.get(year, 0)) for year in range(min(counts), max(counts) + 1)]


def mentioned_with(entity, limit: int = 12) -> list[tuple[object, int]]:
    """The records most often mentioned in the same articles, with how many articles."""
    from articles.models import ENTITY_MODELS, Mention

    field = entity._meta.model_name
    articles = Mention.objects.public().filter(**{field: entity}).values("article_id")
    rows = (
        Mention.objects.public()
        .filter(article_id__in=articles)
        .exclude(**{field: entity})
        .values(*ENTITY_RELATIONS)
        .annotate(count=Count("article", distinct=True))
        .order_by("-count", *ENTITY_RELATIONS)[:limit]
    )
    keyed = [(_entity_of(row), row["count"]) for row in rows]
    wanted: dict[str, set[int]] = {}
    for (kind, pk), _ in keyed:
        wanted.setdefault(kind, set()).add(pk)
    found = {kind: ENTITY_MODELS[kind].objects.in_bulk(pks) for kind, pks in wanted.items()}
    return [(found[kind][pk], count) for (kind, pk), count in keyed]


def initiative_counts(article_ids=None) -> list[tuple[object, int]]:
    """Initiatives with how many of the articles (a subquery of ids; None: every article)
    are linked to them (see linked_to), counted by SQL over the union of the three links."""
    from articles.models import Event, Initiative, Mention, TradeFact

    links = [
        Mention.objects.public().filter(initiative__isnull=False),
        TradeFact.objects.public().filter(initiative__isnull=False),
        Event.articles.through.objects.filter(event__initiatives__isnull=False),
    ]
    if article_ids is not None:
        links = [link.filter(article__in=article_ids) for link in links]
    fields = ("initiative_id", "initiative_id", "event__initiatives")
    mentions, facts, events = (
        link.order_by().values_list("article_id", field)
        for link, field in zip(links, fields, strict=True)
    )
    pairs, params = mentions.union(facts, events).query.sql_with_params()  # distinct pairs
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT initiative_id, COUNT(*) FROM ({pairs}) pairs GROUP BY 1", params)
        counts = dict(cursor.fetchall())
    initiatives = Initiative.objects.in_bulk(counts)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], initiatives[item[0]].name))
    return [(initiatives[pk], count) for pk, count in ranked]
