"""Read replicas: real PostgreSQL hot standbys behind pgbouncer, made for this module.

A primary on 5451, standbys on 5452 and 5453 (`pg_basebackup -R`, replication slots) and a
pgbouncer in transaction mode on 6451, under a temporary directory, removed at the end;
they never collide with `make replicas` (5441-5443, 6441) or the other clusters. For this
module only, Django's `default` database is the archive on that primary, and `replica1`,
`replica2` the same database on the standbys, all through pgbouncer. The data is committed
(a standby replays only committed transactions), so these tests do not use the `db`
fixture: the module loads the five texts once, and its tests run in file order.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from django.db import DEFAULT_DB_ALIAS, DatabaseError, Error, connections
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive import health
from archive.replicas import PIN_COOKIE
from archive.settings import replica_database

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ops.replicas import Replicas, psql  # noqa: E402

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(
        connections["default"].vendor != "postgresql", reason="replicas are PostgreSQL's"
    ),
]

DATABASE = "archive_replicas_test"
PRIMARY, STANDBYS, PGBOUNCER = 5451, (5452, 5453), 6451
REPLICAS = ["replica1", "replica2"]
ALIASES = [DEFAULT_DB_ALIAS, *REPLICAS]
# Public pages that read through the ORM only (others also run raw SQL on `connection`,
# which is the primary's).
PUBLIC_PAGES = [
    "/",
    "/articles/",
    "/articles/?year=2016&language=en",
    "/people/jack-ma/",
    "/places/fredericton/",
    "/timeline/",
    "/archive/2016/",
    "/facts/",
    "/facts/export.csv",
]


def missing_tools() -> str:
    tools = ["pgbouncer", "/usr/lib/postgresql/15/bin/initdb", "runuser"]
    return ", ".join(tool for tool in tools if not shutil.which(tool) and not Path(tool).exists())


@contextmanager
def databases_swapped(definitions: dict):
    """Django's connections point at `definitions` instead of the suite's test database."""
    saved = {alias: connections.settings.get(alias) for alias in definitions}
    saved_default = connections[DEFAULT_DB_ALIAS]
    saved_default.close()
    configured = connections.configure_settings(definitions)
    for alias, definition in configured.items():
        connections.settings[alias] = definition
        if hasattr(connections._connections, alias):
            delattr(connections._connections, alias)
    try:
        yield
    finally:
        for alias in definitions:
            connections[alias].close()
            delattr(connections._connections, alias)
            if saved[alias] is None:
                del connections.settings[alias]
            else:
                connections.settings[alias] = saved[alias]
        connections[DEFAULT_DB_ALIAS] = saved_default


@pytest.fixture(scope="module")
def cluster(django_db_blocker):
    missing = missing_tools()
    if missing:
        if os.environ.get("ARCHIVE_REQUIRE_REPLICAS"):
            pytest.fail(f"missing {missing} (apt-get install pgbouncer postgresql)")
        pytest.skip(f"missing {missing} (apt-get install pgbouncer)")
    replicas = Replicas(
        Path(tempfile.mkdtemp(prefix="archive-replicas-test-")),
        PRIMARY,
        STANDBYS,
        PGBOUNCER,
        databases=(DATABASE,),
        fast=True,
    )
    with ExitStack() as stack:
        stack.callback(replicas.down)
        replicas.up()
        env = replicas.environment(DATABASE)
        default = replica_database(env["DATABASE_URL"], 0, True)
        del default["TEST"]
        definitions = {DEFAULT_DB_ALIAS: default}
        for alias, url in zip(REPLICAS, env["DATABASE_REPLICA_URLS"].split(","), strict=True):
            definitions[alias] = replica_database(url, 0, True)
        stack.enter_context(django_db_blocker.unblock())
        # Content types are cached per alias: the test database's ids are not this cluster's
        # (an admin save would log a content type the cluster does not have). Clear the cache
        # on the way in and, after the swap back, on the way out.
        from django.contrib.contenttypes.models import ContentType

        stack.callback(ContentType.objects.clear_cache)
        stack.enter_context(databases_swapped(definitions))
        ContentType.objects.clear_cache()
        stack.enter_context(override_settings(DATABASE_REPLICAS=REPLICAS))
        stack.callback(health.forget)
        from django.core.management import call_command

        from articles.importing import archive_import

        call_command("migrate", verbosity=0)
        archive_import()
        replicas.wait_replayed()
        yield replicas


@pytest.fixture
def replicas(cluster):
    for port in cluster.ports:
        cluster.start(port)
    for alias in ALIASES:
        wait_served(alias)
    health.forget()
    yield cluster
    health.forget()


def wait_served(alias: str, timeout: float = 15) -> None:
    """Until pgbouncer lends a connection to the database again: after a server was down it
    refuses clients for server_login_retry seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
            return
        except Error:
            health.close_quietly(alias)
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextmanager
def queries():
    """The statements each database ran meanwhile, by alias."""
    with ExitStack() as stack:
        captured = {
            alias: stack.enter_context(CaptureQueriesContext(connections[alias]))
            for alias in ALIASES
        }
        ran = {}
        yield ran
    ran.update({alias: [q["sql"] for q in c.captured_queries] for alias, c in captured.items()})


