"""Fuzzing every public GET page: whatever the path or query string, the answer is the documented
one (README, "Pages"): the page (200), bad parameters named (400), or nothing there (404).

Each request's answer is known in advance where the README says it: a query string of
parameters no page reads is ignored (the unfiltered page, 200); a record that does not exist
and a date with nothing in the archive are 404. Otherwise a 400 must name one of the
parameters sent and a 404 comes only with a `page` parameter. Requests are built as
raw, percent-encoded bytes, so they can carry what a browser never sends: invalid UTF-8, lone
surrogates, NUL and other control characters.
"""

import datetime
import re
from urllib.parse import parse_qsl, quote_from_bytes, unquote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, Event, Initiative, Organisation, Person, Place

# The archive is loaded once per test function and only read: examples do not write to it.
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# Each list page with what it shows unfiltered, from the seed texts and fixtures/annotations.yaml.
LIST_PAGES = {
    "/": "5 articles",
    "/articles/": "5 articles",
    "/people/": "10 records",
    "/organisations/": "18 records",
    "/places/": "26 records",
    "/initiatives/": "9 records",
    "/events/": "11 November 2013",  # the Singles' Day of 2013, the first event
    "/timeline/": "11 November 2013",
    "/facts/": "Download these 19 rows as CSV",  # trade figures: 28 facts, 9 of them other
    "/facts/export.csv": "more than 500 million,consumers,500000000.00,shoppers",
    "/search/": "How to search",  # a blank query is the form
    "/feeds/articles/": "<title>Le premier ministre Gallant rencontre le président",
    "/feeds/search/": "Bad feed parameters: q: nothing to search for.",  # documented 400
    "/sitemap.xml": "http://testserver/articles/alibaba-group-strikes-a-deal-with-the-canadian-government/",
}
# Each record page with the record it is for and what its page shows.
RECORD_PAGES = {
    "/articles/{}/": (
        Article,
        "canadian-pm-meets-alibabas-jack-ma-for-sme-growth",
        "for SME growth</h1>",  # its names ("Alibaba", "Jack Ma") link to their records
    ),
    "/articles/{}/raw/": (
        Article,
        "canadian-pm-meets-alibabas-jack-ma-for-sme-growth",
        "2014-11-08 09:04",
    ),
    "/people/{}/": (Person, "jack-ma", "<h1>Jack Ma</h1>"),
    "/organisations/{}/": (Organisation, "alibaba-group", "<h1>Alibaba Group</h1>"),
    "/places/{}/": (
        Place,
        "british-columbia",
        '<h1>British Columbia <span lang="fr" class="alt-name">/ Colombie-Britannique</span></h1>',
    ),
    "/initiatives/{}/": (
        Initiative,
        "air-canada-alitrip-mou",
        "<h1>Air Canada–Alitrip memorandum of understanding</h1>",
    ),
    "/events/{}/": (
        Event,
        "alibaba-ipo-nyse-2014",
        "<h1>Alibaba Group IPO on the New York Stock Exchange</h1>",
    ),
    "/articles/{}/cite/": (
        Article,
        "alibaba-group-strikes-a-deal-with-the-canadian-government",
        "Alibaba Group Strikes a Deal With the Canadian Government",
    ),
    "/articles/{}/cite.bib": (
        Article,
        "le-premier-ministre-gallant-rencontre-le-president-dalibaba-group",
        "@article{",
    ),
    "/feeds/people/{}/": (Person, "brian-gallant", "Articles linked to Brian Gallant"),
}

PARAMETERS = [
    "year",
    "date_after",
    "date_before",
    "person",
    "organisation",
    "place",
    "initiative",
    "event",
    "publisher",
    "language",
    "sort",
    "page",
    "role",
    "kind",
    "unit",
    "min_value",
    "max_value",
    "format",
    "q",
    "mode",
    "hide",
]
# Names no page reads, some shaped like ORM lookups that must never reach a queryset.
STRANGE_PARAMETERS = ["_connector", "headline__regex", "slug__in", "pk", "o", "page[]", ""]

# Slugs of the seed records and values the filters accept, so that examples also get past
# validation into the queries, facets and templates.
VALID_VALUES = [
    *[slug for _, slug, _ in RECORD_PAGES.values()],
    *["brian-gallant", "air-canada", "beijing", "bnn"],
    *["en", "fr", "-date", "date", "headline", "-headline", "value", "-value", "csv", "last"],
    *["leader", "founder", "company", "city", "visit", "mou", "sales", "USD", "CAD"],
    *["mentions", "facts", "quotes"],
    *["2014", "2016", "2017", "2016-09-01", "2014-01-01", "0", "1", "2", "100000"],
]

