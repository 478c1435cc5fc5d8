import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils.html import escape

from articles.models import Article, Event, Initiative, Person, Place, TradeFact


def test_every_record_type_has_a_working_list_and_change_page(editor_client, seeded):
    for model in admin.site._registry:
        if model._meta.app_label != "articles":
            continue
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        listed = editor_client.get(changelist).content.decode()
        count = model.objects.count()
        name = opts.verbose_name if count == 1 else opts.verbose_name_plural
        assert f"{count} {name}" in listed, changelist  # the list says how many it holds
        first = model.objects.first()
        if first is None:  # nothing deleted yet, and the curated texts get no candidates
            assert model._meta.model_name in {"tombstone", "candidaterecord"}
            continue
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
        page = editor_client.get(change)
        assert page.status_code == 200, change
        assert f"<h2>{escape(str(first))}</h2>" in page.content.decode(), change


def test_admin_search_finds_a_person_by_alias(editor_client, seeded):
    response = editor_client.get(reverse("admin:articles_person_changelist"), {"q": "Dashan"})
    assert "Mark Rowswell" in response.content.decode()


def test_editors_change_records_but_not_users(client, seeded, editor):
    client.force_login(editor)
    place = Place.objects.get(slug="fredericton")
    url = reverse("admin:articles_place_change", args=[place.pk])
    form = {
        "name": "Fredericton NB",
        "name_fr": "Fredericton",
        "slug": "fredericton",
        "kind": "city",
        "parent": place.parent_id,
        "description": "",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
    }
    assert client.post(url, form).status_code == 302
    assert "Fredericton NB" in client.get(place.get_absolute_url()).content.decode()
    for model in ("user", "group"):
        refused = client.get(reverse(f"admin:auth_{model}_changelist"))
        assert refused.status_code == 403
        assert "<h1>403 Forbidden</h1>" in refused.content.decode()


def test_staff_without_the_editors_group_sees_nothing_to_edit(client, seeded, django_user_model):
    staff = django_user_model.objects.create_user("st", password="pw-x7!long", is_staff=True)
    client.force_login(staff)
    index = client.get(reverse("admin:index")).content.decode()
    assert "articles/person" not in index
    person = Person.objects.first()
    assert client.get(reverse("admin:articles_person_change", args=[person.pk])).status_code == 403
    assert "Edit in the admin" not in client.get(person.get_absolute_url()).content.decode()


def test_public_pages_show_an_editor_the_edit_link(client, seeded, editor):
    article = Article.objects.first()
    assert "Edit in the admin" not in client.get(article.get_absolute_url()).content.decode()
    client.force_login(editor)
    html = client.get(article.get_absolute_url()).content.decode()
    assert reverse("admin:articles_article_change", args=[article.pk]) in html


def fact_form(article, passage, figure, **extra):
    return {
        "article": article.pk,
        "passage": passage,
        "figure": figure,
        "kind": "sales",
        "value": "20000",
        "unit": "lobsters",
        "qualifier": "exact",
        "status": "approved",
        "period": "",
        "note": "",
        **extra,
    }


def test_a_fact_is_tied_to_its_passage_by_pasting_it(client, seeded, editor):
    client.force_login(editor)
    globe = Article.objects.get(source_name="002_6343cd6dce67ccf4.txt")
    url = reverse("admin:articles_tradefact_add")
    passage = "Mr. Ma said last year Canadian producers sold 20,000 lobsters through his website."
    response = client.post(url, fact_form(globe, passage, "20,000 lobsters"))
    assert response.status_code == 302
    fact = TradeFact.objects.latest("pk")
    assert globe.body[fact.start : fact.end] == passage == fact.passage


