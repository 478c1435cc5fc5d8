"""Fuzzing every public GET page: whatever the path or query string, the answer is a documented
one: the page (200), or bad input named (400), or nothing there (404) (README, "Pages").

Only a bug answers anything else. Requests are built as
raw, percent-encoded bytes, so they can carry what a browser never sends: invalid UTF-8, lone
surrogates, NUL and other control characters.
"""

from urllib.parse import quote_from_bytes

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# The archive is loaded once per test function and only read: examples do not write to it.
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

LIST_PAGES = [
    "/",
    "/articles/",
    "/people/",
    "/organisations/",
    "/places/",
    "/initiatives/",
    "/events/",
    "/timeline/",
    "/facts/",
    "/facts/export.csv",
    "/search/",
    "/feeds/articles/",
    "/feeds/search/",
    "/sitemap.xml",
]
# Each record page with the slug of a seed record it shows.
RECORD_PAGES = {
    "/articles/{}/": "canadian-pm-meets-alibabas-jack-ma-for-sme-growth",
    "/articles/{}/raw/": "canadian-pm-meets-alibabas-jack-ma-for-sme-growth",
    "/people/{}/": "jack-ma",
    "/organisations/{}/": "alibaba-group",
    "/places/{}/": "british-columbia",
    "/initiatives/{}/": "air-canada-alitrip-mou",
    "/events/{}/": "alibaba-ipo-nyse-2014",
    "/articles/{}/cite/": "alibaba-group-strikes-a-deal-with-the-canadian-government",
    "/articles/{}/cite.bib": "le-premier-ministre-gallant-rencontre-le-president-dalibaba-group",
    "/feeds/people/{}/": "brian-gallant",
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
]
# Names no page reads, some shaped like ORM lookups that must never reach a queryset.
STRANGE_PARAMETERS = ["_connector", "headline__regex", "slug__in", "pk", "o", "page[]", ""]

# Slugs of the seed records and values the filters accept, so that examples also get past
# validation into the queries, facets and templates.
VALID_VALUES = [
    *RECORD_PAGES.values(),
    *["brian-gallant", "air-canada", "beijing", "bnn"],
    *["en", "fr", "-date", "date", "headline", "-headline", "value", "-value", "csv", "last"],
    *["leader", "founder", "company", "city", "visit", "mou", "sales", "USD", "CAD"],
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


DOCUMENTED = {200, 400, 404}


def assert_no_server_error(client, url: str) -> None:
    """The answer is documented; a 400 says what was wrong, in words."""
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code in DOCUMENTED, (url, response.status_code)
    if response.status_code == 400:
        assert len(body.strip()) > 20, url


@settings(FUZZ, max_examples=300)  # ten pages
@given(page=st.sampled_from(LIST_PAGES), query=query_strings)
def test_list_pages_never_answer_a_server_error(client, seeded, page, query):
    assert_no_server_error(client, f"{page}?{query}")


record_paths = st.sampled_from(list(RECORD_PAGES.items())).flatmap(
    lambda page: st.one_of(st.just(page[1]), path_segments).map(page[0].format)
)


@FUZZ
@given(path=record_paths, query=query_strings)
def test_record_pages_never_answer_a_server_error(client, seeded, path, query):
    assert_no_server_error(client, f"{path}?{query}")


# The seed articles and events fall in 2013-2017.
years = st.one_of(st.integers(2012, 2018).map(str), path_segments)
months = st.one_of(st.none(), st.integers(0, 13).map(str), path_segments)


@FUZZ
@given(year=years, month=months, query=query_strings)
def test_date_archive_pages_never_answer_a_server_error(client, seeded, year, month, query):
    path = f"/archive/{year}/" if month is None else f"/archive/{year}/{month}/"
    assert_no_server_error(client, f"{path}?{query}")
