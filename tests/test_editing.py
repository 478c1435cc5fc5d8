"""Editors' work through the admin: reviewing candidate facts, and imports that keep what
editors changed, deleted or merged; merging duplicate records (articles.editing)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from articles.editing import records_merge
from articles.importing import archive_import
from articles.models import Article, Event, Mention, Person, Quote, Role, TradeFact
from tests.conftest import changeform_data, formset_data, manifest_entry

TEXT = (
    "Alibaba opens an office in Vancouver.\n\n"
    "Producers sold 20,000 lobsters through Tmall last year, said Jack Ma.\n\n"
    "The office will hire more than 30 people.\n"
)


def import_new(write_manifest, text=TEXT, **entry):
    manifest = write_manifest([manifest_entry(slug="vancouver-office", **entry)], {"new.txt": text})
    return archive_import(manifests=[manifest])


def shown_on_public_pages(client, fact) -> list[str]:
    """The public pages that show the fact (each links to or anchors #fact-<pk>)."""
    marker = f"fact-{fact.pk}"
    urls = [
        "/facts/",
        "/facts/export.csv",
        fact.article.get_absolute_url(),
        "/search/?q=lobsters",
    ]
    return [url for url in urls if marker in b"".join(client.get(url)).decode()]


# Candidate facts ------------------------------------------------------------------------------


def test_a_new_article_gets_candidate_facts_that_the_site_does_not_show(
    client, seeded, write_manifest
):
    result = import_new(write_manifest)
    article = Article.objects.get(slug="vancouver-office")
    facts = list(article.facts.order_by("start"))
    assert [(f.figure, f.value, f.unit, f.qualifier, f.status) for f in facts] == [
        ("20,000 lobsters", Decimal(20000), "lobsters", "exact", "candidate"),
        ("30 people", Decimal(30), "people", "more_than", "candidate"),
    ]
    assert (
        facts[0].passage == "Producers sold 20,000 lobsters through Tmall last year, said Jack Ma."
    )
    assert all(article.body[f.start : f.end] == f.passage for f in facts)
    assert result.candidates == 2 and result.facts == 0
    assert [shown_on_public_pages(client, fact) for fact in facts] == [[], []]


def test_editors_correct_approve_and_reject_candidates_in_bulk(
    client, seeded, editor, write_manifest
):
    import_new(write_manifest)
    lobsters, people = TradeFact.objects.filter(status="candidate").order_by("start")
    client.force_login(editor)
    changelist = reverse("admin:articles_tradefact_changelist")

    queue = client.get(changelist, {"review": "queue"})
    listed = {fact.pk for fact in queue.context["cl"].result_list}
    assert listed == {lobsters.pk, people.pk}  # the curated facts are not in the queue

    data = formset_data(queue.context["cl"].formset) | {"_save": "Save"}  # editable columns
    for form in queue.context["cl"].formset.forms:
        if form.instance.pk == lobsters.pk:
            data[form.add_prefix("kind")] = "sales"
    assert client.post(f"{changelist}?review=queue", data).status_code == 302

    client.post(changelist, {"action": "approve_selected", "_selected_action": [lobsters.pk]})
    client.post(changelist, {"action": "reject_selected", "_selected_action": [people.pk]})
    lobsters.refresh_from_db()
    people.refresh_from_db()
    assert (lobsters.kind, lobsters.status, people.status) == ("sales", "approved", "rejected")
    latest = lobsters.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        editor,
        "approved in the review queue",
    )
    assert len(shown_on_public_pages(client, lobsters)) == 4  # every page that lists facts
    assert shown_on_public_pages(client, people) == []
    assert client.get(changelist, {"review": "queue"}).context["cl"].result_count == 0


# Re-import ------------------------------------------------------------------------------------


def test_reimport_keeps_a_field_the_editor_changed_and_updates_the_others(
    client, seeded, editor, write_manifest
):
    import_new(write_manifest)
    article = Article.objects.get(slug="vancouver-office")
    client.force_login(editor)
    change = reverse("admin:articles_article_change", args=[article.pk])
    data = changeform_data(client.get(change)) | {
        "headline": "Alibaba opens its first Canadian office"
    }
    assert client.post(change, data).status_code == 302

    # The source's manifest is corrected: another headline and another date.
    result = import_new(
        write_manifest, headline="Alibaba opens Vancouver office", published_on="2018-03-05"
    )
    article.refresh_from_db()
    assert article.headline == "Alibaba opens its first Canadian office"
    assert str(article.published_on) == "2018-03-05"
    assert result.updated == ["vancouver-office (published_on)"]
    assert result.skipped == [
        "article vancouver-office: kept the editor's headline (changed since the last import)"
    ]
    assert article.history.latest().history_change_reason == "import"
    assert (
        "Alibaba opens its first Canadian office"
        in client.get("/articles/?year=2018").content.decode()
    )

    again = import_new(
        write_manifest, headline="Alibaba opens Vancouver office", published_on="2018-03-05"
    )
    assert (again.updated, again.unchanged) == ([], ["new.txt"])


