"""Production mode: deploy checks, security headers, error pages, health check, database outage."""

import os
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError, ProgrammingError, close_old_connections, connections
from django.template.loader import render_to_string
from django.test import Client
from django.urls import path

from archive.urls import urlpatterns as archive_urlpatterns

BASE_DIR = Path(__file__).resolve().parent.parent


def boom(request):
    raise RuntimeError("a bug in a view")


# The archive's URLs plus one that fails, for the 500 page (see @pytest.mark.urls below).
urlpatterns = [*archive_urlpatterns, path("boom/", boom)]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process, so that settings are read from this environment."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


# The production configuration docs/production.md documents.
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "archive.example.org",
    "DJANGO_BEHIND_PROXY": "1",
}


def test_deploy_check_passes_in_production_mode():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_flags_a_local_run_without_the_https_redirect():
    env = {**PRODUCTION_ENV, "DJANGO_SECURE_SSL_REDIRECT": "0"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0
    assert "security.W008" in result.stderr


def test_production_mode_needs_a_secret_key():
    result = manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_static_files_collect_into_a_compressed_manifest(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("css/archive.*.css.gz"))


# Content-Security-Policy ----------------------------------------------------------------------


def test_pages_carry_a_strict_content_security_policy(client, seeded):
    for url in ["/", "/articles/", "/facts/", "/no-such-page/", "/admin/login/"]:
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'self'", url
        assert directives["script-src"] == "'self'", url
        assert directives["style-src"] == "'self'", url
        assert directives["frame-ancestors"] == "'none'", url
        assert "unsafe" not in policy, url


def test_public_pages_have_no_inline_script_or_style(client, seeded):
    for url in ["/", "/articles/", "/people/jack-ma/", "/timeline/", "/facts/", "/no-such/"]:
        html = client.get(url).content.decode()
        assert "<script" not in html, url
        assert "<style" not in html, url
        assert " style=" not in html, url


def test_admin_works_under_the_policy(admin_client):
    response = admin_client.get("/admin/articles/article/")
    assert response.status_code == 200
    assert "0 articles" in response.content.decode()  # the change list, empty
    assert "Content-Security-Policy" in response


# Error pages ----------------------------------------------------------------------------------


def test_unknown_page_answers_the_archives_404_page(client, db, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "<code>/no-such-page/</code>" in html
    assert 'class="site-header"' in html  # it extends base.html


@pytest.mark.urls("tests.test_deploy")
def test_a_failing_view_answers_the_archives_500_page(db, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert 'class="site-header"' in html
    assert "RuntimeError" not in html


def test_a_database_bug_is_still_a_500_not_a_503(db, settings):
    """Only an unreachable database answers 503; a bad query is a bug."""
    settings.DEBUG = False
    error = ProgrammingError("no such column")
    with mock.patch.object(connections["default"], "cursor", side_effect=error):
        response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html and "temporarily unavailable" not in html
    assert "no such column" not in html


def test_error_pages_render_without_a_request():
    for template in ["500.html", "503.html", "503_saving.html"]:
        assert 'class="site-header"' in render_to_string(template)


# Database outage ------------------------------------------------------------------------------


@pytest.fixture
def database_down():
    """Every query on the default database fails as when the server does not answer."""
    error = OperationalError("connection refused")
    with mock.patch.object(connections["default"], "cursor", side_effect=error):
        yield


def test_health_check_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "databases": {"default": {"status": "ok", "role": "primary"}},
    }
    assert "no-cache" in response["Cache-Control"]


def test_health_check_answers_503_when_the_database_does_not(client, db, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


@pytest.mark.parametrize("url", ["/", "/articles/", "/people/jack-ma/", "/archive/2016/"])
def test_pages_answer_503_when_the_database_is_down(client, db, database_down, url):
    response = client.get(url)
    assert response.status_code == 503
    assert "temporarily unavailable" in response.content.decode()
    assert response["Retry-After"] == "30"
    assert "Content-Security-Policy" in response


def test_a_form_sent_while_the_database_is_down_is_told_it_was_not_saved(client, db, database_down):
    response = client.post("/admin/login/", {"username": "ed", "password": "pw-x7!long"})
    assert response.status_code == 503
    html = response.content.decode()
    assert "Saving is unavailable" in html and "was not saved" in html
    assert response["Retry-After"] == "30"


@pytest.mark.skipif(
    connections["default"].vendor != "postgresql", reason="an SQLite file does not restart"
)
@pytest.mark.django_db(transaction=True)
def test_a_persistent_connection_lost_while_idle_is_replaced_not_answered_503(client, monkeypatch):
    connection = connections["default"]
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    connection.close()
    connection.ensure_connection()
    connection.connection.close()  # lost between two requests, as when PostgreSQL restarts
    close_old_connections()  # what Django does when a request starts
    response = client.get("/timeline/")
    assert response.status_code == 200
    assert "<h1>Timeline</h1>" in response.content.decode()