huge_numbers = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.integers(min_value=1, max_value=10_000).map(lambda digits: "9" * digits),
).map(str)
malformed_dates = st.one_of(
    st.dates().map(str),
    st.builds(
        "{}-{}-{}".format,
        st.integers(-99_999, 99_999),
        st.integers(-1, 13),
        st.integers(-1, 32),
    ),
    st.sampled_from(
        ["2016-02-30", "2016-9-1", "2016/09/01", "0000-00-00", "9999-12-31", "20160901"]
    ),
)
# Up to 10,000 characters, built by repetition: Hypothesis cannot draw that much text directly.
long_text = st.builds(
    lambda text, times: (text * times)[:10_000],
    st.text(min_size=1, max_size=8),
    st.integers(1, 10_000),
)
# Search syntax of every engine, shuffled: quotes, OR, -, *, NEAR(, col:term, ^, SQL.
OPERATORS = [
    '"',
    "“",
    "«",
    "OR",
    "AND",
    "NOT",
    "-",
    "*",
    "NEAR(",
    ")",
    "col:term",
    "^",
    "{",
    "}",
    "'; DROP TABLE articles_article; --",
    "%",
    "_",
    "\\",
    "lobsters",
    "Alibaba",
    "Chine",
]
operator_soup = st.lists(st.sampled_from(OPERATORS), max_size=12).map(" ".join)
text_values = st.one_of(
    st.sampled_from(VALID_VALUES),
    operator_soup,
    st.text(),  # any Unicode, NUL and control characters included
    st.text(st.characters(categories=["Cs", "Cc", "Cf", "Zs"])),  # lone surrogates, controls
    huge_numbers,
    st.floats().map(str),  # nan, inf, 1e+300
    malformed_dates,
    long_text,
)
# Lone surrogates cannot be encoded as UTF-8: send them as a lax client would, with
# surrogatepass; random bytes cover every other invalid sequence.
values = st.one_of(
    text_values.map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.binary(max_size=64),
)
names = st.one_of(
    st.sampled_from(PARAMETERS + STRANGE_PARAMETERS),
    st.text(max_size=20),
).map(lambda text: text.encode("utf-8", "surrogatepass"))


def percent_encoded(data: bytes) -> str:
    return quote_from_bytes(data, safe="")


# A query string; parameter names repeat freely. Sometimes followed by unescaped characters,
# broken escapes (`%`, `%zz`) included.
query_strings = st.builds(
    lambda pairs, tail: (
        "&".join(f"{percent_encoded(n)}={percent_encoded(v)}" for n, v in pairs) + tail
    ),
    st.lists(st.tuples(names, values), max_size=8),
    st.one_of(st.just(""), st.text("abz09%&=;+[]._-~!$'()*,/:@?", max_size=20)),
)
path_segments = st.one_of(
    st.from_regex(r"[-a-zA-Z0-9_]{1,60}", fullmatch=True),
    huge_numbers,
    values.filter(bool).map(percent_encoded),
)


def answer(client, url: str) -> tuple[int, str]:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body.decode("utf-8", "replace")


def names_read(query: str, read: set[str]) -> set[str]:
    """The parameters of a query string that a page reads, decoded as Django decodes them."""
    return {name for name, _ in parse_qsl(query, keep_blank_values=True)} & read


def says_which(body: str, names: set[str]) -> bool:
    """A 400's message (the page's alert, or a text or JSON body) names a parameter sent."""
    alert = re.search(r'<div class="errors" role="alert">(.*?)</div>', body, re.DOTALL)
    message = alert.group(1) if alert else body
    return any(re.search(rf"(?<![\w-]){re.escape(name)}\b", message) for name in names)


def assert_documented_answer(
    client, page: str, query: str, unfiltered: str, *, read=PARAMETERS, not_found_by=("page",)
):
    """A query of parameters the page does not read shows the unfiltered page; otherwise
    a 400 names a parameter sent, and only a `page` (the API's `cursor`) can be a 404."""
    status, body = answer(client, f"{page}?{query}")
    sent = names_read(query, set(read))
    if not sent:
        expected = 400 if page == "/feeds/search/" else 200
        assert (status, unfiltered in body) == (expected, True), (page, query, body[:500])
    elif status == 400 and page == "/feeds/search/":  # q is required, and read whole
        assert says_which(body, sent | {"q"}) or "the search page would ignore" in body, query
    elif status == 400:
        assert says_which(body, sent), (page, query, body[:500])
    elif status == 404:
        assert sent & set(not_found_by), (page, query)
        assert "Page not found" in body or '{"detail":' in body, (page, query, body[:500])
    else:
        assert status == 200, (page, query, status)


