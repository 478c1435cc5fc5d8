import hashlib
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import ProtectedError

from articles.importing import ArchiveImportError, archive_import, pipeline
from articles.importing import articles as importing_articles
from articles.models import (
    ENTITY_FIELDS,
    Alias,
    Article,
    Event,
    Initiative,
    Mention,
    Organisation,
    Person,
    Place,
    Publisher,
    Quote,
    Role,
    SearchTerm,
    TradeFact,
)
from tests.conftest import SEED_FILES, SEEDS_DIR, manifest_entry

ALL_MODELS = (
    Article,
    Publisher,
    Person,
    Role,
    Organisation,
    Place,
    Event,
    Initiative,
    Alias,
    Mention,
    TradeFact,
    Quote,
)


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in ALL_MODELS
    }


def test_seed_texts_are_the_shared_seeds_byte_for_byte():
    shared = SEEDS_DIR.parents[2] / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside the repository")
    for path in SEED_FILES:
        assert path.read_bytes() == (shared / path.name).read_bytes()


def test_import_loads_the_five_texts_with_their_provenance(seeded):
    assert seeded.imported and len(seeded.imported) == 5
    rows = {a.source_name: a for a in Article.objects.select_related("publisher")}
    assert set(rows) == {path.name for path in SEED_FILES}
    for path in SEED_FILES:
        article = rows[path.name]
        assert article.raw_text.encode("utf-8") == path.read_bytes()
        assert article.raw_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()

    summit = rows["000_5c50f46f84eac955.txt"]
    assert (summit.publisher.name, summit.publisher_basis) == ("Multichannel Merchant", "external")
    assert (str(summit.published_on), summit.date_precision, summit.date_basis) == (
        "2016-09-01",
        "month",
        "external",
    )
    assert summit.headline_basis == "stated"

    xinhua = rows["001_b1c7f71c92e85fe7.txt"]
    assert (str(xinhua.published_on), xinhua.date_precision, xinhua.date_basis) == (
        "2014-11-08",
        "day",
        "stated",
    )

    globe = rows["002_6343cd6dce67ccf4.txt"]
    assert globe.headline_basis == "external" and globe.publisher.name == "The Globe and Mail"

    gnb = rows["003_4a50b3e74e47d2c4.txt"]
    assert gnb.language == "fr" and gnb.headline_supplied
    assert gnb.dateline.slug == "fredericton"
    assert (str(gnb.published_on), gnb.date_precision) == ("2017-09-01", "month")

    bnn = rows["004_0015f40dbfbe47ea.txt"]
    assert (bnn.publisher.name, str(bnn.published_on), bnn.date_basis) == (
        "BNN",
        "2017-09-25",
        "external",
    )


def test_body_is_cleaned_but_raw_text_keeps_the_furniture(seeded):
    globe = Article.objects.get(source_name="002_6343cd6dce67ccf4.txt")
    assert "Skip to main content" in globe.raw_text
    assert "Skip to main content" not in globe.body
    assert globe.body.startswith("Canadian Prime Minister Stephen Harper and Executive Chairman")
    summit = Article.objects.get(source_name="000_5c50f46f84eac955.txt")
    assert not summit.body.startswith(summit.headline)
    assert "Leave a Reply" not in summit.body


def test_people_have_their_roles(seeded):
    roles = {
        (role.person.slug, role.title, role.kind, role.start_year, role.end_year)
        for role in Role.objects.select_related("person")
    }
    assert roles == {  # fixtures/annotations.yaml, people
        ("jack-ma", "Founder of Alibaba Group", "founder", 1999, None),
        ("jack-ma", "Chief Executive Officer of Alibaba Group", "chief_executive", 1999, 2013),
        ("jack-ma", "Executive Chairman of Alibaba Group", "chair", 2013, None),
        ("justin-trudeau", "Prime Minister of Canada", "head_of_government", 2015, None),
        ("stephen-harper", "Prime Minister of Canada", "head_of_government", 2006, 2015),
        ("brian-gallant", "Premier of New Brunswick", "premier", 2014, 2018),
        ("michael-evans", "President of Alibaba Group", "president", 2015, None),
        ("li-keqiang", "Premier of China", "head_of_government", 2013, 2023),
        ("mark-rowswell", "Comedian and entertainer", "entertainer", None, None),
        ("ju-huanzong", "Photographer", "photographer", None, None),
        ("gu-liping", "Web editor", "editor", None, None),
        ("adrian-wyld", "Photographer", "photographer", None, None),
    }


