import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from articles.models import Article, Event, Initiative, Organisation, Person, Place, TradeFact
from tests.conftest import SEED_FILES, assert_not_found

ENTITY_MODELS = (Person, Organisation, Place, Initiative, Event)


def test_home_says_what_the_archive_holds(client, seeded):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>5</strong> articles" in html
    assert '<time datetime="2014-11-07">7 November 2014</time>' in html
    assert '<time datetime="2017-09-25">25 September 2017</time>' in html
    for article in Article.objects.all():
        assert article.get_absolute_url() in html


def test_home_on_an_empty_archive_explains_how_to_load_it(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "import_articles" in response.content.decode()


def test_article_page_shows_provenance_and_links_mentions(client, seeded):
    article = Article.objects.get(source_name="003_4a50b3e74e47d2c4.txt")
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert "the archive supplied this one" in html
    assert '<time datetime="2017-09">septembre 2017</time>' not in html  # metadata is in English
    assert '<time datetime="2017-09">September 2017</time>' in html
    assert "Established externally" in html or "established externally" in html
    gallant = Person.objects.get(slug="brian-gallant")
    assert re.search(
        rf'<a class="mention mention-person" href="{gallant.get_absolute_url()}"', html
    )
    fact = article.facts.get(figure__startswith="89,2")
    assert f'id="fact-{fact.pk}"' in html


def test_article_page_never_shows_more_date_precision_than_known(client, seeded):
    article = Article.objects.get(source_name="000_5c50f46f84eac955.txt")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<time datetime="2016-09">September 2016</time>' in html
    assert "1 September 2016" not in html


def test_every_link_on_every_article_page_resolves(client, seeded):
    for article in Article.objects.all():
        html = client.get(article.get_absolute_url()).content.decode()
        links = set(re.findall(r'href="(/[^"#]*)', html)) - {
            "/static/css/archive.css",
            "/static/css/print.css",
        }
        assert links
        for link in links:
            assert client.get(link).status_code == 200, link


def test_every_entity_has_a_page(client, seeded):
    for model in ENTITY_MODELS:
        for entity in model.objects.all():
            response = client.get(entity.get_absolute_url())
            assert response.status_code == 200
            assert escape(entity.name) in response.content.decode()


def test_person_page_lists_roles_articles_and_quotes(client, seeded):
    ma = Person.objects.get(slug="jack-ma")
    html = client.get(ma.get_absolute_url()).content.decode()
    alibaba = '<a href="/organisations/alibaba-group/">Alibaba Group</a>'
    for role in [  # fixtures/annotations.yaml
        "Founder of Alibaba Group (since 1999)",
        "Chief Executive Officer of Alibaba Group (1999–2013)",
        "Executive Chairman of Alibaba Group (since 2013)",
    ]:
        assert f"<li>{role}, {alibaba}</li>" in html
    # Jack Ma is named in all five texts: each is listed under "Articles mentioning Jack Ma".
    section = html[html.index("Articles mentioning Jack Ma (5)") :]
    for article in Article.objects.all():
        assert article.get_absolute_url() in section
    for quote in ma.quotes.all():
        assert f"#quote-{quote.pk}" in html


def test_raw_view_returns_the_source_bytes(client, seeded):
    for path in SEED_FILES:
        article = Article.objects.get(source_name=path.name)
        response = client.get(reverse("articles:article-raw", args=[article.slug]))
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response.content == path.read_bytes()


@pytest.mark.parametrize(
    "url",
    [
        "/articles/no-such-article/",
        "/articles/no-such/raw/",
        "/people/nobody/",
        "/places/atlantis/",
        "/events/nothing/",
    ],
)
def test_unknown_records_answer_404(client, seeded, url):
    assert_not_found(client, url)


def test_an_unknown_article_is_404_whatever_its_parameters(client, seeded):
    assert_not_found(client, "/articles/no-such-article/?hide=photos")


def test_fact_anchor_is_in_the_article_page(client, seeded):
    fact = TradeFact.objects.select_related("article").first()
    html = client.get(fact.article.get_absolute_url()).content.decode()
    assert f'id="fact-{fact.pk}"' in html


def test_article_page_query_count_is_bounded(client, seeded, django_assert_max_num_queries):
    for article in Article.objects.all():
        with django_assert_max_num_queries(12):
            response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        heading = re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S).group(1)
        assert re.sub(r"<[^>]+>", "", heading) == escape(article.headline)  # names linked
