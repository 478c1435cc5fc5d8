"""The public pages' URLs, named in kebab case under the articles namespace."""

from django.urls import path

from articles import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/", views.ArticleListView.as_view(), name="article-list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("articles/<slug:slug>/raw/", views.article_raw, name="article-raw"),
    path("articles/<slug:slug>/cite/", views.article_cite, name="article-cite"),
    path(
        "articles/<slug:slug>/cite.<slug:fmt>",
        views.article_cite_file,
        name="article-cite-file",
    ),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
    path("places/", views.PlaceListView.as_view(), name="place-list"),
    path("places/<slug:slug>/", views.PlaceDetailView.as_view(), name="place-detail"),
    path("initiatives/", views.InitiativeListView.as_view(), name="initiative-list"),
    path(
        "initiatives/<slug:slug>/", views.InitiativeDetailView.as_view(), name="initiative-detail"
    ),
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    path("archive/<int:year>/", views.DateArchiveView.as_view(), name="archive-year"),
    path("archive/<int:year>/<int:month>/", views.DateArchiveView.as_view(), name="archive-month"),
    path("facts/", views.FactListView.as_view(), name="fact-list"),
    path("facts/export.csv", views.fact_export, name="fact-export"),
    path("facts/<int:pk>/", views.fact_permalink, name="fact-permalink"),
    path("facts/<int:pk>/cite.<slug:fmt>", views.fact_cite_file, name="fact-cite-file"),
    path("quotes/<int:pk>/", views.quote_permalink, name="quote-permalink"),
    path("quotes/<int:pk>/cite.<slug:fmt>", views.quote_cite_file, name="quote-cite-file"),
    path("quotes/", views.QuoteListView.as_view(), name="quote-list"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/articles/", feeds.LatestArticlesFeed(), name="feed-articles"),
    path("feeds/people/<slug:slug>/", feeds.PersonFeed(), name="feed-person"),
    path("feeds/organisations/<slug:slug>/", feeds.OrganisationFeed(), name="feed-organisation"),
    path("feeds/places/<slug:slug>/", feeds.PlaceFeed(), name="feed-place"),
    path("feeds/initiatives/<slug:slug>/", feeds.InitiativeFeed(), name="feed-initiative"),
    path("feeds/events/<slug:slug>/", feeds.EventFeed(), name="feed-event"),
    path("feeds/search/", feeds.SearchFeed(), name="feed-search"),
    path("concordance/", views.ConcordanceView.as_view(), name="concordance"),
    path("trends/", views.TrendsView.as_view(), name="trends"),
]
