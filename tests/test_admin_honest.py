"""The admin (issue 17.14): documented answers, facts added from the article, branding."""

import re
from html import unescape

from django.urls import reverse

from articles.models import Article, TradeFact
from tests.conftest import assert_not_found, changeform_data

BNN = "004_0015f40dbfbe47ea.txt"


def test_a_history_page_for_an_id_that_is_not_one_is_a_404(editor_client, seeded):
    article = Article.objects.get(source_name=BNN)
    assert_not_found(editor_client, f"/admin/articles/article/{article.pk}/change/history/")
    assert_not_found(editor_client, "/admin/articles/tradefact/abc/history/")
    good = editor_client.get(f"/admin/articles/article/{article.pk}/history/")
    assert good.status_code == 200
    assert (
        "<h1>Change history: Alibaba founder Jack Ma urges Canadian small business to look to "
        "China for growth</h1>"
    ) in good.content.decode()


def test_a_fact_added_from_the_articles_inline_is_tied_to_its_passage(editor_client, seeded):
    article = Article.objects.get(source_name=BNN)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = changeform_data(editor_client.get(url))
    total = int(data["facts-TOTAL_FORMS"])
    new = f"facts-{total}-"
    passage = "more than 500 million are shopping online"
    data |= {
        "facts-TOTAL_FORMS": total + 1,
        f"{new}figure": "500 million",
        f"{new}passage": passage,
        f"{new}kind": "consumers",
        f"{new}value": "500000000",
        f"{new}unit": "shoppers",
        f"{new}qualifier": "more_than",
        f"{new}status": "approved",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302
    fact = TradeFact.objects.get(article=article, figure="500 million", unit="shoppers")
    assert article.body[fact.start : fact.end] == passage and fact.anchored


def test_a_fact_added_from_the_inline_without_a_passage_is_a_form_error(editor_client, seeded):
    article = Article.objects.get(source_name=BNN)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = changeform_data(editor_client.get(url))
    total = int(data["facts-TOTAL_FORMS"])
    new = f"facts-{total}-"
    data |= {
        "facts-TOTAL_FORMS": total + 1,
        f"{new}figure": "7 lobsters",
        f"{new}kind": "sales",
        f"{new}value": "7",
        f"{new}unit": "lobsters",
        f"{new}qualifier": "exact",
        f"{new}status": "approved",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Paste the passage from the article." in response.content.decode()
    assert not TradeFact.objects.filter(figure="7 lobsters").exists()


def test_the_admin_is_branded_and_the_long_fieldsets_folded(editor_client, seeded):
    index = editor_client.get("/admin/").content.decode()
    assert "Alibaba &amp; Canada news archive: editors" in index
    assert "Django administration" not in index
    article = Article.objects.get(source_name=BNN)
    change = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = change.content.decode()
    heading = r'<details><summary>\s*<h2 id="[^"]*" class="fieldset-heading">(\w+)<'
    folded = re.findall(heading, html)
    assert folded == ["Date", "Text"]


def test_the_review_queue_marks_the_figure_and_edits_the_qualifier(editor_client, seeded):
    html = editor_client.get(reverse("admin:articles_tradefact_changelist")).content.decode()
    assert "<mark>89,2 millions de dollars</mark>" in unescape(html)
    assert re.search(r'<select name="form-\d+-qualifier"', html)


def test_the_article_change_form_lists_its_facts_quotes_and_mentions_as_links(
    editor_client, seeded
):
    article = Article.objects.get(source_name=BNN)
    html = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = unescape(html.content.decode())
    # No form per existing fact, quote or mention: the form stays short.
    assert not re.search(r'name="(facts|quotes|mentions)-0-', html)
    for fact in article.facts.all():
        link = reverse("admin:articles_tradefact_change", args=[fact.pk])
        assert f'<li><a href="{link}">{fact.figure} (' in html
    mentions = article.mentions.count()
    assert f"These {mentions} mentions in their list →" in html
    listed = editor_client.get(
        reverse("admin:articles_mention_changelist"), {"article__id__exact": article.pk}
    )
    assert f"{mentions} mentions" in listed.content.decode()
    # A surface that is the record's own name is not repeated.
    assert '<li><a href="/admin/articles/mention/' in html and "Jack Ma → Jack Ma" not in html


def test_the_history_of_an_imported_record_names_the_import(editor_client, seeded):
    article = Article.objects.get(source_name=BNN)
    html = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    cells = re.findall(r"<td>\s*(.*?)\s*</td>", html.content.decode(), re.S)
    assert "The import (<code>import_articles</code> or the admin's import pages)" in cells
    assert "None" not in cells


def test_the_merge_confirmation_counts_what_each_record_holds(editor_client, seeded):
    from articles.models import Person

    ma = Person.objects.get(slug="jack-ma")
    twin = Person.objects.create(name="Ma Yun", slug="ma-yun")
    url = reverse("admin:articles_person_changelist")
    ask = editor_client.post(
        url, {"action": "merge_selected", "_selected_action": [ma.pk, twin.pk]}
    )
    counts = [
        unescape(c)
        for c in re.findall(r'<p class="help merge-counts">(.*?)</p>', ask.content.decode())
    ]
    assert len(counts) == 2
    # Jack Ma: five of the five texts name him (the "?person=jack-ma (5 articles)").
    assert counts[0].startswith("5 articles · ") and "0 articles" not in counts[0]
    assert counts[1].startswith("0 articles · 0 roles · ")
