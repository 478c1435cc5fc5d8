"""The JSON API: the pages' result sets, passages with offsets, cursors, ETags, throttling."""

import hashlib

import pytest
import schemathesis
from django.core.cache import cache

from articles.api.pagination import encode_cursor
from articles.models import Article, Quote, TradeFact

SUMMIT = "alibaba-group-strikes-a-deal-with-the-canadian-government"
XINHUA = "canadian-pm-meets-alibabas-jack-ma-for-sme-growth"


@pytest.fixture(autouse=True)
def fresh_throttle(settings):
    settings.API_ANON_RATE = "10000/min"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_schema(db, wsgi_app):
    return schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", wsgi_app)


def every_row(client, url: str) -> list[dict]:
    """Every result of a list, following its `next` links."""
    rows = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        rows += response.json()["results"]
        url = response.json()["next"]
    return rows


def page_slugs(client, url: str) -> list[str]:
    """The slugs a page lists, from every one of its pages."""
    slugs, page = [], 1
    while True:
        response = client.get(f"{url}{'&' if '?' in url else '?'}page={page}")
        assert response.status_code == 200
        slugs += [row.slug for row in response.context["object_list"]]
        if not response.context["page_obj"].has_next():
            return slugs
        page += 1


@pytest.mark.parametrize(
    "query",
    [
        "",
        "year=2014",
        "language=fr",
        "person=stephen-harper",
        "event=gateway-17",
        "initiative=canada-trade-offices-in-china-2014",
        "sort=date",
        "sort=-headline",
        "place=hangzhou&year=2014",
    ],
)
def test_article_list_has_exactly_the_page_articles_in_its_order(client, seeded, query):
    page = page_slugs(client, f"/articles/?{query}")
    api = [row["slug"] for row in every_row(client, f"/api/v1/articles/?{query}&page_size=2")]
    assert api == page
    assert page  # every query above finds articles


@pytest.mark.parametrize(
    "query",
    [
        "q=lobsters",
        "q=Alibaba",
        "q=Harper&mode=exact",
        "q=trade&sort=date",
        "q=Alibaba&language=en",
    ],
)
def test_article_search_has_the_search_page_hits_in_its_ranking(client, seeded, query):
    response = client.get(f"/search/?{query}")
    shown = [hit["article"].slug for hit in response.context["hits"]]
    api = [row["slug"] for row in every_row(client, f"/api/v1/articles/?{query}")]
    assert api == shown
    assert shown


def test_article_detail_has_its_body_raw_source_date_and_passages(client, seeded, api_schema):
    case = api_schema["/api/v1/articles/{slug}/"]["GET"].Case(path_parameters={"slug": SUMMIT})
    response = case.call_and_validate()  # the OpenAPI schema and schemathesis' checks
    data = response.json()
    article = Article.objects.get(slug=SUMMIT)
    assert data["body"] == article.body
    assert data["date"] == {
        "value": "2016-09",
        "first_day": "2016-09-01",
        "precision": "month",
        "basis": "external",
        "note": article.date_note,
    }
    raw = client.get(data["raw_url"].removeprefix("http://testserver"))
    assert raw.content == article.raw_text.encode()
    assert hashlib.sha256(raw.content).hexdigest() == data["raw_sha256"]
    public = TradeFact.objects.public().filter(article=article)
    assert sorted(f["id"] for f in data["facts"]) == sorted(public.values_list("pk", flat=True))
    for fact in data["facts"]:
        assert article.body[fact["start"] : fact["end"]] == fact["passage"]
    assert len(data["quotes"]) == Quote.objects.public().filter(article=article).count()
    for quote in data["quotes"]:
        assert article.body[quote["start"] : quote["end"]] == quote["text"]
    assert len(data["mentions"]) == article.mentions.filter(anchored=True).count() > 0
    for mention in data["mentions"]:
        text = article.headline if mention["in_headline"] else article.body
        assert text[mention["start"] : mention["end"]] == mention["surface"]
        assert mention["record"]["kind"] in {
            "person",
            "organisation",
            "place",
            "initiative",
            "event",
        }


def test_an_unanchored_or_candidate_fact_is_not_served(client, seeded):
    fact = TradeFact.objects.public().filter(article__slug=SUMMIT).first()
    TradeFact.objects.filter(pk=fact.pk).update(anchored=False)
    assert client.get(f"/api/v1/facts/{fact.pk}/").status_code == 404
    ids = [row["id"] for row in every_row(client, "/api/v1/facts/?page_size=100")]
    assert fact.pk not in ids
    detail = client.get(f"/api/v1/articles/{SUMMIT}/").json()
    assert fact.pk not in [f["id"] for f in detail["facts"]]