def test_every_fact_and_quote_passage_is_in_its_article_at_its_offsets(seeded):
    facts = list(TradeFact.objects.select_related("article"))
    quotes = list(Quote.objects.select_related("article"))
    # fixtures/annotations.yaml: facts 4 + 1 + 12 + 6 + 5, quotes 3 + 0 + 6 + 3 + 10.
    assert (len(facts), len(quotes)) == (28, 22)
    for fact in facts:
        assert fact.article.body[fact.start : fact.end] == fact.passage
        assert fact.passage in fact.article.raw_text
        assert fact.figure in fact.passage
    for quote in quotes:
        assert quote.article.body[quote.start : quote.end] == quote.text
        assert quote.text in quote.article.raw_text


def test_every_mention_is_its_surface_form_at_its_offsets(seeded):
    mentions = list(Mention.objects.select_related("article"))
    assert mentions
    for mention in mentions:
        text = mention.article.text_of(mention.in_headline)
        assert text[mention.start : mention.end] == mention.surface
        assert mention.entity is not None


@pytest.mark.parametrize(
    ("source", "figure_start", "value", "unit"),
    [
        ("002_6343cd6dce67ccf4.txt", "20,000", Decimal(20_000), "lobsters"),
        ("002_6343cd6dce67ccf4.txt", "$25-billion", Decimal(25_000_000_000), "USD"),
        ("003_4a50b3e74e47d2c4.txt", "89,2 millions", Decimal(89_200_000), "CAD"),
        ("004_0015f40dbfbe47ea.txt", "more than 500 million", Decimal(500_000_000), "shoppers"),
    ],
)
def test_quantitative_claims_are_facts_with_their_values(seeded, source, figure_start, value, unit):
    fact = TradeFact.objects.get(article__source_name=source, figure__startswith=figure_start)
    assert (fact.value, fact.unit) == (value, unit)


def test_french_article_links_french_names_to_the_same_records(seeded):
    gnb = Article.objects.get(source_name="003_4a50b3e74e47d2c4.txt")
    surfaces = {(m.entity.slug, m.surface) for m in gnb.mentions.select_related("place", "person")}
    assert ("new-brunswick", "Nouveau-Brunswick") in surfaces
    assert ("brian-gallant", "Brian Gallant") in surfaces
    assert ("china", "Chine") in surfaces


def test_reimport_changes_nothing(seeded):
    before = snapshot()
    again = archive_import()
    assert (again.imported, again.entities_created) == ([], 0)
    assert len(again.unchanged) == 5
    assert snapshot() == before


def test_import_command_reports_what_it_did(db, capsys):
    call_command("import_articles")
    assert "5 imported, 0 unchanged" in capsys.readouterr().out
    call_command("import_articles")
    assert "0 imported, 5 unchanged" in capsys.readouterr().out


def test_annotation_passage_not_in_its_article_is_rejected_and_nothing_stays(db, monkeypatch):
    real = pipeline.yaml_read

    def with_bad_passage(path):
        data = real(path)
        if path.name == "annotations.yaml":
            facts = data["articles"]["alibaba-touts-ties-to-canada-on-harpers-china-trade-trip"][
                "facts"
            ]
            facts[-1]["passage"] = "Canadian producers sold 20,001 lobsters"
        return data

    monkeypatch.setattr(pipeline, "yaml_read", with_bad_passage)
    with pytest.raises(
        ArchiveImportError, match=r"alibaba-touts-ties.*fact \d+.*passage not found"
    ):
        archive_import()
    assert all(not pks for pks in snapshot().values())


def test_deleting_an_article_with_facts_is_refused(seeded):
    article = TradeFact.objects.first().article
    with pytest.raises(ProtectedError):
        article.delete()


# New articles from a manifest -----------------------------------------------------------------


def test_new_article_is_linked_to_known_people_and_places(seeded, write_manifest):
    text = "Justin Trudeau and Mr. Ma met in Hangzhou.\nNouveau-Brunswick exports grew.\n"
    manifest = write_manifest([manifest_entry()], {"new.txt": text})
    result = archive_import(manifests=[manifest])
    article = Article.objects.get(slug=result.imported[0])
    linked = {m.entity.slug for m in article.mentions.select_related(*ENTITY_FIELDS)}
    assert linked == {"justin-trudeau", "jack-ma", "hangzhou", "new-brunswick"}
    assert (article.headline_basis, str(article.published_on)) == ("supplied", "2018-03-02")


