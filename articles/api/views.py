"""Read-only API views: the pages' FilterSets and search, as JSON, with ETags."""

from django.utils.cache import get_conditional_response, set_response_etag
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound, ValidationError

from articles import filters
from articles.api import serializers
from articles.api.schema import filter_parameters
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
from articles.search import search_articles

SEARCH_MODES = ("stemmed", "exact")


class ConditionalGetMixin:
    """An ETag on every successful read, from the response's content; a request that sends
    it back in If-None-Match gets 304 Not Modified with no body."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        set_response_etag(response)
        return get_conditional_response(request, etag=response["ETag"], response=response)


class ReadOnlyViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[^/]+"  # any key reaches the view, which answers a JSON 404

    def filter_queryset(self, queryset):
        if self.action == "retrieve":  # a record is found by its key alone
            return queryset
        return super().filter_queryset(queryset)


def documented(model_name: str, filterset_class, parameters=()):
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {model_name}",
            parameters=[*filter_parameters(filterset_class), *parameters],
        ),
        retrieve=extend_schema(summary=f"One of the {model_name}"),
    )


@documented(
    "articles",
    filters.ArticleFilter,
    [
        OpenApiParameter(
            "q",
            OpenApiTypes.STR,
            description="A search, as on /search/: the same engine and ranking (best first, "
            "unless `sort` is given). Blank: every article.",
        ),
        OpenApiParameter("mode", OpenApiTypes.STR, enum=SEARCH_MODES, description="Search mode."),
    ],
)
class ArticleViewSet(ReadOnlyViewSet):
    lookup_field = "slug"
    filterset_class = filters.ArticleFilter

    def get_queryset(self):
        if self.action == "retrieve":
            return Article.objects.for_detail()
        return Article.objects.with_listing_data()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ArticleDetailSerializer
        return serializers.ArticleSerializer

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        query = self.request.query_params.get("q", "")
        if self.action != "list" or not query.strip():
            return queryset
        mode = self.request.query_params.get("mode") or "stemmed"
        if mode not in SEARCH_MODES:
            raise ValidationError({"mode": "Use stemmed or exact."})
        results = search_articles(query, mode=mode, articles=queryset)
        sort = self.request.query_params.get("sort")
        if sort:  # validated by the FilterSet
            order = filters.ArticleFilter.base_filters["sort"].orderings[sort][1]
            return results.ordered_by(*order, "pk")
        return results.ranked


@documented("people", filters.PersonFilter)
class PersonViewSet(ReadOnlyViewSet):
    lookup_field = "slug"
    queryset = Person.objects.prefetch_related(
        "aliases", "roles__organisation", "roles__place"
    ).order_by("name", "pk")
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter


@documented("organisations", filters.OrganisationFilter)
class OrganisationViewSet(ReadOnlyViewSet):
    lookup_field = "slug"
    queryset = (
        Organisation.objects.select_related("parent", "country")
        .prefetch_related("aliases")
        .order_by("name", "pk")
    )
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter


@documented("places", filters.PlaceFilter)
class PlaceViewSet(ReadOnlyViewSet):
    lookup_field = "slug"
    queryset = (
        Place.objects.select_related("parent").prefetch_related("aliases").order_by("name", "pk")
    )
    serializer_class = serializers.PlaceSerializer
    filterset_class = filters.PlaceFilter


@documented("initiatives", filters.InitiativeFilter)
class InitiativeViewSet(ReadOnlyViewSet):
    lookup_field = "slug"
    queryset = Initiative.objects.prefetch_related("aliases").order_by("name", "pk")
    serializer_class = serializers.InitiativeSerializer
    filterset_class = filters.InitiativeFilter


@documented("events", filters.EventFilter)
class EventViewSet(ReadOnlyViewSet):
    lookup_field = "slug"
    queryset = (
        Event.objects.select_related("place")
        .prefetch_related("aliases")
        .order_by("starts_on", "name", "pk")
    )
    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilter


PASSAGE_RECORDS = ("speaker", "subject_organisation", "subject_place", "initiative", "event")


@documented("trade facts (approved, with their passage in the text)", filters.FactFilter)
class TradeFactViewSet(ReadOnlyViewSet):
    queryset = TradeFact.objects.public().select_related("article", *PASSAGE_RECORDS)
    serializer_class = serializers.TradeFactSerializer
    filterset_class = filters.FactFilter


@documented("quotes (with their passage in the text)", filters.QuoteFilter)
class QuoteViewSet(ReadOnlyViewSet):
    queryset = (
        Quote.objects.public()
        .select_related("article", "person")
        .order_by("-article__published_on", "article_id", "start", "pk")
    )
    serializer_class = serializers.QuoteSerializer
    filterset_class = filters.QuoteFilter


@extend_schema(exclude=True)
@api_view(["GET", "HEAD"])
def not_found(request, path):
    """Any other path under /api/v1/: a JSON 404, as the API's other errors."""
    raise NotFound(f"No API path {path[:80]!r}; the schema is at /api/v1/schema/.")
