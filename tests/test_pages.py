"""Honest pages (issue 17): what a page shows is what the archive knows."""

import csv
import io
import re
from html import unescape

from django.conf import settings
from django.urls import reverse

from articles.models import Article
from tests.conftest import assert_not_found

FRENCH = "003_4a50b3e74e47d2c4.txt"  # published "September 2017", month precision
BNN = "004_0015f40dbfbe47ea.txt"  # 25 September 2017


def listed(html: str) -> list[str]:
    """The headlines of the articles a list or search page shows, in order."""
    return [
        unescape(re.sub(r"<[^>]+>", "", h))
        for h in re.findall(r'<li class="article-item">\s*<a href="[^"]*"[^>]*>(.*?)</a>', html)
    ]


def headline(source_name: str) -> str:
    return Article.objects.get(source_name=source_name).headline


# 1. Date filters and precision --------------------------------------------------------------


def test_a_month_precision_article_matches_a_period_overlapping_its_month(client, seeded):
    french, bnn = headline(FRENCH), headline(BNN)
    after = client.get("/articles/", {"date_after": "2017-09-10"}).content.decode()
    assert sorted(listed(after)) == sorted([french, bnn])
    before = client.get("/articles/", {"date_before": "2017-09-10"}).content.decode()
    assert french in listed(before) and bnn not in listed(before)
    inside = client.get("/articles/", {"date_after": "2017-09-26", "date_before": "2017-09-30"})
    assert listed(inside.content.decode()) == [french]
    assert listed(client.get("/articles/", {"date_after": "2017-10-01"}).content.decode()) == []


def test_the_list_says_dated_to_the_month_where_that_is_why_it_matched(client, seeded):
    html = client.get("/articles/", {"date_after": "2017-09-10"}).content.decode()
    items = re.findall(r'<li class="article-item">.*?</li>', html, re.S)
    noted = [item for item in items if "(dated to the month)" in item]
    assert len(noted) == 1 and headline(FRENCH) in noted[0]
    # The whole month asked for: the article lies inside it, no note.
    whole = client.get("/articles/", {"date_after": "2017-09-01", "date_before": "2017-09-30"})
    assert "dated to the month" not in whole.content.decode()


def test_search_applies_the_same_period_overlap(client, seeded):
    html = client.get("/search/", {"q": "Alibaba", "date_after": "2017-09-10"}).content.decode()
    text = re.sub(r"<[^>]+>", "", html)
    assert headline(FRENCH) in text and headline(BNN) in text
    assert text.count("(dated to the month)") == 1


def test_date_chips_use_the_sites_date_style(client, seeded):
    html = client.get("/articles/", {"date_after": "2017-09-10"}).content.decode()
    assert "Published on or after: <strong>10 September 2017</strong>" in html
    assert "Sept. 10, 2017" not in html


def test_admin_list_shows_month_precision_as_such(editor_client, seeded):
    html = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert re.search(r'<td class="field-published">September 2017</td>', html)
    assert re.search(r'<td class="field-published">25 September 2017</td>', html)
    assert "Sept. 1, 2017" not in html


# 2. Facets refine; several values of one kind mean all of them -------------------------------

HARPER_AND_MA = [
    "Alibaba touts ties to Canada on Harper's China trade trip",
    "Canadian PM meets Alibaba's Jack Ma for SME growth",
]


def facet_href(html: str, label: str) -> str:
    found = re.search(rf'<li><a href="([^"]+)">{re.escape(label)}</a> <span class="count">', html)
    assert found, label
    return found.group(1).replace("&amp;", "&")


def test_a_facet_link_adds_its_value_to_those_chosen(client, seeded):
    html = client.get("/articles/", {"person": "stephen-harper"}).content.decode()
    href = facet_href(html, "Jack Ma")
    assert href == "?person=stephen-harper&person=jack-ma"
    refined = client.get(f"/articles/{href}").content.decode()
    assert sorted(listed(refined)) == HARPER_AND_MA


