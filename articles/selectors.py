"""Page-level reads: facets, counts per year, co-mentions, the home page's figures, timelines."""

import datetime
from collections import Counter

from django.db import connection
from django.db.models import Count, Q
from django.urls import reverse

from articles.choices import (
    LEADERSHIP_KINDS,
    NON_TRADE_KINDS,
    RECORD_FIELDS,
    Language,
    record_set,
)
from articles.models import (
    ENTITY_MODELS,
    Article,
    Event,
    Initiative,
    Mention,
    Organisation,
    Person,
    Place,
    Publisher,
    Quote,
    TradeFact,
)
from articles.querysets import year_of


def years_from_first_to_last(counts: dict[int, int]) -> list[tuple[int, int]]:
    """(year, count) for every year from the first counted to the last, 0 where none."""
    if not counts:
        return []
    return [(year, counts.get(year, 0)) for year in range(min(counts), max(counts) + 1)]


def article_facets(articles, hit_ids=None) -> dict[str, list[dict]]:
    """Counts per year, language, publisher, leader and initiative over a set of articles
    (or, known already, their ids): from the facet bitmaps (articles/facets.py) unless they
    are turned off, else by SQL."""
    from articles import facets

    if facets.enabled():
        if hit_ids is None and articles.query.where:
            hit_ids = articles.order_by().values_list("pk", flat=True)
        return facets.snapshot().counts(None if hit_ids is None else facets.as_bitmap(hit_ids))
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
        mentions.filter(person__roles__kind__in=LEADERSHIP_KINDS)
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


RECORD_PAGE_ARTICLES = 20  # a record's page lists its newest articles, links to all


def newest_linked(entity) -> dict:
    """A record's page: its newest articles (the list's order) and how many there are."""
    from articles import facets

    linked = Article.objects.linked_to(entity)
    count = len(_linked_ids(entity)) if facets.enabled() else linked.count()
    return {
        "articles": list(linked.with_listing_data()[:RECORD_PAGE_ARTICLES]),
        "article_count": count,
    }


def _linked_ids(entity):
    """The ids of the articles linked to the record, as a bitmap: read once per page."""
    from articles import facets

    if "_linked_ids" not in entity.__dict__:
        ids = Article.objects.linked_to(entity).order_by().values_list("pk", flat=True)
        entity.__dict__["_linked_ids"] = facets.as_bitmap(list(ids))
    return entity.__dict__["_linked_ids"]


def record_articles_per_year(entity) -> list[tuple[int, int]]:
    """(year, number of articles linked to the record) for every year of the archive's span,
    0 where none: the bar of a year counts what the record's article list shows for it.
    With the facet bitmaps on, the counts are the linked ids' intersections with each
    year's bitmap, and the span the bitmaps' years."""
    from articles import facets

    if facets.enabled():
        linked = _linked_ids(entity)
        years = facets.snapshot().bitmaps["year"]
        counts = {year: ids.intersection_cardinality(linked) for year, ids in years.items()}
        span = sorted(year for year in counts if year is not None)
        if not span:
            return []
        return [(year, counts.get(year, 0)) for year in range(span[0], span[-1] + 1)]
    rows = (
        Article.objects.linked_to(entity)
        .filter(published_on__isnull=False)
        .values(year=year_of("published_on"))
        .annotate(count=Count("pk"))
        .order_by("year")
    )
    counts = {row["year"]: row["count"] for row in rows}
    span = Article.objects.date_span()  # one aggregate: the facet snapshot may not be built
    if span["first"] is None:
        return []
    return [
        (year, counts.get(year, 0)) for year in range(span["first"].year, span["last"].year + 1)
    ]


def mentioned_with(entity, limit: int = 12) -> list[tuple[object, int]]:
    """The records most often mentioned in the same articles, with how many articles."""
    from articles.search.backends import backend

    field = entity._meta.model_name
    own = Mention.objects.public().filter(**{field: entity}).order_by()
    articles = list(own.values_list("article_id", flat=True).distinct())
    if not articles:
        return []
    rows = (  # the ids sent as one parameter: read through the mentions' article index (a
        # subquery here made PostgreSQL hash every mention of the archive, 70 ms at 100,000)
        Mention.objects.public()
        .filter(article_id__in=backend().id_list(articles))
        .exclude(**{field: entity})
        .values(*RECORD_FIELDS)
        .annotate(count=Count("article", distinct=True))
        .order_by("-count", *RECORD_FIELDS)[:limit]
    )
    keyed = [(record_set(row), row["count"]) for row in rows]
    wanted: dict[str, set[int]] = {}
    for (kind, pk), _ in keyed:
        wanted.setdefault(kind, set()).add(pk)
    found = {kind: ENTITY_MODELS[kind].objects.in_bulk(pks) for kind, pks in wanted.items()}
    return [(found[kind][pk], count) for (kind, pk), count in keyed]


def initiative_pairs(article_ids=None):
    """The distinct (article id, initiative id) pairs of the links linked_to follows: a
    mention, a public trade fact, an event the article reports. SQL and its parameters."""
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
    return mentions.union(facts, events).query.sql_with_params()  # distinct pairs


