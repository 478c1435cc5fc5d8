"""The database router: a request's reads go where archive.replicas decided, writes to the primary.

`archive.replicas.ReplicaMiddleware` decides, once per request, which database its reads go
to (a replica for an anonymous reader, the primary otherwise) and records it in `routing`;
outside a request (management commands, the shell) there is no decision and everything goes
to the primary. Writes always go to the primary, and so do reads inside a transaction on the
primary (they must see its uncommitted writes, and `SET LOCAL` applies there only).
Migrations run on the primary only: a standby receives the schema by replication.

Raw SQL through `django.db.connection` (articles/search.py and articles/querysets.py read
that way) follows the same rule once `route_raw_connection()` has run: it is the request's
read database unless a transaction is open on the primary.
"""

from contextvars import ContextVar
from dataclasses import dataclass, field

import django.db
from django.db import DEFAULT_DB_ALIAS, connections


@dataclass
class Routing:
    """Where one request reads, where it already failed to, and whether it wrote."""

    read: str = DEFAULT_DB_ALIAS
    tried: set[str] = field(default_factory=set)
    wrote: bool = False
    view: tuple | None = None  # (view, args, kwargs), to run it again on another database


routing: ContextVar[Routing | None] = ContextVar("archive_db_routing", default=None)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return _read_alias(DEFAULT_DB_ALIAS)

    def db_for_write(self, model, **hints):
        current = routing.get()
        if current is not None:
            current.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every database holds the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def _read_alias(alias: str) -> str:
    current = routing.get()
    if alias != DEFAULT_DB_ALIAS or current is None:
        return alias
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return current.read


class _RoutedConnections:
    """What `django.db.connection` looks its database up in: the request's read database for
    the default one (see the module's docstring), any other alias as asked."""

    def __init__(self, handler):
        self.handler = handler

    def __getitem__(self, alias):
        return self.handler[_read_alias(alias)]

    def __getattr__(self, name):
        return getattr(self.handler, name)


def route_raw_connection() -> None:
    """Make raw SQL on `django.db.connection` follow the request's routing (idempotent)."""
    proxy = django.db.connection
    if not isinstance(proxy.__dict__["_connections"], _RoutedConnections):
        # ConnectionProxy forwards attribute writes to the connection: set its own directly.
        proxy.__dict__["_connections"] = _RoutedConnections(connections)
