"""Candidate records: names a new article holds that the archive has no record for, proposed at
import and reviewed in the admin (approve, reject, merge)."""

import pytest
from django.urls import reverse

from articles.importing import archive_import
from articles.models import Alias, Article, CandidateRecord, Mention, Organisation, Person, Place
from articles.records_proposals import records_propose_from
from tests.conftest import manifest_entry

QUEUE = reverse("admin:articles_candidaterecord_changelist")


def names(text, language="en"):
    return [
        (p.name, p.kind, [text[s:e] for s, e in p.spans])
        for p in records_propose_from(text, language)
    ]


def test_people_organisations_and_places_are_named_with_their_kind_and_passages():
    text = (
        "OTTAWA — Shopify Inc. will cut 1,000 jobs, chief executive Tobi Lutke said in Toronto. "
        "Premier Doug Ford said Ontario would help. Lutke declined to comment on Shopify's plans."
    )
    assert names(text) == [
        ("Ottawa", "place", ["OTTAWA"]),
        ("Shopify Inc.", "organisation", ["Shopify Inc.", "Shopify"]),
        ("Tobi Lutke", "person", ["Tobi Lutke", "Lutke"]),
        ("Toronto", "place", ["Toronto"]),
        ("Doug Ford", "person", ["Doug Ford"]),
        ("Ontario", "place", ["Ontario"]),
    ]


def test_french_organisation_names_keep_their_lower_case_words():
    text = (
        "Selon l'Organisation mondiale du commerce, le commerce croîtra. La Banque du Canada "
        "a abaissé son taux, a déclaré le gouverneur Tiff Macklem à Montréal."
    )
    assert names(text, "fr") == [
        (
            "Organisation mondiale du commerce",
            "organisation",
            ["Organisation mondiale du commerce"],
        ),
        ("Banque du Canada", "organisation", ["Banque du Canada"]),
        ("Tiff Macklem", "person", ["Tiff Macklem"]),
        ("Montréal", "place", ["Montréal"]),
    ]


def test_addresses_numbers_and_sentence_openers_are_not_names():
    text = "Chinese buyers met at 123 Main St. in Moncton. Twenty-five B.C. businesses came."
    assert names(text) == [("Moncton", "place", ["Moncton"]), ("B.C.", "place", ["B.C."])]


NEW_TEXT = (
    "Lion Electric Co. opened a plant in Saint-Jérôme, Quebec. Its founder Marc Bédard said "
    "Justin Trudeau visited the plant. Bédard thanked Alibaba."
)
OTHER_TEXT = "Marc Bédard spoke again about Lion Electric Co. and its buses."


@pytest.fixture
def imported(seeded, write_manifest):
    manifest = write_manifest(
        [
            manifest_entry(file="one.txt", slug="lion-plant", headline="A plant opens"),
            manifest_entry(file="two.txt", slug="lion-again", headline="Buses again"),
        ],
        {"one.txt": NEW_TEXT, "two.txt": OTHER_TEXT},
    )
    archive_import(manifests=[manifest])
    return manifest


def queue():
    return sorted(
        (
            c.name,
            c.kind,
            c.status,
            sorted((p.article.slug, p.start, p.end, p.surface) for p in c.passages.all()),
        )
        for c in CandidateRecord.objects.all()
    )


def test_an_import_proposes_the_names_the_archive_does_not_hold(imported):
    start = NEW_TEXT.index("Marc Bédard")
    bedard = NEW_TEXT.index("Bédard thanked")
    plant = NEW_TEXT.index("Saint-Jérôme")
    assert queue() == [
        (
            "Lion Electric Co.",
            "organisation",
            "pending",
            [
                ("lion-again", 30, 47, "Lion Electric Co."),
                ("lion-plant", 0, 17, "Lion Electric Co."),
            ],
        ),
        (
            "Marc Bédard",
            "person",
            "pending",
            [
                ("lion-again", 0, 11, "Marc Bédard"),
                ("lion-plant", start, start + 11, "Marc Bédard"),
                ("lion-plant", bedard, bedard + 6, "Bédard"),
            ],
        ),
        ("Quebec", "place", "pending", [("lion-plant", plant + 14, plant + 20, "Quebec")]),
        ("Saint-Jérôme", "place", "pending", [("lion-plant", plant, plant + 12, "Saint-Jérôme")]),
    ]
    # Justin Trudeau and Alibaba are records already: linked, not proposed.


def _act(client, action, *candidates, **extra):
    return client.post(
        QUEUE,
        {"action": action, "_selected_action": [c.pk for c in candidates], **extra},
        follow=True,
    )


def test_the_queue_lists_candidates_with_their_passages(editor_client, imported):
    page = editor_client.get(QUEUE)
    assert page.status_code == 200
    assert "Marc Bédard" in page.content.decode() and "Lion Electric Co." in page.content.decode()
    bedard = CandidateRecord.objects.get(name="Marc Bédard")
    change = editor_client.get(reverse("admin:articles_candidaterecord_change", args=[bedard.pk]))
    assert "Its founder <mark>Marc Bédard</mark> said" in change.content.decode()


