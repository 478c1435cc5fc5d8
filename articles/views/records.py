"""The lists and pages of people, organisations, places, initiatives and events."""

from django.urls import reverse
from django.views.generic import DetailView

from articles import credits, filters, selectors
from articles.charts import bar_chart
from articles.models import Event, Initiative, Organisation, Person, Place
from articles.querysets import articles_naming
from articles.quotes import mark_reporters
from articles.views.base import FilteredListView, edit_url


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

    def get_queryset(self):
        return super().get_queryset().prefetch_related("roles__person")


class PlaceListView(EntityListView):
    model = Place
    filterset_class = filters.PlaceFilter


class InitiativeListView(EntityListView):
    model = Initiative
    filterset_class = filters.InitiativeFilter

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = dict(selectors.initiative_counts())
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
        articles_url = f"{reverse('articles:article-list')}?{kind}={entity.slug}"
        return super().get_context_data(
            entity_kind=kind,
            **selectors.newest_linked(entity),
            aliases=entity.aliases.all(),
            facts=entity.facts.public().select_related("article"),
            chart=bar_chart(
                selectors.record_articles_per_year(entity),
                title=f"Articles naming {entity}, per year",
                y_label="Articles",
                url_for=lambda year: f"{articles_url}&year={year}",
            ),
            mentioned_with=selectors.mentioned_with(entity),
            credited=(
                credits.articles_credited(entity) if kind in ("person", "organisation") else []
            ),
            published=credits.articles_published(entity) if kind == "organisation" else [],
            articles_url=articles_url,
            edit_url=edit_url(self.request, entity),
            **kwargs,
        )


class PersonDetailView(EntityDetailView):
    queryset = Person.objects.prefetch_related(
        "roles__organisation", "roles__place", "events", "initiatives"
    )

    def get_context_data(self, **kwargs):
        quotes = mark_reporters(self.object.quotes.public().select_related("article"))
        return super().get_context_data(quotes=quotes, **kwargs)


class OrganisationDetailView(EntityDetailView):
    queryset = Organisation.objects.select_related("parent", "country").prefetch_related(
        "events", "initiatives", "roles__person"
    )


class PlaceDetailView(EntityDetailView):
    queryset = Place.objects.select_related("parent").prefetch_related("events", "initiatives")


class InitiativeDetailView(EntityDetailView):
    queryset = Initiative.objects.prefetch_related("people", "organisations", "places", "events")


class EventDetailView(EntityDetailView):
    queryset = Event.objects.select_related("place").prefetch_related(
        "people", "organisations", "initiatives", "articles__publisher"
    )