@pytest.fixture
def editor(cluster):
    from django.contrib.auth.models import User

    user, _ = User.objects.get_or_create(
        username="replica-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    return client


def fredericton():
    from articles.models import Place

    return Place.objects.get(slug="fredericton")


def place_change(client, name: str, place=None):
    from tests.test_admin import place_form

    place = place or fredericton()
    url = reverse("admin:articles_place_change", args=[place.pk])
    return client.post(url, place_form(place, name))


# Routing ---------------------------------------------------------------------------------------


def test_public_pages_read_from_a_replica_only(replicas):
    for page in PUBLIC_PAGES:
        with queries() as ran:
            response = Client().get(page)
            content = b"".join(response.streaming_content) if response.streaming else b""
        assert response.status_code == 200, page
        assert ran[DEFAULT_DB_ALIAS] == [], page
        assert ran["replica1"] or ran["replica2"], page
        if page.endswith(".csv"):  # streamed after the view returned, from a replica too
            assert content.count(b"\n") > 10


def test_an_admin_save_goes_to_the_primary_and_no_statement_to_a_standby(replicas, editor):
    with queries() as ran:
        response = place_change(editor, "Fredericton (on the primary)")
    assert response.status_code == 302
    assert ran["replica1"] == [] and ran["replica2"] == []
    assert any(sql.startswith("UPDATE") for sql in ran[DEFAULT_DB_ALIAS])
    # The standby would have refused it: the write is safe only because it never goes there.
    refused = pytest.raises(DatabaseError, match="read-only transaction")
    with refused, connections["replica1"].cursor() as cursor:
        cursor.execute("UPDATE articles_place SET name = 'x' WHERE slug = 'fredericton'")
    replicas.wait_replayed()
    page = Client().get("/places/fredericton/").content.decode()
    assert "Fredericton (on the primary)" in page  # replayed on the standby it was read from


def test_an_editor_reads_their_change_at_once_while_the_replicas_lag(replicas, editor):
    for port in replicas.standby_ports:
        psql(port, "SELECT pg_wal_replay_pause()")
    with override_settings(REPLICA_MAX_LAG_SECONDS=3600):  # lagging, but kept in rotation
        response = place_change(editor, "Fredericton (just saved)")
        assert response.status_code == 302
        assert PIN_COOKIE in response.cookies
        assert "Fredericton (just saved)" in editor.get("/places/fredericton/").content.decode()
        reader = Client().get("/places/fredericton/").content.decode()
        assert "Fredericton (just saved)" not in reader  # the standbys have not replayed it

        assert editor.post(reverse("admin:logout")).status_code == 200
        # Now anonymous, but the pin keeps them on the primary.
        with queries() as ran:
            page = editor.get("/places/fredericton/").content.decode()
        assert "Fredericton (just saved)" in page
        assert ran[DEFAULT_DB_ALIAS]
        asked = ran["replica1"] + ran["replica2"]  # only whether they have replayed the write
        assert asked and all(sql.startswith("SELECT pg_last_wal_replay_lsn() >=") for sql in asked)

        for port in replicas.standby_ports:
            psql(port, "SELECT pg_wal_replay_resume()")
        replicas.wait_replayed()
        with queries() as ran:
            response = editor.get("/places/fredericton/")
        assert "Fredericton (just saved)" in response.content.decode()
        assert ran[DEFAULT_DB_ALIAS] == []  # caught up: back on a replica, and the pin dropped
        assert response.cookies[PIN_COOKIE].value == ""


def test_a_replica_lagging_past_the_threshold_is_out_of_rotation(replicas, editor):
    for port in replicas.standby_ports:
        psql(port, "SELECT pg_wal_replay_pause()")
    try:
        assert place_change(editor, "Fredericton (lagged)").status_code == 302
        time.sleep(0.5)
        with override_settings(REPLICA_MAX_LAG_SECONDS=0.3), queries() as ran:
            page = Client().get("/places/fredericton/").content.decode()
            report = Client().get("/healthz").json()
        assert "Fredericton (lagged)" in page
        asked = ran["replica1"] + ran["replica2"]  # only their health, not the page
        assert all(sql.lstrip().startswith("SELECT pg_is_in_recovery()") for sql in asked)
        assert report["status"] == "degraded"
        assert report["databases"]["replica1"]["status"] == "unavailable"
        assert "replay lag" in report["databases"]["replica1"]["error"]
    finally:
        for port in replicas.standby_ports:
            psql(port, "SELECT pg_wal_replay_resume()")


# Failures --------------------------------------------------------------------------------------


def test_a_replica_stopped_mid_suite_leaves_every_public_page_200(replicas):
    reader = Client()
    assert reader.get("/").status_code == 200  # connections to the standbys are open
    replicas.stop(STANDBYS[0], mode="immediate")
    for page in PUBLIC_PAGES:
        assert reader.get(page).status_code == 200, page
    report = Client().get("/healthz")
    assert report.status_code == 200
    assert report.json()["databases"]["replica1"]["status"] == "unavailable"
    assert report.json()["databases"]["replica2"]["status"] == "ok"

    replicas.stop(STANDBYS[1], mode="immediate")
    for page in PUBLIC_PAGES:
        with queries() as ran:
            assert reader.get(page).status_code == 200, page
        assert ran[DEFAULT_DB_ALIAS], page  # both down: the primary serves the readers


def test_with_the_primary_down_readers_are_served_and_editors_told_saving_is_unavailable(
    replicas, editor
):
    assert Client().get("/").status_code == 200
    place = fredericton()
    replicas.stop(PRIMARY, mode="immediate")
    for page in PUBLIC_PAGES:
        assert Client().get(page).status_code == 200, page
    response = place_change(editor, "Fredericton (lost)", place)
    assert response.status_code == 503
    assert "Saving is unavailable" in response.content.decode()
    assert "was not saved" in response.content.decode()
    assert editor.get("/places/fredericton/").status_code == 200  # reads from a standby
    report = Client().get("/healthz")
    assert report.status_code == 200 and report.json()["database"] == "unavailable"

    replicas.start(PRIMARY)
    health.forget()
    assert "Fredericton (lost)" not in Client().get("/places/fredericton/").content.decode()


def test_through_pgbouncer_every_database_has_server_side_cursors_disabled():
    code = (
        "from django.conf import settings; "
        "print({a: d['DISABLE_SERVER_SIDE_CURSORS'] for a, d in settings.DATABASES.items()})"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://u@127.0.0.1:6441/archive",
        "DATABASE_REPLICA_URLS": "postgres://u@127.0.0.1:6441/archive_5442,postgres://u@127.0.0.1:6441/archive_5443",
        "DJANGO_PGBOUNCER": "1",
        "DJANGO_SETTINGS_MODULE": "archive.settings",
    }
    output = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env, capture_output=True, text=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    assert output.strip() == "{'default': True, 'replica1': True, 'replica2': True}"
