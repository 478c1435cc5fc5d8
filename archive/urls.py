from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from archive import views
from articles.sitemaps import SITEMAPS
from articles.views import robots_txt

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("api/v1/", include("articles.api.urls")),
    path("", include("articles.urls")),
]