@pytest.mark.parametrize(
    ("api", "page"),
    [
        ("/api/v1/people/", "/people/"),
        ("/api/v1/people/?role=leader", "/people/?role=leader"),
        ("/api/v1/organisations/?kind=company", "/organisations/?kind=company"),
        ("/api/v1/places/?kind=city", "/places/?kind=city"),
        ("/api/v1/initiatives/", "/initiatives/"),
        ("/api/v1/events/?year=2017", "/events/?year=2017"),
    ],
)
def test_record_lists_have_exactly_the_page_records(client, seeded, api, page):
    join = "&" if "?" in api else "?"
    rows = every_row(client, f"{api}{join}page_size=7")
    assert [row["slug"] for row in rows] == page_slugs(client, page)


@pytest.mark.parametrize("query", ["", "unit=lobsters", "sort=-value", "person=justin-trudeau"])
def test_fact_list_has_exactly_the_facts_page_rows(client, seeded, query):
    response = client.get(f"/facts/?{query}")
    shown = [fact.pk for fact in response.context["object_list"]]
    assert [row["id"] for row in every_row(client, f"/api/v1/facts/?{query}")] == shown


def test_quotes_are_the_public_ones_with_their_passages(client, seeded):
    rows = every_row(client, "/api/v1/quotes/?page_size=5")
    assert sorted(r["id"] for r in rows) == sorted(
        Quote.objects.public().values_list("pk", flat=True)
    )
    by_person = every_row(client, "/api/v1/quotes/?person=justin-trudeau")
    assert by_person and {r["person"]["slug"] for r in by_person} == {"justin-trudeau"}


def test_pages_follow_by_cursor_without_overlap(client, seeded):
    first = client.get("/api/v1/articles/?page_size=2").json()
    assert first["previous"] is None and len(first["results"]) == 2
    second = client.get(first["next"]).json()
    assert second["previous"].endswith("/api/v1/articles/?page_size=2")
    third = client.get(second["next"]).json()
    assert third["next"] is None
    slugs = [r["slug"] for page in (first, second, third) for r in page["results"]]
    assert len(slugs) == len(set(slugs)) == Article.objects.count()


@pytest.mark.parametrize(
    "cursor", ["nonsense", "%%%", encode_cursor(10**12), "bz0tNQ", "", "o=5", "\u00e9" * 50]
)
def test_a_cursor_the_api_did_not_make_answers_404(client, seeded, cursor):
    response = client.get("/api/v1/articles/", {"cursor": cursor})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid cursor."}


def test_a_cursor_past_the_end_is_an_empty_page(client, seeded):
    response = client.get("/api/v1/articles/", {"cursor": encode_cursor(10**6)})
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("size", [str(10**9), "0", "-1", "101", "abc", "1e3"])
def test_page_size_out_of_bounds_answers_400(client, seeded, size):
    response = client.get("/api/v1/people/", {"page_size": size})
    assert response.status_code == 400
    assert response.json() == {"page_size": "A whole number from 1 to 100."}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("year=abc", "year"), ("person=nobody", "person"), ("mode=fuzzy&q=trade", "mode")],
)
def test_bad_filters_answer_400_naming_the_parameter(client, seeded, query, parameter):
    response = client.get(f"/api/v1/articles/?{query}")
    assert response.status_code == 400
    assert parameter in response.json()


def test_unknown_records_and_paths_answer_json_404(client, seeded):
    for url in ["/api/v1/people/nobody/", "/api/v1/facts/abc/", "/api/v1/nothing/here"]:
        response = client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"


def test_etag_and_conditional_get(client, seeded):
    response = client.get("/api/v1/people/jack-ma/")
    etag = response["ETag"]
    assert response.status_code == 200 and etag.startswith('"')
    again = client.get("/api/v1/people/jack-ma/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert client.get("/api/v1/people/jack-ma/", HTTP_IF_NONE_MATCH='"stale"').status_code == 200
    assert client.get("/api/v1/people/").get("ETag") != etag


def test_throttling_answers_429_with_retry_after(client, seeded, settings):
    settings.API_ANON_RATE = "3/min"
    statuses = [client.get("/api/v1/places/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/places/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60


def test_schema_and_docs_are_served_from_the_archive(client, db):
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    assert "/api/v1/articles/{slug}/" in schema.json()["paths"]
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "https://" not in html.replace("https://swagger.io", "")  # no CDN
    assert "data:" in docs["Content-Security-Policy"]
    assert client.get("/api/v1/docs/?script=").status_code == 200
    assert client.get("/api/v1/redoc/").status_code == 200
