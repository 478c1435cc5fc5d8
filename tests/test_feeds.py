"""Following: the Atom feeds read by feedparser, their pages' links to them, sitemap and
robots.txt."""

import xml.etree.ElementTree as ElementTree

import feedparser

from articles.models import Article, Event, Initiative, Organisation, Person, Place
from tests.conftest import assert_not_found
from tests.test_citations import PageReader

NEWEST_FIRST = [
    "alibaba-founder-jack-ma-urges-canadian-small-business-to-look-to-china-for-growth",
    "le-premier-ministre-gallant-rencontre-le-president-dalibaba-group",
    "alibaba-group-strikes-a-deal-with-the-canadian-government",
    "canadian-pm-meets-alibabas-jack-ma-for-sme-growth",
    "alibaba-touts-ties-to-canada-on-harpers-china-trade-trip",
]


def read_feed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def entry_slugs(feed) -> list[str]:
    prefix = "http://testserver/articles/"
    assert all(entry.link.startswith(prefix) for entry in feed.entries)
    return [entry.link.removeprefix(prefix).rstrip("/") for entry in feed.entries]


def page_slugs(articles) -> list[str]:
    return [article.slug for article in articles]


def test_newest_articles_feed_holds_the_article_list_in_its_order(client, seeded):
    feed = read_feed(client, "/feeds/articles/")
    assert entry_slugs(feed) == NEWEST_FIRST
    listed = client.get("/articles/").context["object_list"]
    assert entry_slugs(feed) == page_slugs(listed)
    assert feed.feed.title == "Articles · Alibaba & Canada news archive"
    assert feed.feed.link == "http://testserver/articles/"


def test_articles_feed_takes_the_list_filters(client, seeded):
    feed = read_feed(client, "/feeds/articles/?year=2017&sort=date")
    assert entry_slugs(feed) == NEWEST_FIRST[:2][::-1]
    listed = client.get("/articles/?year=2017&sort=date").context["object_list"]
    assert entry_slugs(feed) == page_slugs(listed)
    assert feed.feed.link == "http://testserver/articles/?year=2017&sort=date"


def test_an_entry_says_its_date_only_as_precisely_as_known(client, seeded):
    feed = read_feed(client, "/feeds/articles/")
    by_slug = dict(zip(entry_slugs(feed), feed.entries, strict=True))
    day = by_slug["canadian-pm-meets-alibabas-jack-ma-for-sme-growth"]
    assert day.published == "2014-11-08T00:00:00+00:00"
    assert day.summary == "China News Service · 8 November 2014 · English"
    month = by_slug["le-premier-ministre-gallant-rencontre-le-president-dalibaba-group"]
    assert "published" not in month  # no invented day
    assert month.summary == "Government of New Brunswick · September 2017 · French"
    assert (
        month.title
        == "Le premier ministre Gallant rencontre le président d’Alibaba Group à Toronto"
    )
    assert month.author == "Government of New Brunswick"


# Each record with the articles linked to it, newest first: those naming it (Gallant, the
# growth plan and Fredericton only in the French release; Alibaba in all five) and, for an
# event, those reporting it (Gateway '17: the release and BNN).
RECORDS = [
    (Person, "people", "brian-gallant", NEWEST_FIRST[1:2]),
    (Organisation, "organisations", "alibaba-group", NEWEST_FIRST),
    (Place, "places", "fredericton", NEWEST_FIRST[1:2]),
    (Initiative, "initiatives", "new-brunswick-economic-growth-plan", NEWEST_FIRST[1:2]),
    (Event, "events", "gateway-17", NEWEST_FIRST[:2]),
]


def test_each_record_feed_holds_the_articles_of_its_page(client, seeded):
    for model, prefix, slug, linked in RECORDS:
        record = model.objects.get(slug=slug)
        feed = read_feed(client, f"/feeds/{prefix}/{slug}/")
        shown = client.get(record.get_absolute_url()).context["articles"]
        assert entry_slugs(feed) == page_slugs(shown) == linked, slug
        assert (
            feed.feed.title == f"Articles linked to {record.name} · Alibaba & Canada news archive"
        )


def test_record_feed_entries_are_exact(client, seeded):
    feed = read_feed(client, "/feeds/people/brian-gallant/")
    assert entry_slugs(feed) == [NEWEST_FIRST[1]]


def test_feed_of_an_unknown_record_is_404(client, seeded):
    for prefix in ("people", "organisations", "places", "initiatives", "events"):
        assert_not_found(client, f"/feeds/{prefix}/no-such-record/")


