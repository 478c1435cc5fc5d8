"""Thin views, one module per page family; urls.py reaches them all from here."""

from articles.views.articles import ArticleDetailView, ArticleListView, HomeView, article_raw
from articles.views.cite import (
    article_cite,
    article_cite_file,
    fact_cite_file,
    fact_permalink,
    quote_cite_file,
    quote_permalink,
    robots_txt,
)
from articles.views.corpus import ConcordanceView, TrendsView
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
    "ConcordanceView",
    "DateArchiveView",
    "TrendsView",
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
    "article_cite",
    "article_cite_file",
    "article_raw",
    "fact_cite_file",
    "fact_export",
    "fact_permalink",
    "quote_cite_file",
    "quote_permalink",
    "robots_txt",
]
