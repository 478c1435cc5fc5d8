"""Downloads (CSV and JSON Lines of every list and search) and the archive file round trip."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from articles.archive_file import TYPES
from articles.models import Article, Event, Initiative, Mention, TradeFact
from articles.views.records import PlaceListView


def download(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response.streaming  # written as it is read, never built whole in memory
    body = b"".join(response.streaming_content).decode()
    if "format=csv" in url or url.endswith(".csv"):
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        return list(csv.DictReader(io.StringIO(body)))
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    return [json.loads(line) for line in body.splitlines()]


def page_keys(client, url: str, key=lambda row: row.slug) -> list:
    """What a list page shows, over all its pages, in order."""
    keys, number = [], 1
    while True:
        response = client.get(f"{url}{'&' if '?' in url else '?'}page={number}")
        assert response.status_code == 200
        keys += [key(row) for row in response.context["object_list"]]
        if not response.context["page_obj"].has_next():
            return keys
        number += 1


# Each list with how many rows it has (fixtures/annotations.yaml).
LISTS = [
    ("/articles/?", 5),
    ("/articles/?year=2014", 2),
    ("/articles/?person=stephen-harper&sort=headline", 2),
    ("/articles/?language=fr", 1),
    ("/people/?", 10),
    ("/people/?role=leader", 6),
    ("/organisations/?kind=company", 3),  # Air Canada, Alibaba Group, Amazon
    ("/places/?", 26),
    ("/initiatives/?kind=mou", 1),  # the Air Canada–Alitrip memorandum
    ("/events/?", 12),
    ("/events/?year=2014", 6),  # the IPO, Harper's visit and its three events, Singles' Day
]


@pytest.mark.parametrize(("url", "count"), LISTS)
def test_a_list_downloads_exactly_its_rows_in_its_order(client, seeded, url, count):
    shown = page_keys(client, url)
    assert len(shown) == count
    for fmt in ("csv", "jsonl"):
        assert [row["slug"] for row in download(client, f"{url}&format={fmt}")] == shown


def test_every_list_downloads_every_row_not_one_page(client, seeded, monkeypatch):
    monkeypatch.setattr(PlaceListView, "paginate_by", 10)  # the 26 places in three pages
    assert len(client.get("/places/").context["object_list"]) == 10
    rows = download(client, "/places/?format=csv")
    assert len(rows) == 26
    assert [r["slug"] for r in rows] == page_keys(client, "/places/")


def test_article_rows_carry_their_provenance(client, seeded):
    for row in download(client, "/articles/?format=jsonl"):
        article = Article.objects.get(slug=row["slug"])
        raw = client.get(row["raw_url"].removeprefix("http://testserver"))
        assert raw.content == article.raw_text.encode()
        assert row["raw_sha256"] == article.raw_sha256
        assert row["article_url"] == f"http://testserver{article.get_absolute_url()}"
        assert row["date_precision"] == article.date_precision


@pytest.mark.parametrize("query", ["", "unit=lobsters", "sort=-value", "person=justin-trudeau"])
def test_facts_download_in_both_formats_has_the_page_rows(client, seeded, query):
    shown = page_keys(client, f"/facts/?{query}", key=lambda fact: fact.pk)
    for fmt in ("csv", "jsonl"):
        rows = download(client, f"/facts/?{query}&format={fmt}")
        assert [int(row["fact_id"]) for row in rows] == shown
    for row in rows:
        fact = TradeFact.objects.get(pk=row["fact_id"])
        assert fact.article.body[row["passage_start"] : row["passage_end"]] == row["passage"]
        assert row["article_raw_sha256"] == fact.article.raw_sha256


@pytest.mark.parametrize(
    "query", ["q=lobsters", "q=Alibaba", "q=Canada&sort=date", "q=Harper&mode=exact&year=2014"]
)
def test_a_search_downloads_every_hit_in_the_page_order_with_a_passage(client, seeded, query):
    response = client.get(f"/search/?{query}")
    shown = [hit["article"].slug for hit in response.context["hits"]]
    for fmt in ("csv", "jsonl"):
        rows = download(client, f"/search/?{query}&format={fmt}")
        assert [row["slug"] for row in rows] == shown
        assert [int(row["rank"]) for row in rows] == list(range(1, len(shown) + 1))
    word = query.split("&")[0].removeprefix("q=").lower()[:5]
    for row in rows:
        body = Article.objects.get(slug=row["slug"]).body
        if row["hits"]:
            assert body[row["passage_start"] : row["passage_end"]] == row["passage"]
            assert word in row["passage"].lower()


def test_a_blank_search_downloads_no_rows(client, seeded):
    assert download(client, "/search/?q=&format=csv") == []


@pytest.mark.parametrize(
    "url",
    [
        "/articles/?format=xml",
        "/people/?format=json",
        "/facts/?format=CSV",
        "/events/?format=%00",
        "/search/?q=trade&format=pdf",
        "/concordance/?q=trade&format=xlsx",
        "/trends/?q=trade&format=svg",
    ],
)
def test_an_unknown_format_answers_400_naming_the_formats(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "use csv or jsonl" in response.content.decode()


def test_a_download_with_bad_filters_answers_400_and_no_rows(client, seeded):
    response = client.get("/articles/?year=abc&format=csv")
    assert response.status_code == 400
    assert response.content.decode().startswith("Bad parameters: year:")


# The archive file ---------------------------------------------------------------------------


def empty_database() -> None:
    """manage.py flush, inside the test's transaction (PostgreSQL refuses to TRUNCATE a
    table with deferred constraint checks pending: they are checked now instead)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)


