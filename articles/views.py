"""Thin views: they compose querysets and filters and hand them to templates."""

import datetime
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView, ListView, TemplateView

from articles import exports, filters, search, trends
from articles.charts import bar_chart
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
from articles.querysets import (
    article_facets,
    articles_naming,
    initiative_counts,
    mentioned_with,
    mentions_by_year,
    year_of,
)
from articles.rendering import Span, body_html


def edit_url(request, record) -> str:
    """The admin change page of a record, for an editor allowed to change it; else ""."""
    opts = record._meta
    if not request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        return ""
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def query_url(request, **changes) -> str:
    """The current query string with some parameters changed (None removes one)."""
    params = request.GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value is not None:
            params[key] = value
    return f"?{params.urlencode()}" if params else "?"


def archive_year_url(year) -> str:
    return reverse("articles:archive-year", args=[year])


class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        per_year = (
            Article.objects.filter(published_on__isnull=False)
            .values_list(year_of("published_on"))
            .annotate(count=Count("pk"))
            .order_by()
        )
        counts = dict(per_year)
        series = (
            [(year, counts.get(year, 0)) for year in range(min(counts), max(counts) + 1)]
            if counts
            else []
        )
        return super().get_context_data(
            latest=Article.objects.with_listing_data()[:5],
            date_span=Article.objects.date_span(),
            counts={
                "articles": Article.objects.count(),
                "people": Person.objects.count(),
                "organisations": Organisation.objects.count(),
                "places": Place.objects.count(),
                "events": Event.objects.count(),
                "initiatives": Initiative.objects.count(),
                "trade facts": TradeFact.objects.public().count(),
                "quotes": Quote.objects.public().count(),
            },
            timeline=bar_chart(series, title="Articles per year", url_for=archive_year_url),
            leaders=Person.objects.leaders()
            .with_mention_counts()
            .order_by("-article_count", "name"),
            initiatives=initiative_counts(),
            **kwargs,
        )


class FilteredListView(ListView):
    """A list filtered by a FilterSet from the query string; bad parameters answer 400."""

    filterset_class: type = None
    paginate_by = 20
    paginate_orphans = 3

    def get(self, request, *args, **kwargs):
        self.filterset = self.filterset_class(
            request.GET, queryset=self.get_queryset(), request=request
        )
        if exports.format_of(request):  # ?format=csv or jsonl: every row, streamed
            return exports.list_download(request, self.filterset)
        if not self.filterset.is_valid():
            self.object_list = self.filterset.queryset.none()
            context = self.get_context_data(filter_errors=self.filterset.errors)
            return self.render_to_response(context, status=400)
        self.object_list = self.filterset.qs
        return self.render_to_response(self.get_context_data())

    def active_filters(self) -> list[dict]:
        if not self.filterset.is_bound or self.filterset.errors:
            return []
        return active_filters(self.request, self.filterset)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.filterset, active_filters=self.active_filters(), **kwargs
        )


def facet_links(request, facets: dict[str, list[dict]]) -> dict[str, list[dict]]:
    for param, items in facets.items():
        current = request.GET.get(param)
        for item in items:
            item["active"] = item["value"] is not None and str(item["value"]) == current
            if item["value"] is not None:
                item["url"] = query_url(request, **{param: item["value"], "page": None})
    return facets


class ArticleListView(FilteredListView):
    filterset_class = filters.ArticleFilter
    queryset = Article.objects.with_listing_data()
    template_name = "articles/article_list.html"

    def get_context_data(self, **kwargs):
        facets = {}
        if not kwargs.get("filter_errors"):
            facets = facet_links(self.request, article_facets(self.object_list))
        return super().get_context_data(facets=facets, **kwargs)


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


