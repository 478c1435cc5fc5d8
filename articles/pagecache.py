"""A page cache for anonymous readers, keyed by the archive's version: any write empties it."""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse

from articles.versioning import current_version

KEPT_HEADERS = ("Content-Type", "Content-Disposition")
PREFIXES = ("/admin", "/accounts", "/healthz", "/static")  # never cached


def cache_key(request) -> str:
    """The page's key: its database, the archive's version and the full path with query."""
    path = request.get_full_path().encode("utf-8", "surrogateescape")
    digest = hashlib.sha256(path).hexdigest()
    return f"page:{connection.settings_dict['NAME']}:{current_version()}:{digest}"


def cacheable(request) -> bool:
    return (
        getattr(settings, "ARCHIVE_PAGE_CACHE", True)
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(PREFIXES)
        and not request.user.is_authenticated  # editors see their own changes, links, drafts
    )


class PageCacheMiddleware:
    """Serves a page an anonymous reader asked for before at the same archive version; caches
    answers 200 that set no cookie and are not streamed. `X-Archive-Cache` says hit or miss."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable(request):
            return self.get_response(request)
        store = caches[getattr(settings, "ARCHIVE_PAGE_CACHE_ALIAS", "default")]
        if current_version() is None:
            return self.get_response(request)
        key = cache_key(request)
        kept = store.get(key)
        if kept is not None:
            content, headers = kept
            response = HttpResponse(content, headers=headers)
            response["X-Archive-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            headers = {h: response[h] for h in KEPT_HEADERS if h in response}
            store.set(key, (response.content, headers), settings.ARCHIVE_PAGE_CACHE_SECONDS)
            response["X-Archive-Cache"] = "miss"
        return response
