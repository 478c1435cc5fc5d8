"""The admin's ways in: "Add article" with a preview, and "Import files"."""

import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, RawSource, TradeFact
from articles.text import NAMES_MAX_CHARS

PAGES = Path(__file__).parent / "data" / "pages"
ADD = "admin:articles_article_add"

PASTED = """Skip to content
Canadian lobster goes online in China
Share this article
Justin Trudeau said on Monday that New Brunswick exporters had sold 12,000 lobsters to
shoppers in Hangzhou through Tmall Global during the first week of the promotion.
10
Facebook | Twitter | Email
The promotion will run until the end of the month, the company said in a statement.
Copyright © 2017 Example Daily. All rights reserved.
"""


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def preview(client, **data):
    return client.post(reverse(ADD), {"publisher": "Example Daily", **data})


def test_pasted_text_is_previewed_cleaned_then_saved_with_names_linked_and_candidates(
    editor_client, seeded
):
    response = preview(editor_client, text=PASTED, headline="Canadian lobster goes online in China")
    page = response.content.decode()
    assert response.status_code == 200 and "Preview: nothing is saved yet" in page
    assert "canadian-lobster-goes-online-in-china" in page  # the slug, filled in
    assert "<strong>skip link</strong>: Skip to content" in page
    assert "<strong>share widget</strong>: Share this article" in page
    assert "<strong>copyright line</strong>: Copyright © 2017 Example Daily." in page
    assert not Article.objects.filter(slug="canadian-lobster-goes-online-in-china").exists()

    saved = editor_client.post(reverse(ADD), {"confirm": "yes", "token": token_of(response)})
    article = Article.objects.get(slug="canadian-lobster-goes-online-in-china")
    assert saved.status_code == 302
    assert saved["Location"] == reverse("admin:articles_article_change", args=[article.pk])
    assert article.body.split("\n\n") == [
        "Justin Trudeau said on Monday that New Brunswick exporters had sold 12,000 lobsters to",
        "shoppers in Hangzhou through Tmall Global during the first week of the promotion.",
        "10",
        "The promotion will run until the end of the month, the company said in a statement.",
    ]
    assert (article.headline_basis, article.publisher.name) == ("supplied", "Example Daily")
    assert {"Justin Trudeau", "New Brunswick", "Hangzhou", "Tmall Global"} <= set(
        article.mentions.values_list("surface", flat=True)
    )
    assert article.facts.filter(status=TradeFact.Status.CANDIDATE, figure__contains="12,000")
    assert len(article.raw_sha256) == 64
    assert editor_client.get(f"/articles/{article.slug}/raw/").content == PASTED.strip().encode()


def test_a_second_pasted_article_is_saved_and_the_same_one_again_is_refused_with_a_link(
    editor_client, seeded
):
    for text, headline in ((PASTED, "First"), (PASTED.replace("12,000", "15,000"), "Second")):
        response = preview(editor_client, text=text, headline=headline)
        saved = editor_client.post(reverse(ADD), {"confirm": "yes", "token": token_of(response)})
        assert saved.status_code == 302
    first = Article.objects.get(slug="first")
    again = preview(editor_client, text=PASTED, headline="First once more")
    page = again.content.decode()
    assert again.status_code == 200
    assert "This source is already in the archive" in page
    assert reverse("admin:articles_article_change", args=[first.pk]) in page
    assert 'name="confirm"' not in page  # nothing to save
    assert Article.objects.filter(slug__in=["first", "second"]).count() == 2


def test_an_uploaded_page_is_previewed_with_its_metadata(editor_client, seeded):
    upload = SimpleUploadedFile(
        "harbour.html", (PAGES / "harbour-gazette-lobster-exports.html").read_bytes()
    )
    response = editor_client.post(reverse(ADD), {"file": upload})
    page = response.content.decode()
    assert "The Harbour Gazette" in page and "2017-05-16" in page or "May 16, 2017" in page
    assert "<strong>left out of the page</strong>: Related stories" in page
    saved = editor_client.post(reverse(ADD), {"confirm": "yes", "token": token_of(response)})
    assert saved.status_code == 302
    article = Article.objects.get(source_name="harbour.html")
    assert article.raw_source.kind == "html" and article.credits == "Marie Leblanc"


def test_a_bad_source_is_refused_on_the_form_and_an_altered_preview_saves_nothing(
    editor_client, seeded
):
    upload = SimpleUploadedFile("photo.html", b"\x89PNG\r\n\x1a\n" + bytes(200))
    response = editor_client.post(reverse(ADD), {"file": upload})
    assert response.status_code == 400
    assert "photo.html: a PNG image, not a text or a web page" in response.content.decode()
    before = Article.objects.count()
    altered = editor_client.post(reverse(ADD), {"confirm": "yes", "token": "x:y:z"}, follow=True)
    assert "The preview expired or was altered" in altered.content.decode()
    assert Article.objects.count() == before
    empty = editor_client.post(reverse(ADD), {"text": "  "})
    assert "Paste a text or choose a file" in empty.content.decode()


def test_import_files_reports_each_file(editor_client, seeded):
    files = [
        SimpleUploadedFile(name, (PAGES / name).read_bytes())
        for name in (
            "harbour-gazette-lobster-exports.html",
            "atlantic-business-lobster-online.html",
        )
    ] + [
        SimpleUploadedFile("photo.html", b"\x89PNG\r\n\x1a\n" + bytes(200)),
        SimpleUploadedFile("empty.txt", b""),
    ]
    response = editor_client.post(reverse("admin:articles_article_import"), {"files": files})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>photo.html</strong>:" in page and "refused: a PNG image" in page
    assert "<strong>empty.txt</strong>:" in page and "refused: the file is empty" in page
    assert page.count("imported: <a") == 2
    assert "possible duplicate of <a" in page
    assert Article.objects.filter(raw_source__isnull=False).count() == 2


def test_a_text_longer_than_names_are_found_in_is_refused_with_a_400_and_nothing_saved(
    editor_client, seeded
):
    sentence = "Canada sold lobsters to China. "
    text = (sentence * (NAMES_MAX_CHARS // len(sentence) + 1)).encode()  # 8,000,015 characters
    refusal = "8,000,015 characters, more than the 8,000,000 an article may hold"
    before = Article.objects.count()
    added = editor_client.post(
        reverse(ADD), {"file": SimpleUploadedFile("long.txt", text), "publisher": "Example Daily"}
    )
    assert added.status_code == 400 and f"long.txt: {refusal}" in added.content.decode()
    imported = editor_client.post(
        reverse("admin:articles_article_import"),
        {"files": [SimpleUploadedFile("long.txt", text)], "publisher": "Example Daily"},
    )
    page = imported.content.decode()
    assert imported.status_code == 400
    assert "<strong>long.txt</strong>:" in page and f"refused: {refusal}" in page
    assert (Article.objects.count(), RawSource.objects.count()) == (before, 0)


def test_the_ways_in_need_the_right_to_add_articles(client, django_user_model, seeded):
    user = django_user_model.objects.create_user("viewer", password="pw-x7!long", is_staff=True)
    client.force_login(user)
    for url in (reverse(ADD), reverse("admin:articles_article_import")):
        response = client.get(url)
        assert response.status_code == 403
        assert "<h1>403 Forbidden</h1>" in response.content.decode()