def test_several_values_of_one_kind_mean_all_of_them(client, seeded):
    both = client.get("/articles/?person=jack-ma&person=brian-gallant").content.decode()
    assert listed(both) == [headline(FRENCH)]
    none = client.get("/articles/?person=stephen-harper&person=brian-gallant")
    assert none.status_code == 200 and listed(none.content.decode()) == []


def test_each_chip_removes_its_own_value(client, seeded):
    html = client.get("/articles/?person=jack-ma&person=brian-gallant").content.decode()
    chips = dict(re.findall(r"Person: <strong>([^<]+)</strong> <a href=\"([^\"]+)\"", html))
    assert chips == {"Jack Ma": "?person=brian-gallant", "Brian Gallant": "?person=jack-ma"}


def test_too_many_values_of_one_kind_answer_400(client, seeded):
    query = "&".join(f"person=p{n}" for n in range(11))
    response = client.get(f"/articles/?{query}")
    assert response.status_code == 400
    assert "At most 10 values of one kind." in response.content.decode()


def test_search_facets_refine_and_chips_remove_their_own_value(client, seeded):
    html = client.get("/search/", {"q": "Alibaba", "person": "stephen-harper"}).content.decode()
    href = facet_href(html, "Jack Ma")
    assert href == "?q=Alibaba&person=stephen-harper&person=jack-ma"
    refined = client.get(f"/search/{href}").content.decode()
    text = unescape(re.sub(r"<[^>]+>", "", refined))
    assert "2 articles" in text
    assert all(h in text for h in HARPER_AND_MA)
    chips = dict(re.findall(r"Person: <strong>([^<]+)</strong> <a href=\"([^\"]+)\"", refined))
    assert chips["Stephen Harper"].replace("&amp;", "&") == "?q=Alibaba&person=jack-ma"


# 3. Quotes: notes, "reported by", the quotes page ---------------------------------------------

SECOND_HAND = "“Jack, you’ve got to do [an event] in Canada,”"
SECOND_HAND_NOTE = "Reported inside Jack Ma&#x27;s quotation (Ma quoting what Trudeau told him)"


def quote_items(html: str) -> list[str]:
    return re.findall(r'<li class="quote-item">.*?</li>', html, re.S)


def test_a_quote_inside_another_persons_quote_is_shown_as_reported(client, seeded):
    html = client.get("/people/justin-trudeau/").content.decode()
    [item] = [item for item in quote_items(html) if SECOND_HAND in item]
    assert 'reported by <a href="/people/jack-ma/">Jack Ma</a>, not heard directly' in item
    assert SECOND_HAND_NOTE in item
    first_hand = [item for item in quote_items(html) if "Today is a very good day" in item]
    assert len(first_hand) == 1 and 'class="reported"' not in first_hand[0]


def test_the_article_page_shows_quote_notes_and_reporters(client, seeded):
    article = Article.objects.get(source_name=BNN)
    html = client.get(article.get_absolute_url()).content.decode()
    items = quote_items(html)
    assert len(items) == 10
    [reported] = [i for i in items if 'class="reported"' in i]
    assert f'lang="en">{SECOND_HAND}</a> <span class="reported">reported by' in reported
    assert "&#x27;[on it]&#x27; is an editorial insertion in the source." in html


def test_search_shows_who_reported_a_quote(client, seeded):
    html = client.get("/search/", {"q": "event Canada"}).content.decode()
    reported = [i for i in quote_items(html) if 'class="reported"' in i]
    assert len(reported) == 1 and "Justin Trudeau</a>:" in reported[0]


def test_the_quotes_page_lists_and_filters_quotes(client, seeded):
    html = client.get("/quotes/").content.decode()
    assert "22 quotes" in html and len(quote_items(html)) == 22
    trudeau = client.get("/quotes/", {"speaker": "justin-trudeau"}).content.decode()
    texts = [re.search(r"“(.*?)”", i).group(1)[:20] for i in quote_items(trudeau)]
    assert texts == ["Jack, you’ve got to ", "Today is a very good"]
    assert len(quote_items(client.get("/quotes/", {"language": "fr"}).content.decode())) == 3
    assert len(quote_items(client.get("/quotes/", {"year": "2014"}).content.decode())) == 6
    french = Article.objects.get(source_name=FRENCH)
    by_article = client.get("/quotes/", {"article": french.slug}).content.decode()
    assert len(quote_items(by_article)) == 3 and "Brian Gallant" in by_article
    for params, message in [
        ({"speaker": "nobody"}, "<li><code>speaker</code>: "),
        ({"year": "20x7"}, "<li><code>year</code>: Enter a number.</li>"),
    ]:
        refused = client.get("/quotes/", params)
        assert refused.status_code == 400 and message in refused.content.decode()
        assert quote_items(refused.content.decode()) == []


