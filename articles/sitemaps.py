"""sitemap.xml (django.contrib.sitemaps): the articles, every record page and the list pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article, Event, Initiative, Organisation, Person, Place


class ArticleSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.8

    def items(self):
        return Article.objects.only("slug", "imported_at").order_by("pk")

    def lastmod(self, article):
        return article.imported_at


class RecordSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.only("slug").order_by("pk")


class PageSitemap(Sitemap):
    """The list pages and the home page."""

    changefreq = "weekly"
    priority = 0.6
    pages = (
        "home",
        "article-list",
        "person-list",
        "organisation-list",
        "place-list",
        "initiative-list",
        "event-list",
        "timeline",
        "fact-list",
    )

    def items(self):
        return self.pages

    def location(self, name):
        return reverse(f"articles:{name}")


SITEMAPS = {
    "pages": PageSitemap(),
    "articles": ArticleSitemap(),
    **{
        model._meta.model_name: RecordSitemap(model)
        for model in (Person, Organisation, Place, Initiative, Event)
    },
}