def initiative_counts(article_ids=None) -> list[tuple[object, int]]:
    """Initiatives with how many of the articles (a subquery of ids; None: every article)
    are linked to them (see linked_to), counted by SQL over the union of the three links."""
    from articles import facets

    if article_ids is None and facets.enabled():
        counts = facets.snapshot().initiative_counts()
    else:
        pairs, params = initiative_pairs(article_ids)
        with connection.cursor() as cursor:
            sql = f"SELECT initiative_id, COUNT(*) FROM ({pairs}) pairs GROUP BY 1"
            cursor.execute(sql, params)
            counts = dict(cursor.fetchall())
    initiatives = Initiative.objects.in_bulk(counts)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], initiatives[item[0]].name))
    return [(initiatives[pk], count) for pk, count in ranked]


def articles_per_year() -> list[tuple[int, int]]:
    """(year, number of articles) from the first dated article's year to the last's."""
    from articles import facets

    if facets.enabled():
        return years_from_first_to_last(facets.snapshot().per_year())
    per_year = (
        Article.objects.filter(published_on__isnull=False)
        .values_list(year_of("published_on"))
        .annotate(count=Count("pk"))
        .order_by()
    )
    return years_from_first_to_last(dict(per_year))


def archive_counts() -> dict[str, int]:
    """How many records of each kind the public site shows."""
    from articles import facets

    return {
        "articles": len(facets.snapshot().all) if facets.enabled() else Article.objects.count(),
        "people": Person.objects.count(),
        "organisations": Organisation.objects.count(),
        "places": Place.objects.count(),
        "events": Event.objects.count(),
        "initiatives": Initiative.objects.count(),
        "trade facts": TradeFact.objects.public().exclude(kind__in=NON_TRADE_KINDS).count(),
        "quotes": Quote.objects.public().count(),
    }


def leaders_by_articles():
    """The leaders, most named first (counts from the facet bitmaps where they are on)."""
    from articles import facets

    if facets.enabled():
        named = {pk: len(b) for pk, b in facets.snapshot().bitmaps["person"].items()}
        leaders = list(Person.objects.leaders())
        for person in leaders:
            person.article_count = named.get(person.pk, 0)
        return sorted(leaders, key=lambda p: (-p.article_count, p.name, p.pk))
    return Person.objects.leaders().with_mention_counts().order_by("-article_count", "name")


# Timelines ------------------------------------------------------------------------------------


def timeline(articles, events) -> list[dict]:
    """Events and articles in one date order; undated ones last."""
    entries = [{"date": a.published_on, "kind": "article", "item": a} for a in articles]
    entries += [{"date": e.starts_on, "kind": "event", "item": e} for e in events]
    return sorted(
        entries,
        key=lambda e: (e["date"] is None, e["date"] or datetime.date.min, e["kind"], e["item"].pk),
    )


TIMELINE_ARTICLE_LIMIT = 200  # beyond this, a period lists its events and counts its articles


def period_articles(articles, heading: str, list_url: str, count: int | None = None) -> dict:
    """Articles of a period for the timeline: listed if few, else counted (unless `count` is
    known) with a link to the filtered (paginated) article list."""
    count = articles.count() if count is None else count
    if count <= TIMELINE_ARTICLE_LIMIT:
        return {"articles": articles.with_listing_data(), "article_count": count}
    return {
        "articles": Article.objects.none(),
        "article_count": count,
        "articles_url": list_url,
        "articles_heading": heading,
    }


def whole_timeline() -> dict:
    """The timeline page: every event, and the articles (or their count per year)."""
    from articles import facets

    snap = facets.snapshot() if facets.enabled() else None
    period = period_articles(
        Article.objects.all(),
        "All articles",
        reverse("articles:article-list"),
        count=None if snap is None else len(snap.all),
    )
    if snap is not None:
        years = sorted(snap.per_year().items())
    else:
        years = (
            Article.objects.filter(published_on__isnull=False)
            .values_list("published_on__year")
            .annotate(count=Count("pk"))
            .order_by("published_on__year")
        )
    return {
        "entries": timeline(period["articles"], Event.objects.select_related("place")),
        "years": list(years) if "articles_url" in period else [],
        **period,
    }


def date_archive(year: int, month: int | None) -> dict:
    """What was published and happened in a year or a month. A year-precision date says
    nothing about the month: it is not listed under one."""
    article_filter = Q(published_on__year=year)
    event_filter = Q(starts_on__year=year)
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if month is not None:
        article_filter &= Q(published_on__month=month) & ~Q(date_precision="year")
        event_filter &= Q(starts_on__month=month) & ~Q(date_precision="year")
        first = datetime.date(year, month, 1)
        last = (first + datetime.timedelta(days=31)).replace(day=1) - datetime.timedelta(days=1)
    articles = Article.objects.filter(article_filter)
    list_url = f"{reverse('articles:article-list')}?date_after={first}&date_before={last}&sort=date"
    period = period_articles(articles, "these articles", list_url)
    entries = timeline(
        period["articles"], Event.objects.select_related("place").filter(event_filter)
    )
    months = []
    if month is None and (entries or period["article_count"]):
        months = set(
            articles.exclude(date_precision="year")
            .values_list("published_on__month", flat=True)
            .distinct()
            .order_by()
        )
        months = sorted(
            months
            | {e["date"].month for e in entries if e["item"].date_precision in ("day", "month")}
        )
    return {"entries": entries, "months": months, **period}
