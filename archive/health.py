"""Whether each database answers, its role and replay lag; checked briefly, cached per process."""

import contextlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, Error, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

# What the driver raises when the database does not answer (down, restarting, unreachable).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)

# A standby's lag: 0 when it has replayed all it received, or when its replay is running and
# what it has not replayed is under 16 kB (an idle primary's last flush may end mid-record,
# which waits for the next record: the time since the last replayed transaction would grow
# without the standby falling behind); else (replay paused, or a real backlog) the age of the
# last transaction it replayed.
POSTGRES_STATE = """
SELECT pg_is_in_recovery(),
       CASE WHEN NOT pg_is_in_recovery()
              OR pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
            WHEN pg_get_wal_replay_pause_state() = 'not paused'
              AND pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) < 16384
              THEN 0
            ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
       END
"""


@dataclass(frozen=True)
class Health:
    alias: str
    ok: bool
    role: str  # "primary", "standby", or "unknown" when it does not answer
    lag_seconds: float | None = None
    error: str = ""
    checked_at: float = 0.0

    def as_json(self) -> dict:
        report = {"status": "ok" if self.ok else "unavailable", "role": self.role}
        if self.lag_seconds is not None:
            report["lag_seconds"] = round(self.lag_seconds, 3)
        if self.error:
            report["error"] = self.error
        return report


_checked: dict[str, Health] = {}


def replica_aliases() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", []))


def close_quietly(alias: str) -> None:
    """Drop a connection that failed, so that the next use opens a new one."""
    with contextlib.suppress(Error):
        connections[alias].close()


def check(alias: str, *, fresh: bool = False) -> Health:
    """The database's health, at most REPLICA_HEALTH_SECONDS old unless `fresh`."""
    known = _checked.get(alias)
    now = time.monotonic()
    if known and not fresh and now - known.checked_at < settings.REPLICA_HEALTH_SECONDS:
        return known
    health = _probe(alias, now)
    if known and known.ok != health.ok:
        logger.warning("Database %s is now %s %s", alias, health.as_json()["status"], health.error)
    _checked[alias] = health
    return health


def mark_down(alias: str, error: str) -> None:
    """Take a database out of rotation until its next check, after a query on it failed."""
    _checked[alias] = Health(alias, False, "unknown", error=error, checked_at=time.monotonic())
    close_quietly(alias)


def forget() -> None:
    """Forget every check (tests, and after the databases are reconfigured)."""
    _checked.clear()


def _probe(alias: str, now: float) -> Health:
    standby = alias != DEFAULT_DB_ALIAS
    try:
        connection = connections[alias]
        with connection.cursor() as cursor:
            if connection.vendor != "postgresql":
                cursor.execute("SELECT 1")
                return Health(alias, True, "primary", checked_at=now)
            cursor.execute(POSTGRES_STATE)
            in_recovery, lag = cursor.fetchone()
    except DATABASE_UNAVAILABLE as error:
        close_quietly(alias)
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return Health(alias, False, "unknown", error=message, checked_at=now)
    role, lag = ("standby", float(lag)) if in_recovery else ("primary", None)
    if not standby and in_recovery:
        return Health(alias, False, role, lag, error="in recovery: read-only", checked_at=now)
    if standby and not in_recovery:
        # Promoted, or pointed at the primary by mistake: no longer follows the primary.
        return Health(alias, False, role, error="not a standby", checked_at=now)
    if lag is not None and lag > settings.REPLICA_MAX_LAG_SECONDS:
        error = f"replay lag {lag:.1f} s > {settings.REPLICA_MAX_LAG_SECONDS} s"
        return Health(alias, False, role, lag, error=error, checked_at=now)
    return Health(alias, True, role, lag, checked_at=now)


def replayed(alias: str, lsn: str) -> bool:
    """Whether the standby has replayed the primary's WAL up to `lsn` (a write's position)."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            return bool(cursor.fetchone()[0])
    except DATABASE_UNAVAILABLE as error:
        mark_down(alias, str(error).strip().splitlines()[0] if str(error).strip() else "")
        return False


def primary_lsn() -> str | None:
    """The primary's current WAL insert position, or None when it cannot be read."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
            return cursor.fetchone()[0]
    except Error:
        return None