def test_a_changed_source_text_moves_the_passages_and_flags_those_it_lost(
    client, seeded, write_manifest
):
    import_new(write_manifest)
    article = Article.objects.get(slug="vancouver-office")
    lobsters, people = article.facts.order_by("start")
    TradeFact.objects.filter(pk__in=[lobsters.pk, people.pk]).update(status="approved")
    first_version = article.history.count()

    corrected = (
        "VANCOUVER — Alibaba opens an office in Vancouver, its first in Canada.\n\n"
        "Producers sold 20,000 lobsters through Tmall last year, said Jack Ma.\n"
    )
    result = import_new(write_manifest, text=corrected)
    article.refresh_from_db()
    lobsters.refresh_from_db()
    people.refresh_from_db()
    assert article.raw_text == corrected  # the new source, verbatim
    assert article.body[lobsters.start : lobsters.end] == lobsters.passage and lobsters.anchored
    assert not people.anchored and people.passage == "The office will hire more than 30 people."
    assert result.flagged == 1 and result.updated == ["vancouver-office (body)"]
    assert article.history.count() == first_version + 1
    assert all(
        article.text_of(m.in_headline)[m.start : m.end] == m.surface for m in article.mentions.all()
    )
    assert "Canada" in {m.surface for m in article.mentions.all()}  # linked in the new text
    assert shown_on_public_pages(client, lobsters) != []
    assert shown_on_public_pages(client, people) == []  # hidden until an editor ties it again
    queue = TradeFact.objects.to_review()
    assert people in queue and lobsters not in queue