def search_hit_spans(article: Article, query: str, mode: str | None) -> list[Span]:
    """The words of a search query highlighted in an article: #hit-1, #hit-2..."""
    parsed = search.parse_query(query)
    if not parsed:
        return []
    exact = mode == "exact"
    words = {w for term in parsed.terms for w in term.words}
    language = article.language if article.language in search.STEMMERS else "en"
    targets = words if exact else {search.stem(w, language) for w in words}
    return [
        Span(start, end, "hit", anchor=f"hit-{number}", css="hit")
        for number, (start, end) in enumerate(
            search.hit_spans(article.body, language, targets, exact=exact), start=1
        )
    ]


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
        spans = article_spans(article)
        query = self.request.GET.get("q", "")
        hits = search_hit_spans(article, query, self.request.GET.get("mode"))
        return super().get_context_data(
            body=body_html(article.body, spans + hits),
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
    """The source text exactly as received."""
    article = get_object_or_404(Article.objects.only("raw_text"), slug=slug)
    return HttpResponse(article.raw_text.encode("utf-8"), content_type="text/plain; charset=utf-8")


# Records --------------------------------------------------------------------------------------


class EntityListView(FilteredListView):
    template_name = "articles/entity_list.html"
    paginate_by = 50

    def get_queryset(self):
        return self.model.objects.annotate(article_count=articles_naming()).order_by("name", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(entity_kind=self.model._meta.verbose_name_plural, **kwargs)


class PersonListView(EntityListView):
    model = Person
    filterset_class = filters.PersonFilter

    def get_queryset(self):
        return super().get_queryset().prefetch_related("roles")


class OrganisationListView(EntityListView):
    model = Organisation
    filterset_class = filters.OrganisationFilter


class PlaceListView(EntityListView):
    model = Place
    filterset_class = filters.PlaceFilter


class InitiativeListView(EntityListView):
    model = Initiative
    filterset_class = filters.InitiativeFilter

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = dict(initiative_counts())
        for initiative in context["object_list"]:
            initiative.article_count = counts.get(initiative, 0)
        return context


class EventListView(FilteredListView):
    """The events as a timeline, oldest first."""

    model = Event
    filterset_class = filters.EventFilter
    template_name = "articles/event_list.html"
    paginate_by = 50

    def get_queryset(self):
        return Event.objects.select_related("place").order_by("starts_on", "name", "pk")


class EntityDetailView(DetailView):
    """A person, organisation, place, initiative or event, with what the archive says of it."""

    template_name = "articles/entity_detail.html"

    def get_context_data(self, **kwargs):
        entity = self.object
        kind = entity._meta.verbose_name
        return super().get_context_data(
            entity_kind=kind,
            articles=Article.objects.linked_to(entity).with_listing_data(),
            aliases=entity.aliases.all(),
            facts=entity.facts.public().select_related("article"),
            chart=bar_chart(
                mentions_by_year(entity),
                title=f"Mentions of {entity} per year",
                url_for=archive_year_url,
            ),
            mentioned_with=mentioned_with(entity),
            articles_url=f"{reverse('articles:article-list')}?{kind}={entity.slug}",
            edit_url=edit_url(self.request, entity),
            **kwargs,
        )


class PersonDetailView(EntityDetailView):
    queryset = Person.objects.prefetch_related(
        "roles__organisation", "roles__place", "events", "initiatives"
    )

    def get_context_data(self, **kwargs):
        quotes = self.object.quotes.public().select_related("article")
        return super().get_context_data(quotes=quotes, **kwargs)


class OrganisationDetailView(EntityDetailView):
    queryset = Organisation.objects.select_related("parent", "country").prefetch_related(
        "events", "initiatives"
    )


class PlaceDetailView(EntityDetailView):
    queryset = Place.objects.select_related("parent").prefetch_related("events", "initiatives")


class InitiativeDetailView(EntityDetailView):
    queryset = Initiative.objects.prefetch_related("people", "organisations", "places", "events")


class EventDetailView(EntityDetailView):
    queryset = Event.objects.select_related("place").prefetch_related(
        "people", "organisations", "initiatives", "articles__publisher"
    )


# Dates ----------------------------------------------------------------------------------------


def _timeline(articles, events) -> list[dict]:
    """Events and articles in one date order; undated ones last."""
    entries = [{"date": a.published_on, "kind": "article", "item": a} for a in articles]
    entries += [{"date": e.starts_on, "kind": "event", "item": e} for e in events]
    return sorted(
        entries,
        key=lambda e: (e["date"] is None, e["date"] or datetime.date.min, e["kind"], e["item"].pk),
    )


TIMELINE_ARTICLE_LIMIT = 200  # beyond this, a period lists its events and counts its articles


def _period_articles(articles, heading: str, list_url: str) -> dict:
    """Articles of a period for the timeline: listed if few, else counted with a link to the
    filtered (paginated) article list."""
    count = articles.count()
    if count <= TIMELINE_ARTICLE_LIMIT:
        return {"articles": articles.with_listing_data(), "article_count": count}
    return {
        "articles": Article.objects.none(),
        "article_count": count,
        "articles_url": list_url,
        "articles_heading": heading,
    }


class TimelineView(TemplateView):
    template_name = "articles/timeline.html"

    def get_context_data(self, **kwargs):
        period = _period_articles(
            Article.objects.all(), "All articles", reverse("articles:article-list")
        )
        years = (
            Article.objects.filter(published_on__isnull=False)
            .values_list("published_on__year")
            .annotate(count=Count("pk"))
            .order_by("published_on__year")
        )
        return super().get_context_data(
            entries=_timeline(period["articles"], Event.objects.select_related("place")),
            heading="Timeline",
            years=list(years) if "articles_url" in period else [],
            **period,
            **kwargs,
        )


class DateArchiveView(TemplateView):
    """/archive/<year>/ and /archive/<year>/<month>/: what happened and was published then."""

    template_name = "articles/timeline.html"

    def get_context_data(self, **kwargs):
        year, month = kwargs["year"], kwargs.get("month")
        if not 1 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
            raise Http404("No such date.")
        article_filter = Q(published_on__year=year)
        event_filter = Q(starts_on__year=year)
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        if month is not None:
            # A year-precision date says nothing about the month: it is not listed under one.
            article_filter &= Q(published_on__month=month) & ~Q(date_precision="year")
            event_filter &= Q(starts_on__month=month) & ~Q(date_precision="year")
            first = datetime.date(year, month, 1)
            last = (first + datetime.timedelta(days=31)).replace(day=1) - datetime.timedelta(days=1)
        articles = Article.objects.filter(article_filter)
        list_url = (
            f"{reverse('articles:article-list')}?date_after={first}&date_before={last}&sort=date"
        )
        period = _period_articles(articles, "these articles", list_url)
        entries = _timeline(
            period["articles"], Event.objects.select_related("place").filter(event_filter)
        )
        if not entries and not period["article_count"]:
            raise Http404("Nothing in the archive for this date.")
        heading = str(year) if month is None else datetime.date(year, month, 1).strftime("%B %Y")
        months = []
        if month is None:
            months = sorted(
                articles.exclude(date_precision="year")
                .values_list("published_on__month", flat=True)
                .distinct()
                .order_by()
            )
            months = sorted(
                set(months)
                | {e["date"].month for e in entries if e["item"].date_precision in ("day", "month")}
            )
        kwargs.update(
            entries=entries,
            heading=heading,
            months=[(m, datetime.date(year, m, 1).strftime("%B")) for m in months],
            **period,
        )
        return super().get_context_data(**kwargs)


# Facts ----------------------------------------------------------------------------------------


class FactListView(FilteredListView):
    filterset_class = filters.FactFilter
    template_name = "articles/fact_list.html"
    paginate_by = 50
    queryset = TradeFact.objects.public().select_related(
        "article__publisher", "speaker", "subject_organisation", "subject_place", "initiative"
    )


def fact_export(request):
    """/facts/export.csv: every fact of the filtered set, with its passage and article."""
    filterset = filters.FactFilter(request.GET, queryset=FactListView.queryset, request=request)
    return exports.list_download(request, filterset, fmt="csv")


# Search ---------------------------------------------------------------------------------------

SEARCH_SORTS = {
    "relevance": None,
    "-date": (F("published_on").desc(nulls_last=True), "pk"),
    "date": (F("published_on").asc(nulls_last=True), "pk"),
}
# The article list's filters apply to the hits; sort and page are the search's own.
SEARCH_FILTERS = tuple(name for name in filters.ArticleFilter.base_filters if name != "sort")


class SearchView(TemplateView):
    """/search/?q=: ranked, highlighted results with the article filters and facets."""

    template_name = "articles/search.html"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        ignored = []
        query = request.GET.get("q", "")
        mode = request.GET.get("mode") or "stemmed"
        if mode not in search.MODES:
            ignored.append(f"mode {mode[:40]!r} (use stemmed or exact)")
            mode = "stemmed"
        sort = request.GET.get("sort") or "relevance"
        if sort not in SEARCH_SORTS:
            ignored.append(f"sort {sort[:40]!r} (use relevance, date or -date)")
            sort = "relevance"
        data = request.GET.copy()
        for name in list(data):
            if name not in SEARCH_FILTERS:
                del data[name]
        filterset = filters.ArticleFilter(data, queryset=Article.objects.with_texts())
        context = {"query": query, "mode": mode, "sort": sort, "filter": filterset}
        if not filterset.is_valid():
            context.update(filter_errors=filterset.errors, ignored=ignored)
            return self.render_to_response(self.get_context_data(**context), status=400)
        results = search.search_articles(query, mode=mode, articles=filterset.qs)
        ignored += results.parsed.ignored
        order = SEARCH_SORTS[sort]
        articles = results.ordered_by(*order) if order else results.ranked
        if exports.format_of(request):  # every hit, in this order, streamed
            return exports.search_download(request, results, articles)
        facets = facet_links(request, article_facets(results.hits)) if results.parsed else {}
        per_year = {f["value"]: f["count"] for f in facets.get("year", []) if f["value"]}
        page, page_note = self.page_of(articles, count=len(results.ids))
        if page_note:
            ignored.append(page_note)
        context.update(
            results=results,
            page_obj=page,
            hits=self.hits(results, page.object_list) if results.parsed else [],
            facets=facets,
            active_filters=active_filters(request, filterset),
            suggestion=search.suggestion(results.parsed) if results.parsed else None,
            matching_facts=search.matching_passages(results, "facts") if results.parsed else [],
            matching_quotes=search.matching_passages(results, "quotes") if results.parsed else [],
            ignored=ignored,
            trend=trends.trend_of([(query, per_year)], mode=mode) if results.parsed else None,
        )
        return self.render_to_response(self.get_context_data(**context))

    def page_of(self, articles, *, count: int):
        paginator = Paginator(articles, self.paginate_by, orphans=3)
        paginator.count = count  # known already: no COUNT query that runs the match again
        raw = self.request.GET.get("page", "1")
        try:
            number = int(raw)
        except ValueError:
            return paginator.page(1), f"page {raw[:20]!r} (not a number)"
        if number < 1:
            return paginator.page(1), f"page {number} (pages start at 1)"
        if number > paginator.num_pages:
            last = paginator.num_pages
            return paginator.page(last), f"page {number} (there are {last}); showing the last"
        return paginator.page(number), None

    def hits(self, results, articles) -> list[dict]:
        articles = list(articles)
        notes = search.entity_notes(results, articles)
        stems = results.stems
        found = []
        for article in articles:
            targets = stems.get(article.language, stems["en"])
            headline = search.hit_spans(
                article.headline, article.language, targets, exact=results.exact
            )
            body = search.hit_spans(
                article.body, article.language, targets, exact=results.exact, limit=8
            )
            found.append(
                {
                    "article": article,
                    "headline": search.marked(article.headline, headline),
                    "snippets": search.snippets(article.body, body),
                    "notes": notes.get(article.pk, []),
                    "url": article_hits_url(article, results, bool(body)),
                }
            )
        return found


def article_hits_url(article, results, has_hits: bool) -> str:
    """The article page with the query's words highlighted, scrolled to the first."""
    query = urlencode({"q": results.query_text, "mode": results.mode})
    return f"{article.get_absolute_url()}?{query}" + ("#hit-1" if has_hits else "")


def active_filters(request, filterset) -> list[dict]:
    active = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", []) or name == "sort":
            continue
        field = filterset.form.fields[name]
        shown = value
        if hasattr(field, "choices") and not hasattr(value, "pk"):
            shown = dict(field.choices).get(value, value)
        active.append(
            {
                "label": field.label or name,
                "value": shown,
                "remove_url": query_url(request, **{name: None, "page": None}),
            }
        )
    return active
