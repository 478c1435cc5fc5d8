"""Browsing and cross-linking: lists, filters, facets, date archives, facts and their CSV."""

import csv
import io
import re
from html import unescape

import pytest
from django.test import Client

from articles.models import Article, TradeFact
from tests.conftest import LEADERS, assert_not_found, page_text
from tests.factories import archive_create

SEED = {
    "summit": "000_5c50f46f84eac955.txt",
    "xinhua": "001_b1c7f71c92e85fe7.txt",
    "globe": "002_6343cd6dce67ccf4.txt",
    "gnb": "003_4a50b3e74e47d2c4.txt",
    "bnn": "004_0015f40dbfbe47ea.txt",
}
# Each browse page with what it shows of the seed archive (fixtures/annotations.yaml): counts,
# the first entries in their order, the months and neighbouring years of a year.
LIST_PAGES = [
    ("/", "5 articles 10 people 18 organisations 26 places 12 events 9 initiatives 19 trade facts"),
    ("/articles/", "5 articles"),
    ("/people/", "10 records"),
    ("/people/?role=leader", "Filtered by: Role: Leaders ✕"),
    ("/organisations/", "18 records"),
    ("/places/", "26 records"),
    ("/initiatives/", "9 records"),
    ("/events/", "11 November 2013 Alibaba Singles' Day sales, 11 November 2013 Sales day · China"),
    ("/timeline/", "11 November 2013 event Alibaba Singles' Day sales, 11 November 2013"),
    ("/archive/2014/", "2014 Timeline September November 2015 →"),
    ("/archive/2014/11/", "November 2014 event China-Canada business conference in Hangzhou"),
    (
        "/archive/2016/09/",
        "September 2016 article Alibaba Group Strikes a Deal With the Canadian Government "
        "Multichannel Merchant 3 September 2016 event Canada–Alibaba ceremony",
    ),
    ("/archive/2017/", "2017 Timeline September ← 2016"),
    ("/facts/", "Download these 19 rows as CSV"),  # 28 facts, 9 of them other figures
    ("/facts/?sort=-value", "Article USD 25 billion September 2014 Capital raised $25-billion"),
    ("/facts/export.csv", "$25-billion (U.S.),capital_raised,25000000000.00,USD,exact"),
]


def listed(response) -> list[str]:
    """Source file names of the articles a list page shows, in order."""
    slugs = re.findall(
        r'<li class="article-item">\s*<a href="/articles/([^/]+)/"', response.content.decode()
    )
    by_slug = dict(Article.objects.values_list("slug", "source_name"))
    return [by_slug[slug] for slug in slugs]


def names(*keys):
    return [SEED[key] for key in keys]


@pytest.mark.parametrize(("url", "shown"), LIST_PAGES)
def test_every_browse_page_shows_the_archive(client, seeded, url, shown):
    response = client.get(url)
    assert response.status_code == 200
    assert shown in page_text(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", names("bnn", "gnb", "summit", "xinhua", "globe")),
        ("year=2014", names("xinhua", "globe")),
        ("year=2017&language=en", names("bnn")),
        ("language=fr", names("gnb")),
        ("date_after=2016-01-01&date_before=2016-12-31", names("summit")),
        # Issue 17.1: the French release is dated to September 2017, which overlaps.
        ("date_after=2017-09-25", names("bnn", "gnb")),
        ("publisher=the-globe-and-mail", names("globe")),
        ("person=stephen-harper", names("xinhua", "globe")),
        ("person=brian-gallant", names("gnb")),
        ("place=hangzhou&year=2014", names("xinhua", "globe")),
        ("event=gateway-17", names("bnn", "gnb")),
        ("initiative=air-canada-alitrip-mou", names("summit")),
        ("initiative=alibaba-singles-day-sales", names("globe")),
        ("initiative=canada-trade-offices-in-china-2014", names("xinhua", "globe")),
        ("sort=date", names("globe", "xinhua", "summit", "gnb", "bnn")),
        ("sort=headline", names("bnn", "summit", "globe", "xinhua", "gnb")),
    ],
)
def test_article_filters_give_exactly_the_right_articles(client, seeded, query, expected):
    response = client.get(f"/articles/?{query}")
    assert response.status_code == 200
    assert listed(response) == expected