def test_new_article_import_is_idempotent(db, write_manifest):
    manifest = write_manifest([manifest_entry()], {"new.txt": "Some text about Alibaba."})
    assert len(archive_import(manifests=[manifest]).imported) == 1
    again = archive_import(manifests=[manifest])
    assert (again.imported, again.unchanged) == ([], ["new.txt"])
    assert Article.objects.count() == 1


def test_failure_inside_a_file_leaves_no_partial_article(db, write_manifest, monkeypatch):
    manifest = write_manifest([manifest_entry()], {"new.txt": "Some text about Alibaba."})

    def broken(**kwargs):
        raise RuntimeError("linking failed")

    monkeypatch.setattr(importing_articles, "mentions_new", broken)
    with pytest.raises(RuntimeError):
        archive_import(manifests=[manifest])
    assert not Article.objects.exists() and not Publisher.objects.exists()


@pytest.mark.parametrize(
    ("entry", "content", "message"),
    [
        ({}, b"", r"new.txt: the file is empty"),
        ({}, b"   \n\n", r"new.txt: the file is empty"),
        ({}, b"PK\x03\x04\x00\x00binary", r"new.txt: binary file \(NUL byte at byte 4\)"),
        ({}, "caf\u00e9".encode("latin-1"), r"new.txt: not valid UTF-8 \(byte 0xe9 at byte 3\)"),
        ({"headline": None}, b"Text.", r"article 1: missing field\(s\): headline"),
        ({"published_on": "2017-02-30"}, b"Text.", r"impossible date '2017-02-30'"),
        ({"published_on": "next week"}, b"Text.", r"'next week' is not YYYY-MM-DD"),
        ({"language": "de"}, b"Text.", r"unknown language 'de' \(expected one of: en, fr\)"),
        ({"date_basis": "rumour"}, b"Text.", r"unknown date_basis 'rumour'"),
        ({"file": "missing.txt"}, b"Text.", r"missing.txt: no such file"),
    ],
)
def test_bad_input_gives_one_line_error_and_changes_nothing(
    seeded, write_manifest, entry, content, message
):
    before = snapshot()
    manifest = write_manifest([manifest_entry(**entry)], {"new.txt": content})
    with pytest.raises(CommandError, match=message) as error:
        call_command("import_articles", str(manifest))
    assert "\n" not in str(error.value)
    assert snapshot() == before


def test_a_bad_file_later_in_a_manifest_stops_the_whole_batch_before_writing(db, write_manifest):
    manifest = write_manifest(
        [manifest_entry(), manifest_entry(file="bad.txt", headline="Second")],
        {"new.txt": "Good text.", "bad.txt": b"\xff\xfe"},
    )
    with pytest.raises(ArchiveImportError, match="bad.txt: not valid UTF-8"):
        archive_import(manifests=[manifest])
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("manifest_text", "message"),
    [
        ("articles: [unclosed", "not valid YAML or JSON"),
        ("- just a list", "expected a mapping at the top level"),
        ("articles: []", "expected a non-empty list under 'articles'"),
    ],
)
def test_malformed_manifest_is_refused(db, tmp_path, manifest_text, message):
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text(manifest_text)
    with pytest.raises(CommandError, match=message):
        call_command("import_articles", str(tmp_path))


# Batched import (large archives) ---------------------------------------------------------------


