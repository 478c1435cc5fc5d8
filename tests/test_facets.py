"""Facet bitmaps, the archive's version and the page cache: same pages, fresh after writes."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client, override_settings

from articles.editing import records_merge
from articles.models import Article, Mention, Person, Publisher, Quote, TradeFact
from articles.versioning import read_version
from tests.factories import archive_create, article_create, spec_create

BITMAPS_OFF = override_settings(ARCHIVE_FACET_BITMAPS=False)
CACHE_ON = override_settings(ARCHIVE_PAGE_CACHE=True)

URLS = [
    "/articles/",
    "/articles/?year=2010",
    "/articles/?language=fr",
    "/articles/?person=jack-ma",
    "/articles/?publisher=other-weekly&sort=headline",
    "/search/?q=lobsters",
    "/search/?q=lobsters&sort=-date",
    "/search/?q=lobsters&sort=-date&page=2",
    "/search/?q=lobsters&year=2011&language=en",
    "/search/?q=trudeau",
]


@pytest.fixture
def archive(db):
    """25 articles over three years, two publishers, both languages, three leaders named."""
    articles = archive_create(20)
    other = Publisher.objects.create(name="Other Weekly", slug="other-weekly")
    for number in range(20, 25):
        articles.append(article_create(number, publisher=other, language="fr"))
    article_create(25, published_on=None, date_precision="unknown")  # undated: listed last
    Article.objects.filter(slug="article-3").update(language="fr")
    return articles


def page(url: str, client=None) -> dict:
    """What a reader sees of a list or search page: its facets, counts and articles in order."""
    response = (client or Client()).get(url)
    assert response.status_code == 200
    context = response.context
    listed = context.get("hits") or context.get("page_obj").object_list
    slugs = [(item["article"] if isinstance(item, dict) else item).slug for item in listed]
    count = context["page_obj"].paginator.count
    return {"facets": context["facets"], "count": count, "articles": slugs}


@pytest.mark.parametrize("url", URLS)
def test_pages_are_the_same_with_and_without_bitmaps(archive, url):
    with BITMAPS_OFF:
        before = page(url)
    assert page(url) == before
    assert before["articles"]  # a page with something to compare


def test_facet_counts_are_those_of_the_archive(archive):
    facets = page("/articles/")["facets"]
    assert [(f["value"], f["count"]) for f in facets["year"]] == [
        (2010, 10),
        (2011, 10),
        (2012, 5),
        (None, 1),
    ]
    assert [(f["value"], f["count"]) for f in facets["language"]] == [("en", 20), ("fr", 6)]
    assert [(f["value"], f["count"]) for f in facets["publisher"]] == [
        ("example-daily", 21),
        ("other-weekly", 5),
    ]
    assert [(f["value"], f["count"]) for f in facets["person"]] == [
        ("jack-ma", 20),  # a founder, a leader as much as the prime minister
        ("justin-trudeau", 20),
    ]
    assert [(f["value"], f["count"]) for f in facets["initiative"]] == [("pavilion", 20)]


@pytest.mark.parametrize("walk_share", [50, 10**9])  # walk the date order; or sort in SQL
def test_newest_first_is_by_date_undated_last(archive, monkeypatch, walk_share):
    from articles.search import results

    monkeypatch.setattr(results, "WALK_SHARE", walk_share)
    assert page("/search/?q=lobsters&sort=-date")["articles"] == [
        f"article-{n}" for n in range(24, 4, -1)
    ]
    assert page("/search/?q=lobsters&sort=-date&page=2")["articles"] == [
        "article-4",
        "article-3",
        "article-2",
        "article-1",
        "article-0",
        "article-25",
    ]


def test_home_and_timeline_counts_are_the_same_with_and_without_bitmaps(archive):
    def seen():
        home, timeline = Client().get("/").context, Client().get("/timeline/").context
        return (
            home["counts"],
            home["timeline"],
            list(home["initiatives"]),
            [(p.slug, p.article_count) for p in home["leaders"]],
            timeline["article_count"],
            list(timeline["years"]),
        )

    with BITMAPS_OFF:
        before = seen()
    assert seen() == before
    assert before[0][0] == {"label": "articles", "count": 26, "url": "/articles/"}


def test_an_edit_shows_at_once(archive):
    assert page("/articles/?year=2012")["count"] == 5
    article = Article.objects.get(slug="article-0")
    article.published_on = datetime.date(2012, 5, 1)
    article.save()
    after = page("/articles/?year=2012")
    assert after["count"] == 6
    assert {"value": 2012, "label": 2012, "count": 6} in [
        {k: f[k] for k in ("value", "label", "count")} for f in after["facets"]["year"]
    ]


def test_a_write_without_signals_shows_at_once(archive):
    """An UPDATE in SQL (as another process, a bulk path or a merge would write) changes
    the version every process reads, so no worker keeps its old bitmaps."""
    page("/articles/")
    version = read_version()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE articles_article SET language = 'fr' WHERE slug = 'article-1'")
    assert read_version() != version
    languages = page("/articles/")["facets"]["language"]
    assert [(f["value"], f["count"]) for f in languages] == [("en", 19), ("fr", 7)]


def test_delete_and_merge_show_at_once(archive):
    page("/articles/")
    Mention.objects.filter(article__slug="article-0", person__slug="justin-trudeau").delete()
    facets = page("/articles/")["facets"]
    assert [(f["value"], f["count"]) for f in facets["person"]] == [
        ("jack-ma", 20),
        ("justin-trudeau", 19),
    ]
    Article.objects.get(slug="article-25").delete()
    assert [f["value"] for f in page("/articles/")["facets"]["year"]] == [2010, 2011, 2012]
    # Jack Ma merged into Trudeau: his mentions count for Trudeau, article-0's too.
    records_merge(
        keep=Person.objects.get(slug="justin-trudeau"),
        duplicates=[Person.objects.get(slug="jack-ma")],
    )
    facets = page("/articles/")["facets"]
    assert [(f["value"], f["count"]) for f in facets["person"]] == [("justin-trudeau", 20)]
    with BITMAPS_OFF:
        assert page("/articles/")["facets"] == facets


def test_an_import_shows_at_once(archive):
    from articles.importing import NameIndex, articles_import

    page("/articles/")
    spec = spec_create(
        raw_text="New\n\nJustin Trudeau speaks.\n",
        slug="imported",
        headline="New",
        published_on=datetime.date(2030, 1, 2),
    )
    articles_import(specs=[spec], index=NameIndex.build())
    facets = page("/articles/")["facets"]
    assert (2030, 1) in [(f["value"], f["count"]) for f in facets["year"]]
    assert ("justin-trudeau", 21) in [(f["value"], f["count"]) for f in facets["person"]]


@CACHE_ON
def test_the_page_cache_serves_readers_and_forgets_on_write(archive):
    client = Client()
    first = client.get("/articles/")
    assert first["X-Archive-Cache"] == "miss"
    again = client.get("/articles/")
    assert again["X-Archive-Cache"] == "hit"
    assert again.content == first.content
    Article.objects.filter(slug="article-19").update(headline="An editor's new headline")
    fresh = client.get("/articles/")
    assert fresh["X-Archive-Cache"] == "miss"
    assert "An editor&#x27;s new headline" in fresh.content.decode()


@CACHE_ON
def test_editors_bypass_the_page_cache(archive):
    editor = User.objects.create_user("editor", password="pw-long-enough-1")
    client = Client()
    client.force_login(editor)
    client.get("/articles/")
    response = client.get("/articles/")
    assert "X-Archive-Cache" not in response
    assert response.context is not None  # rendered for them


@CACHE_ON
def test_cached_pages_are_those_rendered(archive):
    for url in ["/", "/timeline/", "/search/?q=lobsters&sort=-date"]:
        with override_settings(ARCHIVE_PAGE_CACHE=False):
            rendered = Client().get(url).content
        Client().get(url)
        cached = Client().get(url)
        assert cached["X-Archive-Cache"] == "hit"
        assert cached.content == rendered


@pytest.mark.parametrize(
    ("url", "most"),
    [
        ("/articles/", 9),
        ("/articles/?year=2010&language=en", 10),
        ("/search/?q=lobsters", 16),
        ("/search/?q=lobsters&sort=-date", 14),
        ("/", 12),
        ("/timeline/", 6),
    ],
)
def test_statements_per_page_are_few_and_do_not_grow(
    archive, django_assert_max_num_queries, url, most
):
    Client().get(url)  # the snapshot is built once per version, not per request
    with django_assert_max_num_queries(most) as small:
        assert Client().get(url).status_code == 200
    statements = len(small.captured_queries)  # read now: each request empties the log
    for number in range(30, 60):
        article_create(number)
    Client().get(url)
    with django_assert_max_num_queries(statements):
        assert Client().get(url).status_code == 200


def test_a_record_page_lists_its_newest_articles_and_links_to_all(archive, monkeypatch):
    from articles import selectors

    monkeypatch.setattr(selectors, "RECORD_PAGE_ARTICLES", 5)
    response = Client().get("/people/jack-ma/")
    assert [a.slug for a in response.context["articles"]] == [
        f"article-{n}" for n in range(19, 14, -1)
    ]
    html = response.content.decode()
    assert "Articles mentioning Jack Ma (20)" in html
    assert 'The newest 5 of 20: <a href="/articles/?person=jack-ma">all 20 articles' in html


@pytest.mark.parametrize(
    "url", ["/people/jack-ma/", "/places/toronto/", "/initiatives/pavilion/", "/events/gateway/"]
)
def test_record_pages_are_the_same_with_and_without_bitmaps(archive, url):
    def seen():
        context = Client().get(url).context
        bars = [(bar.label, bar.count) for bar in context["chart"].bars]
        return context["article_count"], bars, [a.slug for a in context["articles"]]

    with BITMAPS_OFF:
        before = seen()
    assert seen() == before
    assert before[0] == 20 and before[1] == [("2010", 10), ("2011", 10), ("2012", 0)]
    TradeFact.objects.filter(article__slug="article-19").delete()  # fresh after writes
    Quote.objects.filter(article__slug="article-19").delete()
    Article.objects.get(slug="article-19").delete()
    with BITMAPS_OFF:
        after = seen()
    assert seen() == after
    assert after[0] == 19 and after[1] == [("2010", 10), ("2011", 9), ("2012", 0)]