def test_person_filter_finds_every_article_naming_them(client, seeded):
    # "Trudeau" is in three of the seed texts (000, 003, 004), newest first.
    assert listed(client.get("/articles/?person=justin-trudeau")) == names("bnn", "gnb", "summit")


def test_facet_counts_add_up_and_each_link_gives_its_count(client, seeded):
    response = client.get("/articles/?language=en")
    facets = response.context["facets"]
    assert {item["value"]: item["count"] for item in facets["year"]} == {2014: 2, 2016: 1, 2017: 1}
    assert [(item["label"], item["count"]) for item in facets["publisher"]] == [
        ("BNN", 1),
        ("China News Service", 1),
        ("Multichannel Merchant", 1),
        ("The Globe and Mail", 1),
    ]
    assert [item["count"] for item in facets["language"]] == [4]
    for name in ("year", "publisher", "person", "initiative"):
        for item in facets[name]:
            assert item["url"].count("language=en") == 1
            followed = client.get(f"/articles/{item['url']}")
            assert len(listed(followed)) == item["count"], (name, item)


def test_active_filters_are_shown_and_removable(client, seeded):
    response = client.get("/articles/?year=2014&person=stephen-harper")
    html = response.content.decode()
    assert "Person: <strong>Stephen Harper</strong>" in html
    remove = next(
        f["remove_url"] for f in response.context["active_filters"] if f["label"] == "Person"
    )
    assert remove == "?year=2014"
    assert len(listed(client.get(f"/articles/{remove}"))) == 2


def test_pages_keep_the_filters_in_their_links(client, db):
    archive_create(45)
    response = client.get("/articles/?person=jack-ma&sort=date")
    html = unescape(response.content.decode())
    assert "?person=jack-ma&sort=date&page=2" in html
    second = client.get("/articles/?person=jack-ma&sort=date&page=2")
    assert second.status_code == 200
    assert listed(second) == [f"article-{n}.txt" for n in range(20, 40)]
    last = client.get("/articles/?person=jack-ma&sort=date&page=3")
    assert listed(last) == [f"article-{n}.txt" for n in range(40, 45)]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("year=abc", "year"),
        ("year=99999", "year"),
        ("year=2014.5", "year"),
        ("date_after=2017-02-30", "date_after"),
        ("date_before=yesterday", "date_before"),
        ("date_after=2017-01-01&date_before=2016-01-01", "date_before"),
        ("person=nobody-at-all", "person"),
        ("publisher=%00", "publisher"),
        ("language=de", "language"),
        ("sort=bogus", "sort"),
        ("sort=%00", "sort"),
        ("place=" + "x" * 10_000, "place"),
        ("year=%002014", "year"),
    ],
)
def test_bad_article_filters_answer_400_naming_the_parameter(client, seeded, query, parameter):
    response = client.get(f"/articles/?{query}")
    assert response.status_code == 400
    assert f"<code>{parameter}</code>" in response.content.decode()


@pytest.mark.parametrize("page", ["0", "-1", "999999", "abc", "%00", "1" * 400, "2"])
def test_page_numbers_out_of_range_answer_404(client, seeded, page):
    assert_not_found(client, f"/articles/?page={page}")


def test_repeated_parameters_take_the_last_value(client, seeded):
    response = client.get("/articles/?year=2016&year=2014")
    assert response.status_code == 200
    assert listed(response) == names("xinhua", "globe")


def test_unknown_parameters_such_as_lookup_injection_are_ignored(client, seeded):
    response = client.get("/articles/?headline__regex=.*&_connector=OR&raw_text__contains=x")
    assert response.status_code == 200
    assert len(listed(response)) == 5