def test_batch_import_gives_what_one_by_one_gives_and_skips_known_texts(seeded, write_manifest):
    from articles.importing import NameIndex, articles_import, manifest_read
    from articles.search import search_articles

    texts = {
        "one.txt": "Justin Trudeau met Mr. Ma in Hangzhou about quahogs.\n",
        "deux.txt": "Le Nouveau-Brunswick exporte des homards vers la Chine.\n",
    }
    manifest = write_manifest(
        [
            manifest_entry(file="one.txt", headline="One"),
            manifest_entry(file="deux.txt", headline="Deux", language="fr"),
            manifest_entry(file="one.txt", headline="One again", slug="one-again"),
        ],
        texts,
    )
    specs = manifest_read(path=manifest)
    index = NameIndex.build()
    imported = articles_import(specs=specs, index=index).imported
    assert imported == ["one", "deux"]  # the same text twice lands once
    one, deux = (Article.objects.get(slug=slug) for slug in ("one", "deux"))
    assert {m.entity.slug for m in one.mentions.all()} == {"justin-trudeau", "jack-ma", "hangzhou"}
    assert {m.entity.slug for m in deux.mentions.all()} == {"new-brunswick", "china"}
    assert one.history.get().history_change_reason == "import"
    assert list(search_articles("homard").articles) == [deux]
    assert list(search_articles("quahog Hangzhou").articles) == [one]
    assert SearchTerm.objects.get(word="quahogs").display == "quahogs"
    assert articles_import(specs=specs, index=index).imported == []


# The batched path keeps every rule of the single one ----------------------------------------

BATCH_TEXTS = {
    "a.txt": "Producers sold 20,000 lobsters through Tmall last year.\n",
    "b.txt": "The office will hire more than 30 people in Vancouver.\n",
    "c.txt": "Exports of cherries rose by 12% in 2016.\n",
}


def batch_specs(write_manifest, **headlines):
    """Specs for a.txt, b.txt and c.txt (slugs a, b, c), read from one manifest."""
    from articles.importing import manifest_read

    entries = [
        manifest_entry(file=f"{slug}.txt", slug=slug, headline=headlines.get(slug, f"Story {slug}"))
        for slug in ("a", "b", "c")
    ]
    return manifest_read(path=write_manifest(entries, BATCH_TEXTS))


def test_batched_import_proposes_candidate_facts_with_their_history(db, write_manifest):
    from articles.importing import articles_import

    result = articles_import(specs=batch_specs(write_manifest), batch_size=10)
    assert result.imported == ["a", "b", "c"] and result.candidates == 3
    candidates = TradeFact.objects.filter(status="candidate").order_by("article__slug")
    assert [(f.article.slug, f.figure, f.value) for f in candidates] == [
        ("a", "20,000 lobsters", Decimal(20000)),
        ("b", "30 people", Decimal(30)),
        ("c", "12%", Decimal(12)),
    ]
    assert [f.history.get().history_change_reason for f in candidates] == ["proposed by import"] * 3
    reasons = {
        a.slug: [h.history_change_reason for h in a.history.all()] for a in Article.objects.all()
    }
    assert reasons == {"a": ["import"], "b": ["import"], "c": ["import"]}


def test_batched_import_does_not_recreate_an_article_an_editor_deleted(db, write_manifest):
    from articles.editing import tombstones_record
    from articles.importing import articles_import

    specs = batch_specs(write_manifest)
    articles_import(specs=specs[:2], batch_size=10)
    deleted = Article.objects.get(slug="a")
    deleted.facts.all().delete()
    tombstones_record(records=[deleted], by="ed")
    deleted.delete()

    result = articles_import(specs=specs, batch_size=10)
    assert (result.imported, result.unchanged) == (["c"], ["b.txt"])
    assert [line.split(" on ")[0] for line in result.skipped] == ["article a: deleted by an editor"]
    assert sorted(Article.objects.values_list("slug", flat=True)) == ["b", "c"]


def test_batched_reimport_keeps_the_headline_an_editor_changed(db, write_manifest):
    from articles.importing import articles_import

    articles_import(specs=batch_specs(write_manifest), batch_size=10)
    edited = Article.objects.get(slug="b")
    edited.headline = "Vancouver office to hire"
    edited._change_reason = "edited"
    edited.save()

    corrected = batch_specs(write_manifest, a="Lobsters on Tmall", b="Thirty jobs")
    result = articles_import(specs=corrected, batch_size=10)
    assert sorted(Article.objects.values_list("slug", "headline")) == [
        ("a", "Lobsters on Tmall"),
        ("b", "Vancouver office to hire"),
        ("c", "Story c"),
    ]
    assert (result.imported, result.updated, result.unchanged) == (
        [],
        ["a (headline)"],
        ["b.txt", "c.txt"],  # b: only the editor's field differs, and it is kept
    )
    assert result.skipped == [
        "article b: kept the editor's headline (changed since the last import)"
    ]
    assert Article.objects.get(slug="a").history.latest().history_change_reason == "import"