def snapshot(client) -> dict:
    """Every row of every record type, the links between them, and the public pages."""
    rows = {kind: list(model.objects.order_by("pk").values()) for kind, model in TYPES.items()}
    for model in (Initiative, Event):
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            rows[f"{model.__name__}.{m2m.name}"] = sorted(
                through.objects.values_list(m2m.m2m_field_name(), m2m.m2m_reverse_field_name())
            )
    pages = {
        url: client.get(url).content.decode()
        for url in [a.get_absolute_url() for a in Article.objects.all()]
        + ["/articles/", "/facts/", "/people/jack-ma/", "/search/?q=lobsters", "/search/?q=Harper"]
    }
    return {"rows": rows, "pages": pages}


def test_export_then_import_into_an_empty_database_gives_the_same_archive(client, seeded, tmp_path):
    before = snapshot(client)
    path = tmp_path / "archive.jsonl"
    call_command("export_archive", str(path), stdout=io.StringIO())
    header = json.loads(path.read_text().splitlines()[0])
    assert header == {"format": "news-archive", "version": 1, "history": False}
    empty_database()
    assert not Article.objects.exists() and not Mention.objects.exists()
    out = io.StringIO()
    call_command("import_articles", str(path), stdout=out)
    assert "5 article" in out.getvalue()
    after = snapshot(client)
    assert after["rows"] == before["rows"]
    for url, html in before["pages"].items():
        assert after["pages"][url] == html, url
    article = Article.objects.get(slug="canadian-pm-meets-alibabas-jack-ma-for-sme-growth")
    assert article.history.get().history_change_reason == "imported from an archive file"
    for fact in TradeFact.objects.select_related("article"):
        assert fact.article.body[fact.start : fact.end] == fact.passage


def test_the_history_goes_along_when_asked(client, seeded, tmp_path):
    history = {
        kind: list(m.history.order_by("history_id").values())
        for kind, m in TYPES.items()
        if hasattr(m, "history")
    }
    path = tmp_path / "archive.jsonl"
    call_command("export_archive", str(path), "--history", stdout=io.StringIO())
    empty_database()
    call_command("import_articles", str(path), stdout=io.StringIO())
    for kind, model in TYPES.items():
        if hasattr(model, "history"):
            assert list(model.history.order_by("history_id").values()) == history[kind], kind


def test_an_archive_file_is_read_only_into_an_empty_database(seeded, tmp_path):
    path = tmp_path / "archive.jsonl"
    call_command("export_archive", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("import_articles", str(path), stdout=io.StringIO())
    assert Article.objects.count() == 5


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda lines: lines[:40] + ["{not json"] + lines[40:], "line 41: not JSON"),
        (lambda lines: [lines[0].replace('"version": 1', '"version": 9')] + lines[1:], "version 9"),
        (lambda lines: lines + ['{"type": "spaceship", "id": 1}'], "unknown record type"),
        (lambda lines: lines + ['{"type": "fact", "id": 999, "start": 5}'], "fact"),
    ],
)
def test_a_damaged_archive_file_writes_nothing(seeded, tmp_path, damage, message):
    path = tmp_path / "archive.jsonl"
    call_command("export_archive", str(path), stdout=io.StringIO())
    path.write_text("\n".join(damage(path.read_text().splitlines())) + "\n")
    empty_database()
    with pytest.raises(CommandError, match=message):
        call_command("import_articles", str(path), stdout=io.StringIO())
    assert not Article.objects.exists()