def test_the_quotes_page_reads_a_bounded_number_of_statements(
    client, seeded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get("/quotes/")
    assert response.status_code == 200
    assert len(quote_items(response.content.decode())) == 22


# 13. Home count chips link to their lists -----------------------------------------------------


def test_home_count_chips_link_to_their_lists(client, seeded):
    html = client.get("/").content.decode()
    chips = dict(re.findall(r'<li><a href="([^"]+)"><strong>\d+</strong> ([a-z ]+)</a></li>', html))
    assert chips == {
        "/articles/": "articles",
        "/people/": "people",
        "/organisations/": "organisations",
        "/places/": "places",
        "/events/": "events",
        "/initiatives/": "initiatives",
        "/facts/": "trade facts",
        "/quotes/": "quotes",
    }
    assert '<a href="/quotes/"><strong>22</strong> quotes</a>' in html
    # The chip counts what its list shows: the trade figures, as /facts/ does by default.
    assert '<a href="/facts/"><strong>19</strong> trade facts</a>' in html


# 13. An empty year inside the span answers 200 ------------------------------------------------


def test_an_empty_year_inside_the_span_says_so_and_links_its_neighbours(client, seeded):
    response = client.get("/archive/2015/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "No articles were published in 2015" in html
    assert '<a rel="prev" href="/archive/2014/">← 2014</a>' in html
    assert '<a rel="next" href="/archive/2016/">2016 →</a>' in html
    first = client.get("/archive/2014/").content.decode()
    assert 'rel="prev"' not in first and '<a rel="next" href="/archive/2015/">' in first
    assert_not_found(client, "/archive/2010/")  # outside the span, empty
    assert_not_found(client, "/archive/2018/")


# 8. Empty states, the 400 page, publisher and credit counts -----------------------------------

XINHUA = "001_b1c7f71c92e85fe7.txt"


def test_empty_lists_are_not_numbered(client, seeded):
    html = client.get("/articles/", {"year": "2015"}).content.decode()
    assert '<p class="empty">No article matches these filters.</p>' in html
    assert '<ol class="article-list">' not in html
    gu = client.get("/people/gu-liping/").content.decode()
    assert '<p class="empty">No article mentions this record.</p>' in gu
    assert "<li>No article mentions this record.</li>" not in gu


def test_the_400_page_says_nothing_is_listed_and_lists_nothing(client, seeded):
    response = client.get("/articles/", {"year": "20x7"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "nothing is listed until they are corrected" in html
    assert "nothing was filtered" not in html
    assert "0 articles" not in html and "No article matches" not in html


def test_publishers_and_credits_link_to_their_records_and_count(client, seeded):
    article = Article.objects.get(source_name=XINHUA)
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<dt>Publisher</dt><dd><a href="/organisations/china-news-service/">' in html
    assert '<a href="/people/gu-liping/">Gu Liping</a>' in html
    assert '<a href="/people/ju-huanzong/">Ju Huanzong</a>' in html
    publisher = client.get("/organisations/china-news-service/").content.decode()
    assert "Published by China News Service (1)" in publisher
    assert article.get_absolute_url() in publisher
    editor = client.get("/people/gu-liping/").content.decode()
    assert "Credited in (1)" in editor and article.get_absolute_url() in editor


# 9. Organisations show their people ----------------------------------------------------------


def test_the_organisation_page_has_a_people_section(client, seeded):
    html = client.get("/organisations/alibaba-group/").content.decode()
    rows = re.findall(
        r"<tr><td><a href=\"([^\"]+)\">([^<]+)</a></td><td>([^<]+)</td>"
        r"<td>([^<]+)</td></tr>",
        html,
    )
    assert (
        "/people/jack-ma/",
        "Jack Ma",
        "Chief Executive Officer of Alibaba Group",
        "1999–2013",
    ) in rows
    assert ("/people/jack-ma/", "Jack Ma", "Founder of Alibaba Group", "since 1999") in rows


def test_the_organisation_list_names_who_held_each_title(
    client, seeded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        html = client.get("/organisations/").content.decode()
    assert "Jack Ma, Chief Executive Officer of Alibaba Group (1999–2013)" in html


# 11. Provenance shown evenly ------------------------------------------------------------------

BADGE = '<span class="badge" title="This text has no headline; the archive supplied one.">'


def test_the_supplied_headline_badge_shows_in_search_timeline_and_facts(client, seeded):
    french = Article.objects.get(source_name=FRENCH)
    for url, params in [
        ("/search/", {"q": "Gallant"}),
        ("/timeline/", {}),
        ("/facts/", {"sort": "-date"}),
    ]:
        html = client.get(url, params).content.decode()
        link = rf'href="{french.get_absolute_url()}(\?[^"#]*)?(#hit-\d+)?"[^>]*>[^\n]*?</a> '
        assert re.search(link + re.escape(BADGE), html), url
    # Only that article's headline was supplied: the BNN article has no badge on the timeline.
    timeline = client.get("/timeline/").content.decode()
    assert timeline.count(BADGE) == 1


def test_source_is_the_original_or_the_publishers_page_not_a_file_name(client, seeded):
    article = Article.objects.get(source_name=BNN)
    html = client.get(article.get_absolute_url()).content.decode()
    assert BNN not in html
    assert '<dt>Source</dt><dd><a href="https://www.bnnbloomberg.ca" rel="noopener">' in html
    assert "the article&#x27;s own URL is not known" in html


def test_the_csv_gives_each_facts_source_url(client, seeded):
    body = b"".join(client.get("/facts/export.csv?figures=all").streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 28
    websites = {
        "BNN": "https://www.bnnbloomberg.ca",
        "China News Service": "https://www.ecns.cn",
        "Government of New Brunswick": "https://www2.gnb.ca",
        "Multichannel Merchant": "https://multichannelmerchant.com",
        "The Globe and Mail": "https://www.theglobeandmail.com",
    }
    assert all(row["article_source_url"] == websites[row["article_publisher"]] for row in rows)


def test_reported_events_are_not_listed_twice(client, seeded):
    article = Article.objects.get(source_name=BNN)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<h2>Events reported</h2>" in html and "<h2>Events</h2>" not in html


# 4 and 5. Hits: each snippet links to its own; hit n of N; snippets distinct, phrases whole ---


def snippets_of(html: str, article) -> list[str]:
    """The snippets of one article's search result, as (href, text) pairs."""
    start = html.index(f'<h3><a href="{article.get_absolute_url()}?')
    end = html.find("<h3>", start + 1)
    block = html[start : end if end != -1 else len(html)]
    return [
        (href.replace("&amp;", "&"), unescape(re.sub(r"<[^>]+>", "", text)))
        for href, text in re.findall(
            r'<p class="snippet"[^>]*><a class="snippet-link" href="([^"]+)">(.*?)</a></p>', block
        )
    ]


def test_each_snippet_links_to_its_own_hit_and_phrases_stay_whole(client, seeded):
    bnn = Article.objects.get(source_name=BNN)
    html = client.get("/search/", {"q": '"middle class"'}).content.decode()
    found = snippets_of(html, bnn)
    base = f"{bnn.get_absolute_url()}?q=%22middle+class%22&mode=stemmed"
    assert found == [
        (
            f"{base}#hit-1",
            "… their presence online, Canadian companies would be able to tap a growing "
            "affluent middle class that is hungry for international products.",
        ),
        (
            f"{base}#hit-3",
            "“China today has the world’s largest middle class…and more than 500 million are "
            "shopping online, so the demand for online is huge,” he said.",
        ),
    ]
    texts = [text for _, text in found]
    assert len(set(texts)) == len(texts)


def test_the_article_page_numbers_its_hits_with_previous_and_next(client, seeded):
    bnn = Article.objects.get(source_name=BNN)
    html = client.get(bnn.get_absolute_url(), {"q": "middle class"}).content.decode()
    assert "4 hits for <q>middle class</q>" in html
    assert (
        '<mark class="hit" id="hit-1">middle</mark><span class="hit-nav">hit 1 of 4 · '
        '<a href="#hit-2" rel="next">next</a></span>' in html
    )
    assert (
        '<span class="hit-nav">hit 2 of 4 · <a href="#hit-1" rel="prev">previous</a> · '
        '<a href="#hit-3" rel="next">next</a></span>' in html
    )
    assert (
        '<span class="hit-nav">hit 4 of 4 · <a href="#hit-3" rel="prev">previous</a></span>' in html
    )
    css = (settings.BASE_DIR / "static/css/archive.css").read_text()
    assert "scroll-margin-top" in css and ".body mark.hit { background: #b2f2bb" in css


# 7. Trade figures apart from the others ------------------------------------------------------


def figures_listed(html: str) -> list[str]:
    return [unescape(v) for v in re.findall(r'<td><span class="num">([^<]+)</span>', html)]


def test_facts_default_to_trade_figures_with_a_switch_to_the_others(client, seeded):
    html = client.get("/facts/").content.decode()
    shown = figures_listed(html)
    assert len(shown) == 19
    for other in ("10 years", "18 years", "rank 3", "2 milestones", "1 event", "3 visits"):
        assert other not in shown
    assert '<strong aria-current="page">Trade figures (19)</strong>' in html
    assert '<a href="?figures=other">Other figures (9)</a>' in html
    others = figures_listed(client.get("/facts/", {"figures": "other"}).content.decode())
    assert sorted(others) == [
        "1 event",
        "10 years",
        "15 years",
        "18 years",
        "2 milestones",
        "3 visits",
        "9 days",
        "more than 1 billion people",
        "rank 3",
    ]
    assert "1 events" not in client.get("/facts/", {"figures": "all"}).content.decode()
    assert len(figures_listed(client.get("/facts/", {"figures": "all"}).content.decode())) == 28
    assert client.get("/facts/", {"figures": "some"}).status_code == 400
    # The download link gives the rows the table shows.
    assert 'href="/facts/export.csv" download>Download these 19 rows' in html
    download = b"".join(client.get("/facts/export.csv").streaming_content).decode()
    assert len(list(csv.DictReader(io.StringIO(download)))) == 19


# 12. Phone layout: a menu, folded metadata, facets above the results -------------------------


def test_phone_layout_disclosures(client, seeded):
    home = client.get("/").content.decode()
    assert '<details class="site-menu collapsible">\n      <summary>Menu</summary>' in home
    article = Article.objects.get(source_name=BNN)
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index('<details class="article-meta collapsible"') < html.index("<dt>Publisher")
    assert '<p class="meta-line" lang="en">BNN · <time datetime="2017-09-25">' in html
    for url in ("/articles/", "/search/?q=Alibaba"):
        page = client.get(url).content.decode()
        assert page.index('<details class="facets-box collapsible"') < page.index(
            '<section class="results"'
        ), url
    facts = client.get("/facts/").content.decode()
    assert "Filtered by:" not in facts  # the default choice of trade figures is no chip


# 6. Reading: captions apart, a legend, switches for the marks ---------------------------------

GLOBE = "002_6343cd6dce67ccf4.txt"  # its photo caption runs on into "Adrian Wyld"


def body_of(html: str) -> str:
    return html[html.index('<div class="body">') : html.index('<footer class="article-citation"')]


def test_photo_captions_are_captions_and_a_photographer_is_no_mention(client, seeded):
    globe = client.get(Article.objects.get(source_name=GLOBE).get_absolute_url()).content.decode()
    assert (
        '<p class="caption">Canadian Prime Minister <a class="mention mention-person"'
        in body_of(globe)
    )
    assert 'in <a class="mention mention-place" href="/places/hangzhou/"' in body_of(globe)
    assert '<span class="photo-credit">Adrian Wyld</span></p>' in body_of(globe)
    wyld = client.get("/people/adrian-wyld/").content.decode()
    assert "Articles mentioning Adrian Wyld (0)" in wyld and "Credited in (1)" in wyld
    xinhua = body_of(
        client.get(Article.objects.get(source_name=XINHUA).get_absolute_url()).content.decode()
    )
    captions = re.findall(r'<p class="caption">(.*?)</p>', xinhua)
    assert len(captions) == 2  # the caption and its shorter repeat, both as captions
    assert all(
        c.endswith('<span class="photo-credit">(Xinhua/Ju Huanzong)</span>') for c in captions
    )
    assert "<p>Canadian Prime Minister" in xinhua  # the report itself is body text
    assert (
        "Articles mentioning Ju Huanzong (0)" in client.get("/people/ju-huanzong/").content.decode()
    )


def test_a_legend_and_switches_turn_the_marks_off_without_script(client, seeded):
    url = Article.objects.get(source_name=BNN).get_absolute_url()
    html = client.get(url).content.decode()
    assert "Names</span> link to their records" in html
    assert "Figures</mark> are facts" in html and "passages are quotes" in html
    assert '<a href="?hide=mentions" class="switch on">Mentions: on' in html
    assert 'class="mention ' in body_of(html)

    plain = client.get(url, {"hide": "mentions"}).content.decode()
    assert 'class="mention ' not in body_of(plain)
    assert "link to their records" not in plain
    assert '<a href="?" class="switch">Mentions: off' in plain
    assert '<a href="?hide=mentions&amp;hide=facts" class="switch on">Facts: on' in plain

    unmarked = client.get(url, {"hide": ["facts", "quotes"]}).content.decode()
    assert 'class="fact"' not in body_of(unmarked) and 'class="quote"' not in body_of(unmarked)
    assert re.search(r'<mark class="fact unmarked" id="fact-\d+">', unmarked)  # still linkable
    assert "Figures</mark> are facts" not in unmarked and 'class="mention ' in body_of(unmarked)


def test_an_unknown_mark_to_hide_is_a_400_naming_the_choices(client, seeded):
    url = Article.objects.get(source_name=BNN).get_absolute_url()
    response = client.get(url, {"hide": "photos"})
    assert response.status_code == 400
    assert response.content.decode() == (
        "Unknown value 'photos' for hide: use mentions, facts, quotes.\n"
    )


# 10. Charts: the archive's whole span, labelled axes, bars to the record's articles ----------


def chart_bars(html: str) -> list[tuple[str, str]]:
    """(year, href or "") of each bar of the page's chart, in order."""
    chart = html[html.index('<figure class="chart"') : html.index("</svg>")]
    bars = re.findall(r'<g>\s*(?:<a href="([^"]+)"[^>]*>)?<rect[^>]*><title>(\d{4}): \d+', chart)
    return [(year, unescape(href)) for href, year in bars]


def test_a_records_chart_spans_the_archive_and_links_each_bar_to_its_articles(client, seeded):
    html = client.get("/people/justin-trudeau/").content.decode()
    bars = chart_bars(html)
    assert [year for year, _ in bars] == ["2014", "2015", "2016", "2017"]  # 2015 too, empty
    assert ">Articles</text>" in html and ">Year</text>" in html  # both axes named
    assert "/archive/" not in html[html.index('<figure class="chart"') : html.index("</figure>")]
    linked = [(year, href) for year, href in bars if href]
    assert linked and all(
        href == f"/articles/?person=justin-trudeau&year={y}" for y, href in linked
    )
    for year, href in linked:  # each bar counts what its link lists
        count = re.search(rf"<title>{year}: (\d+)</title>", html).group(1)
        assert len(listed(client.get(href).content.decode())) == int(count) > 0
    # The text alternative: every year with its count.
    assert re.findall(r'<tr><th scope="row">(\d{4})</th>', html) == ["2014", "2015", "2016", "2017"]


def test_the_home_chart_draws_the_empty_year_without_a_link(client, seeded):
    bars = dict(chart_bars(client.get("/").content.decode()))
    assert bars["2015"] == "" and bars["2014"] == "/archive/2014/"
