"""The archive's version: changed by every write to its tables, read once per request."""

import contextvars
import random
import re

from django.db import Error, connections, router
from django.db.backends.signals import connection_created
from django.dispatch import receiver

TABLE = "articles_archiveversion"
# A write to a table of the archive: INSERT INTO / UPDATE / DELETE FROM "articles_…".
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(articles_\w+)', re.I)
UNREAD = object()  # this request (or none) has not read the version yet
_request_version: contextvars.ContextVar = contextvars.ContextVar("archive_version", default=UNREAD)


def _is_archive_write(sql: str) -> bool:
    found = WRITE.match(sql)
    return (
        bool(found)
        and found.group(1) != TABLE
        and not found.group(1).startswith("articles_historical")
    )


def _bump(connection, cursor) -> None:
    if not getattr(connection, "archive_versioned", False):  # not before migration 0015
        connection.archive_versioned = TABLE in connection.introspection.table_names()
        if not connection.archive_versioned:
            return
    cursor.execute(  # an upsert: a flush (TRUNCATE) may have emptied the table
        f"INSERT INTO {TABLE} (id, version) VALUES (1, %s) "
        "ON CONFLICT (id) DO UPDATE SET version = excluded.version",
        [random.getrandbits(62)],
    )
    _request_version.set(UNREAD)  # the rest of this request reads the new one


def version_on_write(execute, sql, params, many, context):
    """An execute wrapper: before each write to the archive's tables, a new version, in the
    same transaction (taken first, so that writers queue on it rather than deadlock; a
    reader sees the new number exactly when it sees the data)."""
    if isinstance(sql, str) and _is_archive_write(sql):
        _bump(context["connection"], context["cursor"])
    return execute(sql, params, many, context)


@receiver(connection_created, dispatch_uid="archive-version-on-write")
def _install(sender, connection, **kwargs):
    if version_on_write not in connection.execute_wrappers:
        connection.execute_wrappers.append(version_on_write)


def read_version(using: str | None = None) -> int | None:
    """The version now in the database the request reads from (a replica for a reader, see
    archive.routers); None when it has none (its row flushed away, or before migration
    0015): then nothing may be cached."""
    alias = using or router.db_for_read(None)
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT version FROM {TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


def current_version() -> int | None:
    """The version this request saw when it began (one statement per request); outside a
    request, the version now."""
    seen = _request_version.get()
    return read_version() if seen is UNREAD else seen


class VersionMiddleware:
    """Reads the archive's version once, at the start of each request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            version = read_version()
        except Error:  # its database is down: the view runs on another, or answers 503
            version = None
        token = _request_version.set(version)
        try:
            return self.get_response(request)
        finally:
            _request_version.reset(token)
