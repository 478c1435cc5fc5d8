"""Honest pages (issue 17): what a page shows is what the archive knows."""

import re

from django.urls import reverse

from articles.models import Article

FRENCH = "003_4a50b3e74e47d2c4.txt"  # published "September 2017", month precision
BNN = "004_0015f40dbfbe47ea.txt"  # 25 September 2017


def listed(html: str) -> list[str]:
    """The headlines of the articles a list or search page shows, in order."""
    return [
        re.sub(r"<[^>]+>", "", h)
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
