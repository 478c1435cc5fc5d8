"""Hit sets: search pages the same with and without them, and fresh after every write."""

import datetime

import pytest
from django.test import Client, override_settings

from articles.models import Article
from articles.search import hitsets
from tests.factories import BODY, archive_create, article_create, spec_create

HIT_SETS_OFF = override_settings(ARCHIVE_HIT_SETS=False)

URLS = [
    "/search/?q=lobsters",
    "/search/?q=lobsters&sort=-date",
    "/search/?q=lobsters&sort=date&page=2",
    "/search/?q=lobsters&year=2011&language=en",
    "/search/?q=lobsters -pineapple",
    "/search/?q=lobsters OR pineapple",
    '/search/?q="jack ma"',
    "/search/?q=Lobsters&mode=exact",
    "/search/?q=pineapple",
]


@pytest.fixture
def archive(db):
    """25 articles over three years; five of them also about pineapples, one in French."""
    archive_create(20)
    for number in range(20, 25):
        article_create(number, body=BODY + " The pineapple harvest.", language="fr")
    hitsets._local.clear()


@pytest.fixture
def computed(monkeypatch):
    """The queries whose hit set was computed by the engine (not read back), in order."""
    calls = []
    real = hitsets.hit_set

    def spy(query, compute):
        def counted():
            calls.append(query)
            return compute()

        return real(query, counted)

    monkeypatch.setattr(hitsets, "hit_set", spy)
    return calls


def seen(url: str) -> dict:
    """What a reader sees of a search page: its count, facets and articles in order."""
    response = Client().get(url)
    assert response.status_code == 200
    context = response.context
    return {
        "count": context["page_obj"].paginator.count,
        "facets": context["facets"],
        "articles": [hit["article"].slug for hit in context["hits"]],
    }


@pytest.mark.parametrize("url", URLS)
def test_search_pages_are_the_same_with_and_without_hit_sets(archive, url):
    with HIT_SETS_OFF:
        before = seen(url)
    assert seen(url) == before  # computed
    assert seen(url) == before  # read back


def test_what_the_pages_show(archive):
    assert seen("/search/?q=lobsters")["count"] == 25
    assert seen("/search/?q=pineapple")["articles"] == [f"article-{n}" for n in range(24, 19, -1)]
    assert seen("/search/?q=lobsters -pineapple")["count"] == 20
    assert seen("/search/?q=lobsters&year=2012")["articles"] == [
        f"article-{n}" for n in range(24, 19, -1)
    ]


def test_a_query_is_matched_once_per_archive_version(archive, computed):
    seen("/search/?q=lobsters")
    seen("/search/?q=lobsters&sort=-date")
    seen("/search/?q=lobsters&page=2")
    seen("/search/?q=lobsters&year=2011")
    assert len(computed) == 1
    hitsets._local.clear()  # another worker: the set comes from the shared cache
    seen("/search/?q=lobsters")
    assert len(computed) == 1
    Article.objects.filter(slug="article-0").update(headline="Article zero")
    seen("/search/?q=lobsters")
    assert len(computed) == 2


def test_an_edit_shows_at_once(archive):
    assert seen("/search/?q=pineapple")["count"] == 5
    article = Article.objects.get(slug="article-3")
    article.body = BODY + " A pineapple, too."
    article.save()
    found = seen("/search/?q=pineapple")["articles"]  # ranked by each engine's own score
    assert sorted(found) == [
        "article-20",
        "article-21",
        "article-22",
        "article-23",
        "article-24",
        "article-3",
    ]


def test_a_delete_shows_at_once(archive):
    assert seen("/search/?q=pineapple")["count"] == 5
    Article.objects.get(slug="article-22").delete()
    assert seen("/search/?q=pineapple")["articles"] == [
        "article-24",
        "article-23",
        "article-21",
        "article-20",
    ]


def test_an_import_shows_at_once(archive):
    from articles.importing import NameIndex, articles_import

    assert seen("/search/?q=mango")["count"] == 0
    spec = spec_create(
        raw_text="Mangoes\n\nJustin Trudeau tastes a mango.\n",
        slug="imported",
        headline="Mangoes",
        published_on=datetime.date(2030, 1, 2),
    )
    articles_import(specs=[spec], index=NameIndex.build())
    assert seen("/search/?q=mango")["articles"] == ["imported"]
