"""The health check, and a 503 page instead of a 500 when the database is down."""

import logging

from django.db import DEFAULT_DB_ALIAS
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

from archive import health
from archive.health import DATABASE_UNAVAILABLE

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@never_cache
def healthz(request):
    """Each database's status, role and replay lag. 200 while one of them answers (with the
    primary down, readers are still served by the replicas; `status` says "degraded"), 503
    when none does."""
    aliases = [DEFAULT_DB_ALIAS, *health.replica_aliases()]
    checks = [health.check(alias, fresh=True) for alias in aliases]
    primary = checks[0]
    if not primary.ok:
        logger.error("Health check: the primary database does not answer: %s", primary.error)
    report = {
        "status": "ok" if all(c.ok for c in checks) else "degraded",
        "database": "ok" if primary.ok else "unavailable",
        "databases": {c.alias: c.as_json() for c in checks},
    }
    if not any(c.ok for c in checks):
        return JsonResponse({**report, "status": "unavailable"}, status=503)
    return JsonResponse(report)


class DatabaseUnavailableMiddleware:
    """Answer 503 with templates/503.html when a view fails because the database is down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        logger.error("Database unavailable: %s %s", request.method, request.path, exc_info=True)
        # Rendered without the request: its context processors could query the database. A
        # form sent while the primary is down gets the page saying its change was not saved.
        template = "503.html" if request.method in SAFE_METHODS else "503_saving.html"
        response = HttpResponse(render_to_string(template), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
