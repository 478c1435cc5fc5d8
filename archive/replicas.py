"""The middleware that picks each request's read database, pins reads after a write, fails over.

With no replica configured (`DATABASE_REPLICA_URLS` unset) it does nothing. Otherwise:

- a request with a session cookie (a logged-in editor), and every request that is not GET,
  HEAD or OPTIONS, reads from the primary;
- an anonymous reader reads from a replica that answers and lags at most
  REPLICA_MAX_LAG_SECONDS (archive.health checks it, cached REPLICA_HEALTH_SECONDS per
  process), else from the primary;
- after a request that wrote, the response sets the `read_after` cookie to the primary's WAL
  insert position (`pg_current_wal_insert_lsn()`: past the write's commit record even when
  commits are asynchronous), for REPLICA_PIN_SECONDS at most: the browser's next
  requests read from a replica only once it has replayed past it
  (`pg_last_wal_replay_lsn()`), so an editor who logs out sees their change;
- when a GET fails because its database does not answer, that database is taken out of
  rotation and the view runs again on the next one (another replica, the primary, or — for
  an editor while the primary is down — a replica). A write is never retried.
"""

import random
import re

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from archive import health
from archive.routers import Routing, route_raw_connection, routing

PIN_COOKIE = "read_after"
LSN = re.compile(r"[0-9A-F]{1,8}/[0-9A-F]{1,8}")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def healthy_replicas(excluded=()) -> list[str]:
    """The replicas in rotation, in a random order (spreading the readers), minus `excluded`."""
    aliases = [alias for alias in health.replica_aliases() if alias not in excluded]
    random.shuffle(aliases)
    return [alias for alias in aliases if health.check(alias).ok]


def read_alias(request) -> str:
    """Where this request's reads go when it starts."""
    if request.method not in SAFE_METHODS or request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return DEFAULT_DB_ALIAS
    pin = request.COOKIES.get(PIN_COOKIE, "")
    for alias in healthy_replicas():
        if not pin or (LSN.fullmatch(pin) and health.replayed(alias, pin)):
            return alias
    return DEFAULT_DB_ALIAS


def fallbacks(request, current: Routing) -> list[str]:
    """Where a failed GET may read next: the other replicas, then the primary (for an editor:
    the primary first, then the replicas)."""
    replicas = healthy_replicas(excluded=current.tried)
    primary = [] if DEFAULT_DB_ALIAS in current.tried else [DEFAULT_DB_ALIAS]
    if request.COOKIES.get(settings.SESSION_COOKIE_NAME) or request.COOKIES.get(PIN_COOKIE):
        return primary + replicas
    return replicas + primary


def _routed(current: Routing, chunks):
    """A streaming response's chunks, produced with its request's routing."""
    iterator = iter(chunks)
    while True:
        token = routing.set(current)
        try:
            chunk = next(iterator)
        except StopIteration:
            return
        finally:
            routing.reset(token)
        yield chunk


class ReplicaMiddleware:
    """Placed after archive.views.DatabaseUnavailableMiddleware, so that its process_exception
    runs first: a read it can serve elsewhere never reaches the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response
        if health.replica_aliases():
            route_raw_connection()

    def __call__(self, request):
        if not health.replica_aliases():
            return self.get_response(request)
        current = Routing(read=read_alias(request))
        token = routing.set(current)
        try:
            response = self.get_response(request)
        finally:
            routing.reset(token)
        if response.streaming:
            response.streaming_content = _routed(current, response.streaming_content)
        if current.wrote or request.method not in SAFE_METHODS:
            lsn = health.primary_lsn()
            if lsn:
                response.set_cookie(
                    PIN_COOKIE,
                    lsn,
                    max_age=settings.REPLICA_PIN_SECONDS,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
        elif request.COOKIES.get(PIN_COOKIE) and current.read != DEFAULT_DB_ALIAS:
            response.delete_cookie(PIN_COOKIE, samesite="Lax")  # the replica has caught up
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        current = routing.get()
        if current is not None:
            current.view = (view_func, view_args, view_kwargs)

    def process_exception(self, request, exception):
        current = routing.get()
        if (
            current is None
            or current.view is None
            or request.method not in SAFE_METHODS
            or not isinstance(exception, health.DATABASE_UNAVAILABLE)
        ):
            return None
        view, args, kwargs = current.view
        while True:
            failed = current.read
            current.tried.add(failed)
            # The read database failed, or the primary did (raw SQL, a write in a GET): check
            # both now, so that the one that is down leaves the rotation for every request.
            for alias in {failed, DEFAULT_DB_ALIAS}:
                health.close_quietly(alias)
                checked = health.check(alias, fresh=True)
                if not checked.ok and alias == DEFAULT_DB_ALIAS:
                    current.tried.add(alias)
            following = fallbacks(request, current)
            if not following:
                return None  # nowhere left to read: the 503 page
            current.read = following[0]
            try:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
                return response
            except health.DATABASE_UNAVAILABLE:
                continue