@pytest.mark.parametrize(
    ("passage", "figure", "extra", "message"),
    [
        ("Canadian producers sold 20,001 lobsters", "20,001 lobsters", {}, "passage not found"),
        ("Mr. Ma said", "Ma", {}, "occurs 2 times"),
        ("", "20,000", {"start": "5", "end": "999999"}, "not inside the article"),
        ("sold 20,000 lobsters", "30,000 lobsters", {}, "figure must be written in the passage"),
    ],
)
def test_a_wrong_passage_is_refused_with_a_clear_error(
    client, seeded, editor, passage, figure, extra, message
):
    client.force_login(editor)
    globe = Article.objects.get(source_name="002_6343cd6dce67ccf4.txt")
    before = TradeFact.objects.count()
    response = client.post(
        reverse("admin:articles_tradefact_add"), fact_form(globe, passage, figure, **extra)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert TradeFact.objects.count() == before


def test_offsets_typed_by_hand_fill_the_passage(client, seeded, editor):
    client.force_login(editor)
    globe = Article.objects.get(source_name="002_6343cd6dce67ccf4.txt")
    start = globe.body.index("20,000 lobsters")
    response = client.post(
        reverse("admin:articles_tradefact_add"),
        fact_form(globe, "", "20,000", start=str(start), end=str(start + len("20,000 lobsters"))),
    )
    assert response.status_code == 302
    assert TradeFact.objects.latest("pk").passage == "20,000 lobsters"


def test_login_is_locked_after_repeated_failures(client, db, django_user_model):
    django_user_model.objects.create_superuser("boss", "b@example.com", "right-pw-x7!long")
    login = reverse("admin:login")
    statuses = [
        client.post(login, {"username": "boss", "password": "wrong"}).status_code for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks the account
    locked = client.post(login, {"username": "boss", "password": "right-pw-x7!long"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_import_is_recorded_in_the_history(seeded):
    article = Article.objects.first()
    assert [h.history_change_reason for h in article.history.all()] == ["import"]
    fact = TradeFact.objects.first()
    assert fact.history.count() == 1
    assert Person.objects.get(slug="jack-ma").history.get().history_change_reason == "import"


def place_form(place, name):
    return {
        "name": name,
        "name_fr": place.name_fr,
        "slug": place.slug,
        "kind": place.kind,
        "parent": place.parent_id or "",
        "description": place.description,
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
    }


def test_history_shows_who_changed_what_and_restores_an_earlier_version(client, seeded, editor):
    client.force_login(editor)
    place = Place.objects.get(slug="fredericton")
    change = reverse("admin:articles_place_change", args=[place.pk])
    assert client.post(change, place_form(place, "Fredericton (capital)")).status_code == 302
    latest = place.history.latest()
    assert (latest.name, latest.history_user, latest.history_type) == (
        "Fredericton (capital)",
        editor,
        "~",
    )
    history = client.get(reverse("admin:articles_place_history", args=[place.pk]))
    assert history.status_code == 200 and "Fredericton (capital)" in history.content.decode()

    original = place.history.earliest()
    revert = reverse("admin:articles_place_simple_history", args=[place.pk, original.pk])
    assert "Fredericton" in client.get(revert).content.decode()
    assert client.post(revert, place_form(place, original.name)).status_code == 302
    place.refresh_from_db()
    assert place.name == "Fredericton"
    assert place.history.count() == 3
    assert "Fredericton (capital)" not in client.get(place.get_absolute_url()).content.decode()


def test_deleting_an_article_that_facts_cite_is_refused_listing_them(client, seeded, editor):
    client.force_login(editor)
    globe = Article.objects.get(source_name="002_6343cd6dce67ccf4.txt")
    url = reverse("admin:articles_article_delete", args=[globe.pk])
    page = client.get(url).content.decode()
    assert "protected" in page and "20,000 lobsters" in page
    client.post(url, {"post": "yes"})
    assert Article.objects.filter(pk=globe.pk).exists()


def test_merge_action_asks_which_record_to_keep_then_merges(client, seeded, editor):
    client.force_login(editor)
    ma = Person.objects.get(slug="jack-ma")
    twin = Person.objects.create(name="Ma Yun", slug="ma-yun")
    url = reverse("admin:articles_person_changelist")
    ask = client.post(url, {"action": "merge_selected", "_selected_action": [ma.pk, twin.pk]})
    assert ask.status_code == 200 and "Choose the record to keep" in ask.content.decode()
    done = client.post(
        url,
        {
            "action": "merge_selected",
            "_selected_action": [ma.pk, twin.pk],
            "keep": ma.pk,
            "confirm": "yes",
        },
        follow=True,
    )
    assert "Merged Ma Yun into Jack Ma" in done.content.decode()
    assert not Person.objects.filter(slug="ma-yun").exists()


def test_links_between_records_are_kept_in_the_history(client, seeded, editor):
    from tests.conftest import changeform_data

    initiative = Initiative.objects.get(slug="canada-alibaba-declaration-of-cooperation")
    before = {"jack-ma", "justin-trudeau"}  # fixtures/annotations.yaml
    gallant = Person.objects.get(slug="brian-gallant")
    client.force_login(editor)
    url = reverse("admin:articles_initiative_change", args=[initiative.pk])
    data = changeform_data(client.get(url))
    assert client.post(url, data | {"people": [*data["people"], gallant.pk]}).status_code == 302

    latest, previous = initiative.history.all()[:2]
    assert latest.history_user == editor
    assert {row.person.slug for row in latest.people.all()} == before | {"brian-gallant"}
    assert {row.person.slug for row in previous.people.all()} == before
    history = client.get(reverse("admin:articles_initiative_history", args=[initiative.pk]))
    assert "Brian Gallant" in history.content.decode()


def test_an_initiative_is_edited_with_its_events_and_the_event_history_shows_it(
    client, seeded, editor
):
    from tests.conftest import changeform_data

    initiative = Initiative.objects.get(slug="canada-alibaba-declaration-of-cooperation")
    gateway = Event.objects.get(slug="gateway-17")
    assert initiative not in gateway.initiatives.all()
    client.force_login(editor)
    url = reverse("admin:articles_initiative_change", args=[initiative.pk])
    data = changeform_data(client.get(url))
    prefix = "Event_initiatives"  # the inline of the events' links
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data |= {f"{prefix}-TOTAL_FORMS": total + 1, f"{prefix}-{total}-event": gateway.pk}
    assert client.post(url, data).status_code == 302

    assert initiative in gateway.initiatives.all()
    latest = gateway.history.latest()
    assert latest.history_user == editor
    assert initiative.pk in {row.initiative_id for row in latest.initiatives.all()}
    assert "Gateway" in client.get(initiative.get_absolute_url()).content.decode()


def test_an_imported_record_has_one_history_entry_holding_its_links(seeded):
    pavilion = Initiative.objects.get(slug="canadian-pavilion-on-tmall-global")
    [entry] = pavilion.history.all()
    assert (entry.history_type, entry.history_change_reason) == ("+", "import")
    linked = {row.person.slug for row in entry.people.all()}
    assert linked == {"jack-ma", "justin-trudeau"}  # fixtures/annotations.yaml
