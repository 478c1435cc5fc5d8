"""The JSON API: the pages' result sets, passages with offsets, cursors, ETags, throttling."""

import hashlib

import pytest
import schemathesis
from django.core.cache import cache

from articles.api.pagination import encode_cursor
from articles.models import Article, TradeFact
from tests.conftest import LEADERS

SUMMIT = "alibaba-group-strikes-a-deal-with-the-canadian-government"
XINHUA = "canadian-pm-meets-alibabas-jack-ma-for-sme-growth"
GLOBE = "alibaba-touts-ties-to-canada-on-harpers-china-trade-trip"
GNB = "le-premier-ministre-gallant-rencontre-le-president-dalibaba-group"
BNN = "alibaba-founder-jack-ma-urges-canadian-small-business-to-look-to-china-for-growth"


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
    ("query", "expected"),
    [
        ("", [BNN, GNB, SUMMIT, XINHUA, GLOBE]),  # newest first
        ("year=2014", [XINHUA, GLOBE]),
        ("language=fr", [GNB]),
        ("person=stephen-harper", [XINHUA, GLOBE]),
        ("event=gateway-17", [BNN, GNB]),
        ("initiative=canada-trade-offices-in-china-2014", [XINHUA, GLOBE]),
        ("sort=date", [GLOBE, XINHUA, SUMMIT, GNB, BNN]),
        ("sort=-headline", [GNB, XINHUA, GLOBE, SUMMIT, BNN]),
        ("place=hangzhou&year=2014", [XINHUA, GLOBE]),
    ],
)
def test_article_list_has_exactly_the_page_articles_in_its_order(client, seeded, query, expected):
    api = [row["slug"] for row in every_row(client, f"/api/v1/articles/?{query}&page_size=2")]
    assert api == page_slugs(client, f"/articles/?{query}") == expected


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("q=lobsters", {XINHUA, GLOBE}),  # the two that write lobster(s)
        ("q=Alibaba", {SUMMIT, XINHUA, GLOBE, GNB, BNN}),
        ("q=Harper&mode=exact", {XINHUA, GLOBE}),
        ("q=trade&sort=date", [GLOBE, XINHUA, SUMMIT, BNN]),  # not the French release
        ("q=Alibaba&language=en", {SUMMIT, XINHUA, GLOBE, BNN}),
    ],
)
def test_article_search_has_the_search_page_hits_in_its_ranking(client, seeded, query, found):
    """The same hits in the same order; the order of equal evidence is the engine's."""
    response = client.get(f"/search/?{query}")
    shown = [hit["article"].slug for hit in response.context["hits"]]
    api = [row["slug"] for row in every_row(client, f"/api/v1/articles/?{query}")]
    assert api == shown
    assert (set(shown) if isinstance(found, set) else shown) == found


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
    assert sorted(f["figure"] for f in data["facts"]) == [  # fixtures/annotations.yaml
        "more than 100 products",
        "more than 30 businesses",
        "over 400 million Chinese consumers",
        "two other milestones",
    ]
    for fact in data["facts"]:
        assert article.body[fact["start"] : fact["end"]] == fact["passage"]
    assert [(q["person"]["slug"], q["text"][:20]) for q in data["quotes"]] == [
        ("jack-ma", "Today, I am pleased "),
        ("jack-ma", "Our agreements today"),
        ("justin-trudeau", "Today is a very good"),
    ]
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


# fixtures/annotations.yaml
CITIES = {
    "beijing",
    "fredericton",
    "hangzhou",
    "new-york-city",
    "tianjin",
    "toronto",
    "vancouver",
    "xiamen",
    "xian",
}
EVENTS_2017 = {"gallant-evans-meeting-toronto-2017", "gateway-17", "jack-ma-bnn-interview-2017"}


@pytest.mark.parametrize(
    ("api", "page", "expected"),
    [
        ("/api/v1/people/", "/people/", 10),
        ("/api/v1/people/?role=leader", "/people/?role=leader", LEADERS),
        (
            "/api/v1/organisations/?kind=company",
            "/organisations/?kind=company",
            {"air-canada", "alibaba-group", "amazon"},
        ),
        ("/api/v1/places/?kind=city", "/places/?kind=city", CITIES),
        ("/api/v1/initiatives/", "/initiatives/", 9),
        ("/api/v1/events/?year=2017", "/events/?year=2017", EVENTS_2017),
    ],
)
def test_record_lists_have_exactly_the_page_records(client, seeded, api, page, expected):
    join = "&" if "?" in api else "?"
    slugs = [row["slug"] for row in every_row(client, f"{api}{join}page_size=7")]
    assert slugs == page_slugs(client, page)
    assert (len(set(slugs)) if isinstance(expected, int) else set(slugs)) == expected


@pytest.mark.parametrize(
    ("query", "figures"),
    [  # fixtures/annotations.yaml; trade figures unless asked (19 of the 28 facts)
        ("", 19),
        (
            "unit=lobsters",
            {"20,000 lobsters", "200,000 Canadian lobster", "200,000 Canadian lobsters"},
        ),
        ("sort=-value", 19),
        ("person=justin-trudeau", {"over 400 million Chinese consumers"}),
    ],
)
def test_fact_list_has_exactly_the_facts_page_rows(client, seeded, query, figures):
    response = client.get(f"/facts/?{query}")
    shown = [fact.pk for fact in response.context["object_list"]]
    rows = every_row(client, f"/api/v1/facts/?{query}")
    assert [row["id"] for row in rows] == shown
    found = {row["figure"] for row in rows}
    assert (len(rows) if isinstance(figures, int) else found) == figures


def test_facts_sorted_by_value_are_largest_first(client, seeded):
    rows = every_row(client, "/api/v1/facts/?sort=-value&page_size=3")
    assert [row["figure"] for row in rows[:3]] == [
        "$25-billion (U.S.)",
        "$5.8-billion",
        "1.4 billion consumers",
    ]


def test_quotes_are_the_public_ones_with_their_passages(client, seeded):
    rows = every_row(client, "/api/v1/quotes/?page_size=5")
    assert len(rows) == len({r["id"] for r in rows}) == 22  # fixtures/annotations.yaml
    for row in rows:
        body = Article.objects.get(slug=row["article"]["slug"]).body
        assert body[row["start"] : row["end"]] == row["text"]
    by_person = every_row(client, "/api/v1/quotes/?person=justin-trudeau")
    assert sorted(r["text"][:30] for r in by_person) == [
        "Jack, you’ve got to do [an eve",
        "Today is a very good day for C",
    ]


def test_pages_follow_by_cursor_without_overlap(client, seeded):
    first = client.get("/api/v1/articles/?page_size=2").json()
    assert first["previous"] is None and len(first["results"]) == 2
    second = client.get(first["next"]).json()
    assert second["previous"].endswith("/api/v1/articles/?page_size=2")
    third = client.get(second["next"]).json()
    assert third["next"] is None
    slugs = [r["slug"] for page in (first, second, third) for r in page["results"]]
    assert sorted(slugs) == sorted([SUMMIT, XINHUA, GLOBE, GNB, BNN])


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