def test_approving_creates_the_record_and_links_its_mentions_across_the_archive(
    editor_client, imported
):
    bedard = CandidateRecord.objects.get(name="Marc Bédard")
    response = _act(editor_client, "approve_candidates", bedard)
    assert "Approved: Marc Bédard (2 mentions linked)." in response.content.decode()
    person = Person.objects.get(name="Marc Bédard")
    assert sorted((m.article.slug, m.surface) for m in Mention.objects.filter(person=person)) == [
        ("lion-again", "Marc Bédard"),
        ("lion-plant", "Marc Bédard"),
    ]
    bedard.refresh_from_db()
    assert (bedard.status, bedard.person, bedard.reviewed_by) == ("approved", person, "editor")
    again = _act(editor_client, "approve_candidates", bedard)
    assert "Marc Bédard was already reviewed (approved (record created))" in again.content.decode()
    assert Person.objects.filter(name="Marc Bédard").count() == 1


def test_an_approved_place_gets_its_kind_and_an_organisation_the_kind_other(
    editor_client, imported
):
    _act(editor_client, "approve_candidates", *CandidateRecord.objects.exclude(kind="person"))
    assert Place.objects.get(name="Saint-Jérôme").kind == "city"
    lion = Organisation.objects.get(name="Lion Electric Co.")
    assert lion.kind == "other"
    assert Mention.objects.filter(organisation=lion).count() == 2


def test_rejecting_remembers_the_name_so_it_is_not_proposed_again(
    editor_client, imported, write_manifest
):
    lion = CandidateRecord.objects.get(name="Lion Electric Co.")
    response = _act(editor_client, "reject_candidates", lion)
    assert "Rejected: Lion Electric Co.." in response.content.decode()
    manifest = write_manifest(
        [manifest_entry(file="three.txt", slug="lion-third", headline="Third")],
        {"three.txt": "Lion Electric Co. hired Anna Tremblay."},
    )
    archive_import(manifests=[manifest])
    lion.refresh_from_db()
    assert lion.status == "rejected"
    assert lion.passages.filter(article__slug="lion-third").count() == 0
    assert CandidateRecord.objects.filter(name="Anna Tremblay", status="pending").exists()
    assert not Organisation.objects.filter(name="Lion Electric Co.").exists()


def test_merging_adds_an_alias_to_the_chosen_record_and_links_the_mentions(editor_client, imported):
    bedard = CandidateRecord.objects.get(name="Marc Bédard")
    jack = Person.objects.get(slug="jack-ma")
    ask = _act(editor_client, "merge_candidate", bedard)
    assert "Merge “Marc Bédard” into an existing person" in ask.content.decode()
    assert f'<option value="{jack.pk}">Jack Ma</option>' in ask.content.decode()
    done = _act(editor_client, "merge_candidate", bedard, record=jack.pk, apply="yes")
    assert "Merged Marc Bédard into Jack Ma (2 mentions linked)." in done.content.decode()
    assert Alias.objects.filter(person=jack, name="Marc Bédard").count() == 1
    assert sorted(
        m.article.slug for m in Mention.objects.filter(person=jack, surface="Marc Bédard")
    ) == ["lion-again", "lion-plant"]
    bedard.refresh_from_db()
    assert (bedard.status, bedard.person) == ("merged", jack)


def test_merging_refuses_a_record_that_is_not_a_record_of_its_kind(editor_client, imported):
    from articles.candidates import CandidateReviewError, candidate_merge

    bedard = CandidateRecord.objects.get(name="Marc Bédard")
    missing = Person.objects.order_by("-pk").first().pk + 1000
    response = _act(editor_client, "merge_candidate", bedard, record=missing, apply="yes")
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(CandidateReviewError, match="is a candidate person; choose a person"):
        candidate_merge(candidate=bedard, record=Place.objects.get(slug="canada"))
    bedard.refresh_from_db()
    assert bedard.status == "pending"
    assert not Alias.objects.filter(name="Marc Bédard").exists()


def test_editors_may_review_candidates(client, imported, editor):
    client.force_login(editor)
    queue = client.get(QUEUE)
    assert queue.status_code == 200
    assert "Marc Bédard" in queue.content.decode()  # the Editors group sees the queue
    assert Article.objects.filter(slug="lion-plant").exists()


def test_a_french_text_links_a_record_by_its_french_name(seeded, write_manifest):
    text = (
        "Le Pavillon du Canada sur Tmall Global compte 30 entreprises; "
        "le pavillon canadien grandit."
    )
    manifest = write_manifest(
        [manifest_entry(file="fr.txt", slug="pavillon", headline="Pavillon", language="fr")],
        {"fr.txt": text},
    )
    archive_import(manifests=[manifest])
    article = Article.objects.get(slug="pavillon")
    assert sorted(
        (m.surface, m.entity.slug) for m in article.mentions.all() if m.initiative_id
    ) == [
        ("Pavillon du Canada", "canadian-pavilion-on-tmall-global"),
        ("pavillon canadien", "canadian-pavilion-on-tmall-global"),
    ]
    assert not CandidateRecord.objects.filter(name__icontains="Pavillon").exists()


def test_an_alias_matches_its_typographic_and_possessive_variants(seeded, write_manifest):
    text = "Alibaba’s single’s day broke records, as SINGLES’ DAY does every year."
    manifest = write_manifest([manifest_entry(file="s.txt", slug="singles")], {"s.txt": text})
    archive_import(manifests=[manifest])
    article = Article.objects.get(slug="singles")
    assert sorted(m.surface for m in article.mentions.all() if m.initiative_id) == [
        "SINGLES’ DAY",
        "single’s day",
    ]
