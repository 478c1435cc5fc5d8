from pathlib import Path

import pytest
from django.conf import settings

from articles.importing import archive_import

SEEDS_DIR = Path(settings.ARCHIVE_FIXTURES_DIR) / "seeds"
SEED_FILES = sorted(SEEDS_DIR.glob("*.txt"))
# The people of fixtures/annotations.yaml with a leadership role: heads of government,
# premiers, founders, chairs, chief executives and presidents; not the comedian, the
# photographers or the web editor.
LEADERS = {
    "brian-gallant",
    "jack-ma",
    "justin-trudeau",
    "li-keqiang",
    "michael-evans",
    "stephen-harper",
}


@pytest.fixture
def seeded(db):
    """The archive with the five founding texts and their annotations loaded."""
    return archive_import()


@pytest.fixture
def write_manifest(tmp_path):
    """Write source files and a manifest listing them; returns the manifest's path."""

    def write(articles: list[dict], files: dict[str, bytes | str]) -> Path:
        import yaml

        for name, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            (tmp_path / name).write_bytes(data)
        manifest = tmp_path / "manifest.yaml"
        manifest.write_text(yaml.safe_dump({"articles": articles}, allow_unicode=True))
        return manifest

    return write


def manifest_entry(**overrides) -> dict:
    entry = {
        "file": "new.txt",
        "headline": "Alibaba opens an office in Vancouver",
        "headline_basis": "supplied",
        "publisher": "Example Daily",
        "language": "en",
        "published_on": "2018-03-02",
        "date_basis": "stated",
    }
    entry.update(overrides)
    return {key: value for key, value in entry.items() if value is not None}


@pytest.fixture
def editor(django_user_model):
    """A staff user in the Editors group."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("ed", password="pw-x7!long", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw-x7!long")
    client.force_login(user)
    return client


def assert_not_found(client, url: str) -> None:
    """The URL answers 404 with the archive's page saying it has nothing there."""
    from django.utils.html import escape

    response = client.get(url)
    assert response.status_code == 404, url
    path = escape(url.split("?")[0])
    assert f"The archive has nothing at <code>{path}</code>." in response.content.decode(), url


def page_text(response) -> str:
    """What a reader sees of a page: its text, tags dropped, entities read, spaces folded."""
    import re
    from html import unescape

    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = re.sub(r"<[^>]+>", " ", re.split(r"<main[^>]*>", body.decode(), maxsplit=1)[-1])
    return " ".join(unescape(text).split())


def form_data(form) -> dict:
    """The POST data of a bound or unbound form as it stands."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is not None and value is not False:
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def formset_data(formset) -> dict:
    management = formset.management_form
    data = {management.add_prefix(name): management[name].value() for name in management.fields}
    for form in formset.forms:
        data |= form_data(form)
    return data


def changeform_data(response) -> dict:
    """The POST data of an admin change page as it stands: its form and every inline."""
    data = form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data |= formset_data(inline.formset)
    return data


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Tests read each page's context: the page cache (tests/test_facets.py turns it on) is
    off for them, so that a page is rendered for each request."""
    settings.ARCHIVE_PAGE_CACHE = False


@pytest.fixture
def wsgi_app():
    """The project's WSGI application, for clients other than Django's (schemathesis): as
    Django's test client does, the database connection (with the test's transaction) is
    kept open between requests."""
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
