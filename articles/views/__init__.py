"""Thin views, one module per page family; urls.py reaches them all from here."""

from articles.views.articles import ArticleDetailView, ArticleListView, HomeView, article_raw
from articles.views.dates import DateArchiveView, TimelineView
from articles.views.facts import FactListView, fact_export
from articles.views.quotes import QuoteListView
from articles.views.records import (
    EventDetailView,
    EventListView,
    InitiativeDetailView,
    InitiativeListView,
    OrganisationDetailView,
    OrganisationListView,
    PersonDetailView,
    PersonListView,
    PlaceDetailView,
    PlaceListView,
)
from articles.views.search import SearchView

__all__ = [
    "ArticleDetailView",
    "ArticleListView",
    "DateArchiveView",
    "EventDetailView",
    "EventListView",
    "FactListView",
    "HomeView",
    "InitiativeDetailView",
    "InitiativeListView",
    "OrganisationDetailView",
    "OrganisationListView",
    "PersonDetailView",
    "PersonListView",
    "PlaceDetailView",
    "PlaceListView",
    "QuoteListView",
    "SearchView",
    "TimelineView",
    "article_raw",
    "fact_export",
]