def test_records_an_editor_deleted_or_merged_are_not_imported_again(client, seeded, editor):
    client.force_login(editor)
    gallant = Person.objects.get(slug="brian-gallant")
    gallant.quotes.all().delete()
    gallant.facts.update(speaker=None)
    delete = reverse("admin:articles_person_delete", args=[gallant.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    harper = Person.objects.get(slug="stephen-harper")
    records_merge(keep=Person.objects.get(slug="justin-trudeau"), duplicates=[harper])

    result = archive_import()
    assert not Person.objects.filter(slug__in=["brian-gallant", "stephen-harper"]).exists()
    assert sorted(line.split(" on ")[0] for line in result.skipped) == [
        "person brian-gallant: deleted by an editor",
        "person stephen-harper: merged into justin-trudeau",
    ]
    deleted = reverse("admin:articles_tombstone_changelist")
    assert "Brian Gallant" in client.get(deleted).content.decode()


def test_a_mention_an_editor_deleted_is_not_linked_again(client, seeded, editor, write_manifest):
    import_new(write_manifest)
    article = Article.objects.get(slug="vancouver-office")
    wrong = article.mentions.get(surface="Vancouver", start__lt=40)
    client.force_login(editor)
    delete = reverse("admin:articles_mention_delete", args=[wrong.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302

    import_new(write_manifest, text=TEXT + "\nMore on Vancouver and Jack Ma later.\n")
    surfaces = [(m.surface, m.start) for m in Mention.objects.filter(article=article)]
    assert ("Vancouver", wrong.start) not in surfaces
    assert [s for s, _ in surfaces].count("Jack Ma") == 2  # the rest is linked as before


# The site and search follow edits ----------------------------------------------------------------

GLOBE = "alibaba-founder-jack-ma-urges-canadian-small-business-to-look-to-china-for-growth"


def edit(client, obj, **changes):
    """Change a record through its admin page, as an editor does."""
    url = reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])
    response = client.post(url, changeform_data(client.get(url)) | changes)
    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response).decode()


def test_an_edited_headline_shows_everywhere_at_once(client, seeded, editor):
    article = Article.objects.get(slug=GLOBE)
    client.force_login(editor)
    edit(client, article, headline="Jack Ma courts Canadian quinoa farmers")
    for url in [article.get_absolute_url(), "/articles/", "/people/jack-ma/", "/", "/timeline/"]:
        assert "Jack Ma courts Canadian quinoa farmers" in page(client, url), url
    assert GLOBE in page(client, "/search/?q=quinoa")
    assert 'Did you mean <a href="?q=quinoa">quinoa' in page(client, "/search/?q=quinao")
    assert "Jack Ma courts Canadian quinoa farmers" in page(client, "/facts/?year=2017")


def test_an_edited_body_is_searchable_and_its_passages_follow_it(client, seeded, editor):
    article = Article.objects.get(slug=GLOBE)
    client.force_login(editor)
    edit(client, article, body="Editor's note: the quinoa figures were checked.\n\n" + article.body)
    assert all(article.body[f.start : f.end] == f.passage for f in article.facts.all())
    assert all(article.body[q.start : q.end] == q.text for q in article.quotes.all())
    assert all(
        article.text_of(m.in_headline)[m.start : m.end] == m.surface for m in article.mentions.all()
    )
    html = page(client, article.get_absolute_url())
    assert "quinoa figures were checked" in html and 'id="fact-' in html
    assert GLOBE in page(client, "/search/?q=quinoa")


def test_a_renamed_person_and_a_new_alias_show_at_once(client, seeded, editor):
    ma = Person.objects.get(slug="jack-ma")
    client.force_login(editor)
    url = reverse("admin:articles_person_change", args=[ma.pk])
    data = changeform_data(client.get(url))
    total = int(data["aliases-TOTAL_FORMS"])
    data |= {"name": "Ma Yun (Jack Ma)", "aliases-TOTAL_FORMS": total + 1}
    data |= {f"aliases-{total}-name": "Mayun", f"aliases-{total}-language": "en"}
    assert client.post(url, data).status_code == 302
    for url in [ma.get_absolute_url(), "/people/", f"/articles/{GLOBE}/", "/"]:
        assert "Ma Yun (Jack Ma)" in page(client, url), url
    results = page(client, "/search/?q=Mayun")
    assert 'href="/people/jack-ma/"' in results and GLOBE in results


def test_an_edited_fact_value_and_article_date_show_at_once(client, seeded, editor):
    fact = TradeFact.objects.get(figure="20,000 lobsters")
    client.force_login(editor)
    edit(client, fact, value="20001", passage=fact.passage)
    assert "20,001 lobsters" in page(client, "/facts/")
    assert ",20001.00,lobsters," in page(client, "/facts/export.csv")
    assert "20,001 lobsters" in page(client, fact.article.get_absolute_url())

    article = fact.article
    edit(client, article, published_on="2015-06-01", date_precision="day")
    assert article.slug in page(client, "/articles/?year=2015")
    assert article.slug not in page(client, "/articles/?year=2017")
    assert article.slug in page(client, "/archive/2015/")
    assert article.slug in page(client, "/search/?q=lobsters&year=2015")


# Merging duplicate records ----------------------------------------------------------------------


@pytest.fixture
def duplicate_ma(seeded):
    """A second record for Jack Ma, as an editor might find after an import."""
    ma = Person.objects.get(slug="jack-ma")
    twin = Person.objects.create(name="Ma Yun", slug="ma-yun")
    Role.objects.create(person=twin, title="Alibaba founder", kind="founder")
    moved_quote = Quote.objects.filter(person=ma).first()
    moved_quote.person = twin
    moved_quote.save()
    mention = Mention.objects.filter(person=ma).first()
    mention.person = twin
    mention.save()
    Event.objects.get(slug="gateway-17").people.add(twin)
    twin.aliases.create(name="Yun Ma")
    return ma, twin, moved_quote, mention


def test_merge_moves_everything_to_the_record_kept(duplicate_ma):
    ma, twin, quote, mention = duplicate_ma
    result = records_merge(keep=ma, duplicates=[twin])
    assert not Person.objects.filter(slug="ma-yun").exists()
    quote.refresh_from_db()
    mention.refresh_from_db()
    assert quote.person == ma and mention.person == ma
    assert ma.roles.filter(title="Alibaba founder").exists()
    assert set(ma.aliases.values_list("name", flat=True)) >= {"Ma Yun", "Yun Ma"}
    gateway = Event.objects.get(slug="gateway-17")
    assert ma in gateway.people.all() and twin not in gateway.people.all()
    linked = {row.person_id for row in gateway.history.latest().people.all()}
    assert ma.pk in linked and twin.pk not in linked  # the move is in the event's history
    assert result.merged == ["Ma Yun"] and result.moved["quotes"] == 1


def test_merge_is_recorded_in_the_history(duplicate_ma):
    ma, twin, quote, _ = duplicate_ma
    records_merge(keep=ma, duplicates=[twin])
    assert ma.history.latest().history_change_reason == "merged Ma Yun"
    deleted = Person.history.filter(slug="ma-yun").latest()
    assert deleted.history_type == "-" and "merged into Jack Ma" in deleted.history_change_reason
    assert quote.history.latest().history_change_reason == "merge: Ma Yun → Jack Ma"


def test_merge_happens_in_one_transaction(duplicate_ma, monkeypatch):
    ma, twin, quote, _ = duplicate_ma

    def fail(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Person, "delete", fail)
    with pytest.raises(RuntimeError):
        records_merge(keep=ma, duplicates=[twin])
    quote.refresh_from_db()
    assert quote.person == twin and Person.objects.filter(slug="ma-yun").exists()


def test_merge_refuses_records_of_another_kind(seeded):
    ma = Person.objects.get(slug="jack-ma")
    with pytest.raises(ValueError):
        records_merge(keep=ma, duplicates=[Article.objects.first()])
