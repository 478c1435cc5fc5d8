"""The engine behind the search: PostgreSQL (tsvector, GIN) or SQLite (FTS5), by connection."""

from django.db import connection

from articles.search.backends.base import SearchBackend, Tier


def backend() -> SearchBackend:
    """The backend of the database in use."""
    from articles.search.backends import postgres, sqlite

    if connection.vendor == "postgresql":
        return postgres.PostgresBackend()
    return sqlite.SqliteBackend()


__all__ = ["SearchBackend", "Tier", "backend"]