@settings(FUZZ, max_examples=300)  # fourteen pages
@given(page=st.sampled_from(list(LIST_PAGES)), query=query_strings)
def test_list_pages_answer_as_documented(client, seeded, page, query):
    assert_documented_answer(client, page, query, LIST_PAGES[page])


record_paths = st.sampled_from(list(RECORD_PAGES)).flatmap(
    lambda page: st.tuples(st.just(page), st.one_of(st.just(RECORD_PAGES[page][1]), path_segments))
)


@FUZZ
@given(path=record_paths, query=query_strings)
def test_record_pages_answer_404_unless_the_record_exists(client, seeded, path, query):
    """A record page shows its record whatever the query string: its highlights (`q`, `mode`)
    are read leniently; only the article page's `hide` can be a 400, naming it, and only for
    an article that exists (else 404)."""
    page, segment = path
    model, _, shown = RECORD_PAGES[page]
    slug = unquote(segment, errors="replace")
    exists = (
        bool(re.fullmatch(r"[-a-zA-Z0-9_]+", slug)) and model.objects.filter(slug=slug).exists()
    )
    status, body = answer(client, f"{page.format(segment)}?{query}")
    if status == 400:
        assert exists and page == "/articles/{}/" and names_read(query, {"hide"}), (page, query)
        assert "for hide: use mentions, facts, quotes." in body, (page, query)
    elif exists:
        assert (status, shown in body) == (200, True), (page, segment, query)
    else:
        assert (status, "Page not found" in body) == (404, True), (page, segment, query)


# The seed articles fall in 2014-2017 and their events in 2013-2017: a year in that span has a
# page, empty or not (2015); a month only when an article or event is dated in it.
YEARS = range(2013, 2018)
MONTHS = {(2013, 11), (2014, 9), (2014, 11), (2016, 9), (2016, 10), (2017, 9)}
years = st.one_of(st.integers(2012, 2018).map(str), path_segments)
months = st.one_of(st.none(), st.integers(0, 13).map(str), path_segments)


def as_number(segment: str) -> int | None:
    """The number Django's `int` path converter reads from a path segment, if any (a number
    of more than 4,300 digits is none: Python refuses to read it, the URL does not match)."""
    try:
        return int(segment) if re.fullmatch(r"[0-9]+", segment) else None
    except ValueError:
        return None


@FUZZ
@given(year=years, month=months, query=query_strings)
def test_date_archive_pages_answer_404_for_a_date_with_nothing(client, seeded, year, month, query):
    path = f"/archive/{year}/" if month is None else f"/archive/{year}/{month}/"
    status, body = answer(client, f"{path}?{query}")
    number = as_number(year)
    if month is None:
        found, heading = number in YEARS, f"<h1>{number}</h1>"
    else:
        found = (number, as_number(month)) in MONTHS
        heading = f"<h1>{datetime.date(number, int(month), 1):%B %Y}</h1>" if found else None
    if found:
        assert (status, heading in body) == (200, True), (path, query)
    else:
        assert (status, "Page not found" in body) == (404, True), (path, query)


# Three parameters of /articles/ whose rule is short enough to state whole: the answer to any
# value of them is known in advance.
SHOWN_FOR_LANGUAGE = {"": "5 articles", "en": "4 articles", "fr": "1 article"}
SORTS = {"", "-date", "date", "headline", "-headline"}


def is_first_page(number: str) -> bool:
    """Django's paginator reads `page` with int(), or "last"; a blank one is the first."""
    try:
        return number in ("", "last") or int(number) == 1  # the five articles fit on one
    except ValueError:
        return False


@FUZZ
@given(name=st.sampled_from(["language", "sort", "page"]), value=values)
def test_a_language_sort_or_page_is_one_of_its_values_or_answered_as_documented(
    client, seeded, name, value
):
    query = f"{name}={percent_encoded(value)}"
    [(_, read)] = parse_qsl(query, keep_blank_values=True)  # the value as Django reads it
    status, body = answer(client, f"/articles/?{query}")
    if name == "page":
        expected = (200, "5 articles") if is_first_page(read) else (404, "Page not found")
    elif name == "language" and read in SHOWN_FOR_LANGUAGE:
        expected = (200, SHOWN_FOR_LANGUAGE[read])
    elif name == "sort" and read in SORTS:
        expected = (200, "5 articles")
    else:
        expected = (400, f"<li><code>{name}</code>: Select a valid choice.")
    assert (status, expected[1] in body) == (expected[0], True), (query, read, status)