def test_leaders_filter_lists_only_leaders(client, seeded):
    response = client.get("/people/?role=leader")
    assert {p.slug for p in response.context["object_list"]} == LEADERS
    refused = client.get("/people/?role=astronaut")
    assert refused.status_code == 400
    assert (
        "<li><code>role</code>: Select a valid choice. astronaut is not one of the available"
        " choices.</li>"
    ) in refused.content.decode()


def test_date_archives_respect_date_precision(client, seeded):
    year = client.get("/archive/2016/").content.decode()
    assert '<time datetime="2016-09">September 2016</time>' in year
    assert "1 September 2016" not in year
    month = client.get("/archive/2016/09/")
    assert SEED["summit"] in listed_timeline(month)
    # Issue 17.13: an empty year inside the archive's span answers (tests/test_pages.py).
    assert client.get("/archive/2015/").status_code == 200
    assert_not_found(client, "/archive/2014/13/")
    assert_not_found(client, "/archive/2014/10/")


def listed_timeline(response) -> list[str]:
    slugs = re.findall(r'<a href="/articles/([^/]+)/"', response.content.decode())
    by_slug = dict(Article.objects.values_list("slug", "source_name"))
    return [by_slug[slug] for slug in slugs if slug in by_slug]


def test_timeline_lists_events_and_articles_in_date_order(client, seeded):
    html = client.get("/timeline/").content.decode()
    dates = re.findall(r'<time datetime="([\d-]+)">', html)
    assert dates == sorted(dates)
    assert "Gateway" in html and SEED["bnn"] in listed_timeline(client.get("/timeline/"))


def test_entity_page_charts_mentions_and_lists_co_mentions(client, seeded):
    response = client.get("/people/jack-ma/")
    html = response.content.decode()
    assert "<svg" in html and "Articles naming Jack Ma, per year" in html
    # Trudeau is named in three of the five texts (000, 003, 004), Jack Ma in all five.
    assert (
        '<a href="/people/justin-trudeau/">Justin Trudeau</a> <span class="meta">3 articles' in html
    )


@pytest.mark.parametrize(
    ("query", "figures"),
    [
        (
            "unit=lobsters&sort=-value",
            ["200,000 Canadian lobsters", "200,000 Canadian lobster", "20,000 lobsters"],
        ),
        ("kind=exports", ["89,2 millions de dollars"]),
        (
            # Issue 17.7: a population is not a trade figure; all figures asked for.
            "min_value=1000000000&sort=-value&figures=all",
            [
                "$25-billion (U.S.)",
                "$5.8-billion",
                "1.4 billion consumers",
                "more than one billion people",
            ],
        ),
        ("place=new-brunswick&kind=exports", ["89,2 millions de dollars"]),
        ("year=2016&unit=CAD", ["89,2 millions de dollars"]),
    ],
)
def test_fact_filters_give_exactly_the_right_facts(client, seeded, query, figures):
    response = client.get(f"/facts/?{query}")
    assert response.status_code == 200
    assert [fact.figure for fact in response.context["object_list"]] == figures


def test_fact_rows_link_to_their_passages(client, seeded):
    html = client.get("/facts/?figures=all").content.decode()  # issue 17.7: trade by default
    for fact in TradeFact.objects.select_related("article"):
        assert f'href="{fact.get_absolute_url()}"' in html


