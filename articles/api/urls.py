"""/api/v1/: the routers' list and detail URLs, the OpenAPI schema and its documentation."""

from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from articles.api import views

app_name = "api"

router = DefaultRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("people", views.PersonViewSet, basename="person")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("places", views.PlaceViewSet, basename="place")
router.register("initiatives", views.InitiativeViewSet, basename="initiative")
router.register("events", views.EventViewSet, basename="event")
router.register("facts", views.TradeFactViewSet, basename="fact")
router.register("quotes", views.QuoteViewSet, basename="quote")

# Swagger UI and Redoc come from drf-spectacular-sidecar's static files; their stylesheets
# draw icons from data: URLs, and Redoc runs its renderer in a blob: worker.
docs_policy = csp_update({"img-src": ["data:"], "worker-src": ["blob:"]})

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        docs_policy(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema", template_name="articles/api_docs.html"
            )
        ),
        name="docs",
    ),
    path("redoc/", docs_policy(SpectacularRedocView.as_view(url_name="api:schema")), name="redoc"),
    path("", include(router.urls)),
    re_path(r"^(?P<path>.*)$", views.not_found),
]
