"""Reading as a corpus: the concordance (keyword in context) and attention over time; and
bad input to them and to the API, fuzzed like the pages."""

import csv
import io
import re
from html import unescape

import pytest
from django.core.cache import cache
from hypothesis import given, settings
from hypothesis import strategies as st

from articles import concordance
from articles.models import Article
from tests.test_fuzz import FUZZ, PARAMETERS, assert_documented_answer, query_strings


def occurrences(pattern: str, **filters) -> list[tuple[str, int]]:
    """(article slug, offset) of every match of a regex in the article bodies."""
    return sorted(
        (article.slug, match.start())
        for article in Article.objects.filter(**filters)
        for match in re.finditer(pattern, article.body, flags=re.IGNORECASE)
    )


def page_rows(response) -> list[tuple[str, int]]:
    return [(line.article.slug, line.start) for line in response.context["lines"]]


def csv_rows(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.parametrize(
    ("query", "pattern", "filters"),
    [
        ("q=lobsters", r"\blobsters?\b", {}),
        ("q=lobster&mode=exact", r"\blobster\b", {}),
        ("q=lobsters&mode=exact", r"\blobsters\b", {}),
        ("q=Harper", r"\bHarper(?:'s|’s)?\b", {}),
        ("q=Canada&language=fr", r"\bCanada\b", {"language": "fr"}),
        ("q=Canada&year=2014", r"\bCanada\b", {"published_on__year": 2014}),
    ],
)
def test_concordance_has_one_row_per_occurrence(client, seeded, query, pattern, filters):
    response = client.get(f"/concordance/?{query}")
    assert response.status_code == 200
    expected = occurrences(pattern, **filters)
    assert sorted(page_rows(response)) == expected
    assert expected  # each query occurs
    rows = csv_rows(client, f"/concordance/?{query}&format=csv")
    assert sorted((row["article_slug"], int(row["start"])) for row in rows) == expected


def test_each_row_is_its_passage_with_the_words_around_it(client, seeded):
    rows = csv_rows(client, "/concordance/?q=Alibaba&format=csv")
    for row in rows:
        body = Article.objects.get(slug=row["article_slug"]).body
        start, end = int(row["start"]), int(row["end"])
        assert body[start:end] == row["term"]
        assert row["term"].lower() == "alibaba"
        assert " ".join(body[:start].split()).endswith(row["left"].strip())
        assert " ".join(body[end:].split()).startswith(row["right"].strip())
        assert 0 < len(row["left"]) <= concordance.CONTEXT + 40 or start < concordance.CONTEXT


def test_rows_sort_by_the_words_left_or_right_of_the_term(client, seeded):
    # The 17 times the seed texts write Canada: "Air Canada" three times, "in Canada" four...
    left = client.get("/concordance/?q=Canada&sort=left").context["lines"]
    assert [re.findall(r"\w+", line.left)[-1] for line in left] == [
        *["Air", "Air", "Air", "China", "China", "du", "for", "for", "help"],
        *["in", "in", "in", "in", "revealed", "that", "to", "to"],
    ]
    right = client.get("/concordance/?q=Canada&sort=right").context["lines"]
    after = [re.sub(r"^['’]s\b", "", line.right) for line in right]  # Canada's: the term's
    assert [re.findall(r"\w+", words)[0] for words in after] == [
        *["agreed", "Air", "and", "business", "connection", "create", "He", "Justin", "Mark"],
        *["said", "small", "the", "though", "used", "We", "will", "with"],
    ]
    by_article = page_rows(client.get("/concordance/?q=Canada"))
    assert sorted(by_article) == sorted(page_rows(client.get("/concordance/?q=Canada&sort=left")))


def test_a_phrase_is_one_occurrence_and_its_words_alone_are_not(client, seeded):
    response = client.get('/concordance/?q="small business"')
    assert sorted(page_rows(response)) == occurrences(r"\bsmall[ -]business(?:es)?\b")
    assert {line.term.lower() for line in response.context["lines"]} == {"small businesses"}


def test_the_page_links_each_row_to_its_highlight(client, seeded):
    response = client.get("/concordance/?q=lobsters")
    html = response.content.decode()
    for line in response.context["lines"]:
        anchor = f"{line.article.get_absolute_url()}?q=lobsters&amp;mode=stemmed#hit-{line.hit}"
        assert anchor in html
        article = client.get(unescape(anchor).split("#")[0]).content.decode()
        marked = re.search(rf'id="hit-{line.hit}"[^>]*>([^<]+)<', article)
        assert marked and marked.group(1) == line.term


def test_a_stop_word_over_the_archive_shows_the_first_rows_and_streams_all(
    client, seeded, monkeypatch
):
    every = occurrences(r"\bthe\b", language="en")
    monkeypatch.setattr(concordance, "PAGE_ROWS", 10)
    response = client.get("/concordance/?q=the&mode=exact")
    assert response.status_code == 200
    assert len(response.context["lines"]) == 10 and response.context["more"]
    assert "the first 10 are shown" in response.content.decode()
    assert len(csv_rows(client, "/concordance/?q=the&mode=exact&format=csv")) == len(every) > 10


@pytest.mark.parametrize(
    ("query", "note"),
    [("q=trade&mode=fuzzy", "mode 'fuzzy'"), ("q=trade&sort=middle", "sort 'middle'")],
)
def test_unknown_modes_and_sorts_are_ignored_with_a_note(client, seeded, query, note):
    response = client.get(f"/concordance/?{query}")
    assert response.status_code == 200
    assert note in unescape(response.content.decode())


def test_bad_filters_answer_400_naming_them(client, seeded):
    page = client.get("/concordance/?q=trade&year=abc")
    assert page.status_code == 400
    assert "<li><code>year</code>: Enter a number.</li>" in page.content.decode()
    assert "Searched for" not in page.content.decode()  # nothing listed
    download = client.get("/concordance/?q=trade&year=abc&format=csv")
    assert download.status_code == 400
    assert download.content.decode() == "Bad parameters: year: Enter a number.\n"


def test_a_blank_concordance_is_the_form(client, seeded):
    response = client.get("/concordance/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="kwic-q">Words to find</label>' in html
    assert "Searched for" not in html and "Occurrences, sorted by" not in html
    assert csv_rows(client, "/concordance/?format=csv") == []


# Trends ---------------------------------------------------------------------------------------


def count_on(client, url: str) -> int:
    return client.get(url).context["page_obj"].paginator.count


def test_trends_count_and_share_the_matching_articles_per_year(client, seeded):
    response = client.get("/trends/?q=lobster&q=maple+syrup")
    assert response.status_code == 200
    trend = response.context["trend"]
    assert [s.query for s in trend.series] == ["lobster", "maple syrup"]
    assert trend.years == [2014, 2015, 2016, 2017]
    for row in trend.rows:
        total = count_on(client, f"/articles/?year={row.year}")
        assert row.total == total
        for query, (count, percent) in zip(["lobster", "maple syrup"], row.values, strict=True):
            assert count == count_on(client, f"/search/?q={query}&year={row.year}")
            assert percent == (round(100 * count / total, 1) if total else 0.0)
    html = response.content.decode()
    assert html.count("<svg") == 2 and 'class="axis"' in html and "<table" in html
    assert '<title id="trend-count-title">Matching articles per year: lobster, maple syrup' in html
    assert '<th scope="row">2014</th>' in html


def test_trends_download_as_csv_in_long_format(client, seeded):
    rows = csv_rows(client, "/trends/?q=lobster&q=maple+syrup&format=csv")
    assert len(rows) == 8  # four years, two queries
    assert rows[0] == {
        "year": "2014",
        "query": "lobster",
        "matching_articles": str(count_on(client, "/search/?q=lobster&year=2014")),
        "archive_articles": str(count_on(client, "/articles/?year=2014")),
        "share_percent": "100.0",
    }


def test_the_search_page_shows_the_chart_of_its_query(client, seeded):
    html = client.get("/search/?q=Alibaba").content.decode()
    assert "Matching articles per year" in html and "<svg" in html
    assert 'href="/trends/?q=Alibaba&amp;mode=stemmed&amp;format=csv"' in html


def test_trends_take_at_most_four_queries(client, seeded):
    response = client.get("/trends/?" + "&".join(f"q=w{n}+trade" for n in range(6)))
    assert response.status_code == 200
    assert len(response.context["trend"].series) == 4
    assert "queries after the first 4" in response.content.decode()


def test_blank_trends_are_the_form(client, seeded):
    response = client.get("/trends/?q=&q=%20")
    assert response.status_code == 200 and response.context["trend"] is None
    html = response.content.decode()
    assert "<h1>Attention over time</h1>" in html
    assert "Matching articles per year" not in html  # no chart, no table


# Bad input, fuzzed ----------------------------------------------------------------------------


# What each page shows unfiltered: the form, or the first page of the seed records (newest
# article first, people by name, trade facts of the newest article first, oldest event first).
CORPUS_PAGES = {"/concordance/": "Words to find", "/trends/": "Attention over time"}
API_LISTS = {
    "/api/v1/articles/": '"results":[{"slug":"alibaba-founder-jack-ma-urges-canadian-small',
    "/api/v1/people/": '"results":[{"slug":"adrian-wyld"',
    "/api/v1/facts/": '"figure":"more than 500 million"',
    "/api/v1/events/": '"results":[{"slug":"alibaba-singles-day-2013"',
}


@settings(FUZZ, max_examples=40)
@given(page=st.sampled_from(list(CORPUS_PAGES)), query=query_strings)
def test_corpus_pages_answer_as_documented(client, seeded, page, query):
    assert_documented_answer(client, page, query, CORPUS_PAGES[page])


@settings(FUZZ, max_examples=40)
@given(page=st.sampled_from(list(API_LISTS)), query=query_strings)
def test_api_lists_answer_as_documented(client, seeded, settings, page, query):
    """As the pages, and the API's own: `page_size` 400, a cursor it did not make 404 (and
    an unknown `format`, which Django REST framework answers 404)."""
    settings.API_ANON_RATE = "100000/min"
    cache.clear()
    assert_documented_answer(
        client,
        page,
        query,
        API_LISTS[page],
        read=[*PARAMETERS, "cursor", "page_size"],
        not_found_by=("cursor", "format"),
    )


@pytest.mark.parametrize(
    ("url", "status", "shown"),
    [
        (f"/api/v1/articles/?page_size={10**9}", 400, '"A whole number from 1 to 100."'),
        ("/api/v1/articles/?cursor=" + "A" * 5000, 404, '{"detail":"Invalid cursor."}'),
        ("/api/v1/articles/?q=the&page_size=100", 200, '"next":null'),  # one page holds all
        ("/articles/?format=" + "x" * 5000, 400, f"Unknown format '{'x' * 40}': use csv or jsonl."),
        (
            "/concordance/?q=" + "the " * 400,
            200,
            "Ignored: everything after the first 500 characters; terms after the first 12.",
        ),
        ("/trends/?" + "&".join(["q=the"] * 50), 200, "Ignored: queries after the first 4."),
    ],
)
def test_absurd_requests_get_a_clear_4xx_or_a_bounded_answer(client, seeded, url, status, shown):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == status
    assert shown in body.decode()
    assert len(body) < 2_000_000
