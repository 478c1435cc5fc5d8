"""Atom feeds (django.contrib.syndication): the newest articles, each record's articles and
any search, each holding the entries at the top of the page it follows, in its order."""

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles import filters
from articles.citations import ARCHIVE_NAME
from articles.models import Article, Event, Initiative, Organisation, Person, Place
from articles.search import search_articles
from articles.templatetags.archive_tags import date_parts
from articles.views import ArticleListView
from articles.views.search import SEARCH_FILTERS

FEED_LENGTH = 20  # a record page lists all its articles: its feed holds the newest 20


def first_page(articles):
    """The articles the article list shows on its first page."""
    view = ArticleListView
    paginator = Paginator(articles, view.paginate_by, orphans=view.paginate_orphans)
    return paginator.page(1).object_list


class BadFeedQuery(Exception):
    """A parameter the page would reject or ignore: the feed answers 400 naming it."""


@dataclass
class FeedSource:
    title: str
    link: str  # the page this feed follows
    feed_url: str
    articles: list


def _errors(form_errors) -> str:
    return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in form_errors.items())


class ArticleFeed(Feed):
    """What the entries of every feed here are: articles."""

    feed_type = Atom1Feed
    author_name = ARCHIVE_NAME

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except BadFeedQuery as error:
            return HttpResponse(
                f"Bad feed parameters: {error}\n",
                status=400,
                content_type="text/plain; charset=utf-8",
            )

    def title(self, source: FeedSource) -> str:
        return f"{source.title} · {ARCHIVE_NAME}"

    def link(self, source: FeedSource) -> str:
        return source.link

    def feed_url(self, source: FeedSource) -> str:
        return source.feed_url

    def subtitle(self, source: FeedSource) -> str:
        return f"The first articles of {source.link}, in the page's order."

    def items(self, source: FeedSource) -> list:
        return source.articles

    def item_title(self, article: Article) -> str:
        return article.headline

    def item_link(self, article: Article) -> str:
        return article.get_absolute_url()

    def item_description(self, article: Article) -> str:
        date = date_parts(article.published_on, article.date_precision)[1]
        return f"{article.publisher.name} · {date} · {article.get_language_display()}"

    def item_author_name(self, article: Article) -> str:
        return article.publisher.name

    def item_pubdate(self, article: Article):
        """Only a day-precision date: Atom has no way to say “September 2017”."""
        if article.published_on is None or article.date_precision != "day":
            return None
        return datetime.datetime.combine(article.published_on, datetime.time(), datetime.UTC)

    def item_updateddate(self, article: Article):
        return article.imported_at


def _page_url(name: str, request, *args) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    url = reverse(name, args=args)
    return f"{url}?{query.urlencode()}" if query else url


class LatestArticlesFeed(ArticleFeed):
    """/feeds/articles/: the article list (newest first), with the list's filters."""

    def get_object(self, request):
        filterset = filters.ArticleFilter(
            request.GET, queryset=Article.objects.with_listing_data(), request=request
        )
        if not filterset.is_valid():
            raise BadFeedQuery(_errors(filterset.errors))
        return FeedSource(
            "Articles",
            _page_url("articles:article-list", request),
            request.get_full_path(),
            list(first_page(filterset.qs)),
        )


class RecordFeed(ArticleFeed):
    """/feeds/<records>/<slug>/: the articles of a record's page, in its order."""

    model = None

    def get_object(self, request, slug):
        record = get_object_or_404(self.model, slug=slug)
        articles = Article.objects.linked_to(record).with_listing_data()[:FEED_LENGTH]
        return FeedSource(
            f"Articles linked to {record.name}",
            record.get_absolute_url(),
            request.path,
            list(articles),
        )


class PersonFeed(RecordFeed):
    model = Person


class OrganisationFeed(RecordFeed):
    model = Organisation


class PlaceFeed(RecordFeed):
    model = Place


class InitiativeFeed(RecordFeed):
    model = Initiative


class EventFeed(RecordFeed):
    model = Event


class SearchFeed(ArticleFeed):
    """/feeds/search/?q=: the first page of the search page's results, same filters and order."""

    def get_object(self, request):
        data = request.GET.copy()
        for name in list(data):
            if name not in SEARCH_FILTERS:
                del data[name]
        filterset = filters.ArticleFilter(data, queryset=Article.objects.with_listing_data())
        if not filterset.is_valid():
            raise BadFeedQuery(_errors(filterset.errors))
        results = search_articles(
            request.GET.get("q", ""),
            mode=request.GET.get("mode"),
            sort=request.GET.get("sort"),
            articles=filterset.qs,
        )
        if results.notes:  # the page would show what it ignored; a feed cannot
            raise BadFeedQuery("the search page would ignore " + "; ".join(results.notes))
        if not results.parsed:
            raise BadFeedQuery("q: nothing to search for.")
        return FeedSource(
            f"Search: {results.parsed.explain()}",
            _page_url("articles:search", request),
            request.get_full_path(),
            list(results.page_obj.object_list),
        )