SEARCHES = [
    "q=trade",
    "q=alibaba&sort=date",
    "q=alibaba&sort=-date&language=en",
    "q=Nouveau-Brunswick",
]


def test_search_feed_holds_the_first_results_of_the_search_page(client, seeded):
    for query in SEARCHES:
        feed = read_feed(client, f"/feeds/search/?{query}")
        hits = client.get(f"/search/?{query}").context["hits"]
        assert entry_slugs(feed) == [hit["article"].slug for hit in hits], query
        assert feed.feed.link == f"http://testserver/search/?{query}"


def test_search_feed_entries_are_exact(client, seeded):
    feed = read_feed(client, "/feeds/search/?q=gallant")
    assert entry_slugs(feed) == [NEWEST_FIRST[1]]
    feed = read_feed(client, "/feeds/search/?q=alibaba&sort=date&year=2014")
    assert entry_slugs(feed) == NEWEST_FIRST[3:][::-1]


MALFORMED = [
    ("", "q: nothing to search for."),
    ("q=OR", "the search page would ignore a lone OR"),
    ("q=%22trade", "the search page would ignore an unbalanced quotation mark"),
    ("q=trade&year=twenty", "year: Enter a number."),
    ("q=trade&person=nobody", "person: Select a valid choice."),
    ("q=trade&date_after=2017-01-01&date_before=2016-01-01", "date_before must not"),
    ("q=trade&mode=fuzzy", "the search page would ignore mode 'fuzzy' (use stemmed or exact)"),
    ("q=trade&sort=best", "would ignore sort 'best' (use relevance, date or -date)"),
]


def test_search_feed_of_a_malformed_query_is_400(client, seeded):
    for query, message in MALFORMED:
        response = client.get(f"/feeds/search/?{query}")
        assert response.status_code == 400, query
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert message in response.content.decode()


def test_articles_feed_with_a_bad_filter_is_400(client, seeded):
    response = client.get("/feeds/articles/?language=de")
    assert response.status_code == 400
    assert "language: Select a valid choice." in response.content.decode()


def alternate_feeds(client, url: str) -> list[str]:
    page = PageReader(client.get(url).content.decode())
    return [
        link["href"]
        for link in page.links
        if link.get("rel") == "alternate" and link.get("type") == "application/atom+xml"
    ]


FEED_LINKS = [
    ("/", "/feeds/articles/"),
    ("/articles/", "/feeds/articles/"),
    ("/articles/?year=2017&page=1", "/feeds/articles/?year=2017"),
    ("/search/?q=trade&language=en", "/feeds/search/?q=trade&language=en"),
    ("/people/brian-gallant/", "/feeds/people/brian-gallant/"),
    ("/organisations/alibaba-group/", "/feeds/organisations/alibaba-group/"),
    ("/places/fredericton/", "/feeds/places/fredericton/"),
    (
        "/initiatives/new-brunswick-economic-growth-plan/",
        "/feeds/initiatives/new-brunswick-economic-growth-plan/",
    ),
    ("/events/gateway-17/", "/feeds/events/gateway-17/"),
]


def test_each_list_page_links_its_feed(client, seeded):
    for page, feed in FEED_LINKS:
        (href,) = alternate_feeds(client, page)
        assert href == feed, page
        read_feed(client, href)


def test_a_blank_search_page_links_no_feed(client, seeded):
    assert alternate_feeds(client, "/search/") == []


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_lists_every_article_record_and_list_page(client, seeded):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    urls = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert len(urls) == len(set(urls))
    for article in Article.objects.all():
        assert f"http://testserver{article.get_absolute_url()}" in urls
    for model in (Person, Organisation, Place, Initiative, Event):
        for record in model.objects.all():
            assert f"http://testserver{record.get_absolute_url()}" in urls
    for page in ("/", "/articles/", "/people/", "/events/", "/timeline/", "/facts/"):
        assert f"http://testserver{page}" in urls
    # fixtures: 5 articles; 10 people, 18 organisations, 26 places, 9 initiatives, 12 events;
    # and the 9 list pages.
    assert len(urls) == 5 + 10 + 18 + 26 + 9 + 12 + 9
    assert not [url for url in urls if "/raw/" in url or "/admin/" in url]


def test_robots_txt_allows_pages_and_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /articles/*/raw/",
        "Allow: /",
        "Sitemap: http://testserver/sitemap.xml",
    ]