@pytest.mark.parametrize(
    "url", ["/facts/export.csv?unit=lobsters", "/facts/?unit=lobsters&format=csv"]
)
def test_csv_export_has_every_filtered_row_with_its_passage(client, seeded, url):
    response = client.get(url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert sorted(row["figure"] for row in rows) == [  # all three in The Globe and Mail's
        "20,000 lobsters",
        "200,000 Canadian lobster",
        "200,000 Canadian lobsters",
    ]
    for row in rows:
        fact = TradeFact.objects.select_related("article").get(pk=row["fact_id"])
        assert row["passage"] == fact.article.body[fact.start : fact.end]
        assert row["article_url"].endswith(fact.article.get_absolute_url())
        assert row["passage_url"].endswith(f"#fact-{fact.pk}")


def test_csv_export_of_all_figures_has_every_fact(client, seeded):
    body = b"".join(client.get("/facts/export.csv?figures=all").streaming_content).decode()
    # fixtures/annotations.yaml: 4 + 1 + 12 + 6 + 5 facts in the five texts.
    assert len(list(csv.DictReader(io.StringIO(body)))) == 28


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("min_value=-5", "min_value"),
        ("min_value=abc", "min_value"),
        ("max_value=1e999", "max_value"),
        ("kind=nonsense", "kind"),
        ("sort=random", "sort"),
        ("year=20x6", "year"),
        ("person=%00", "person"),
        ("unit=parsecs", "unit"),
    ],
)
def test_bad_fact_filters_answer_400_naming_the_parameter(client, seeded, query, parameter):
    page = client.get(f"/facts/?{query}")
    assert page.status_code == 400
    html = page.content.decode()
    assert f"<li><code>{parameter}</code>: " in html
    assert "Nothing is listed until the parameters are corrected." in html
    download = client.get(f"/facts/export.csv?{query}")
    assert download.status_code == 400
    assert download.content.decode().startswith(f"Bad parameters: {parameter}: ")


def test_no_page_is_a_dead_end(client, seeded):
    """Every internal link on every page answers 200 (query-string links one level deep)."""
    seen, queue = set(), ["/"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        if "?" in url or not response["Content-Type"].startswith("text/html"):
            continue
        for link in re.findall(r'href="(/[^"#]*)', response.content.decode()):
            link = unescape(link)
            if not link.startswith(("/static/", "/admin/")):
                queue.append(link)
    assert len(seen) > 100


PAGES = [
    "/",
    "/articles/",
    "/articles/?person=jack-ma&year=2010",
    "/articles/article-3/",
    "/people/",
    "/people/?role=leader",
    "/people/jack-ma/",
    "/organisations/alibaba/",
    "/places/toronto/",
    "/initiatives/pavilion/",
    "/events/",
    "/events/gateway/",
    "/timeline/",
    "/archive/2010/",
    "/facts/",
    "/facts/?sort=-value&unit=lobsters",
]


@pytest.mark.parametrize("url", PAGES)
def test_query_count_does_not_grow_with_the_archive(db, django_assert_max_num_queries, url):
    """The first request after a write also builds the facet snapshot (five statements,
    articles/facets.py); the next ones read it."""
    client = Client()
    archive_create(5)
    with django_assert_max_num_queries(25) as cold:
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(20) as warm:
        assert client.get(url).status_code == 200
    archive_create_more(45)
    with django_assert_max_num_queries(len(cold.captured_queries)):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(len(warm.captured_queries)):
        assert client.get(url).status_code == 200


def archive_create_more(count):
    from tests.factories import article_create

    template = Article.objects.get(slug="article-0")
    for number in range(5, 5 + count):
        article = article_create(number)
        for mention in template.mentions.all():
            mention.pk, mention.article = None, article
            mention.save()
        for fact in template.facts.all():
            fact.pk, fact.article = None, article
            fact.save()
        for quote in template.quotes.all():
            quote.pk, quote.article = None, article
            quote.save()
        for event in template.events.all():  # from the declaring side, as history needs
            event.articles.add(article)


def test_periods_with_many_articles_link_to_the_paginated_list(client, db, monkeypatch):
    monkeypatch.setattr("articles.selectors.TIMELINE_ARTICLE_LIMIT", 3)
    archive_create(10)  # all in 2010-2011
    timeline = client.get("/timeline/")
    html = unescape(timeline.content.decode())
    assert "10 articles in this period" in html and 'href="/archive/2010/"' in html
    assert "article-item" not in html and "Gateway" in html
    year = client.get("/archive/2010/").content.decode()
    link = unescape(re.search(r'href="(/articles/\?date_after=[^"]+)"', year).group(1))
    assert link == "/articles/?date_after=2010-01-01&date_before=2010-12-31&sort=date"
    # Article n is dated 37n days after 1 January 2010: the ten fall in 2010, oldest first.
    assert listed(client.get(link)) == [f"article-{n}.txt" for n in range(10)]
