"""Headlines are read like bodies: their names are mentions, their figures candidate facts and
their unknown names candidate records, each passage tied to the headline's exact text."""

import pytest

from articles.candidates import candidate_approve
from articles.importing import archive_import, passages_follow
from articles.models import Article, CandidateRecord, Initiative, Person, Place, TradeFact
from articles.search import search_articles
from tests.conftest import form_data, manifest_entry
from tests.test_exports import download

HEADLINE = "Jack Ma opens an office in Vancouver, hiring 300 people"
BODY = "The company said the office would open in the spring.\n\nIt will sell seafood."


@pytest.fixture
def records(db):
    Person.objects.create(name="Jack Ma", slug="jack-ma")
    Place.objects.create(name="Vancouver", slug="vancouver", kind="city")


def articles_import(write_manifest, *articles):
    """Import (slug, headline, body) texts, headlines stated, as a manifest would."""
    manifest = write_manifest(
        [
            manifest_entry(file=f"{slug}.txt", slug=slug, headline=headline, headline_basis=basis)
            for slug, headline, _, basis in articles
        ],
        {f"{slug}.txt": body for slug, _, body, _ in articles},
    )
    archive_import(manifests=[manifest])


@pytest.fixture
def office(records, write_manifest):
    articles_import(write_manifest, ("office", HEADLINE, BODY, "stated"))
    return Article.objects.get(slug="office")


def mentions(article):
    return sorted(
        (m.in_headline, m.start, m.end, m.surface, m.entity.slug) for m in article.mentions.all()
    )


def test_a_name_in_the_headline_is_a_mention_of_its_record(office):
    ma, vancouver = HEADLINE.index("Jack Ma"), HEADLINE.index("Vancouver")
    assert mentions(office) == [
        (True, ma, ma + 7, "Jack Ma", "jack-ma"),
        (True, vancouver, vancouver + 9, "Vancouver", "vancouver"),
    ]


def test_a_supplied_headline_is_not_read_for_names_or_figures(records, write_manifest):
    articles_import(write_manifest, ("supplied", HEADLINE, BODY, "supplied"))
    article = Article.objects.get(slug="supplied")
    assert mentions(article) == []
    assert not TradeFact.objects.filter(article=article).exists()


def test_an_article_named_in_its_headline_alone_is_listed_and_found_by_the_record(client, office):
    page = client.get("/people/jack-ma/").content.decode()
    assert 'href="/articles/office/"' in page
    listed = client.get("/articles/?person=jack-ma").context["object_list"]
    assert [article.slug for article in listed] == ["office"]
    assert [a.slug for a in search_articles("Jack Ma").articles] == ["office"]
    assert [a.slug for a in search_articles("hiring").articles] == ["office"]


def test_the_article_page_links_the_headline_names(client, office):
    page = client.get("/articles/office/").content.decode()
    assert (
        '<h1><a class="mention mention-person" href="/people/jack-ma/" title="Jack Ma">Jack Ma'
        '</a> opens an office in <a class="mention mention-place" href="/places/vancouver/" '
        'title="Vancouver">Vancouver</a>, hiring 300 people</h1>'
    ) in page
    assert '<div class="body"><p>The company said the office would open in the spring.</p>' in page


def test_a_figure_in_the_headline_is_a_candidate_fact_citing_the_headline(office):
    assert [
        (f.in_headline, f.start, f.end, f.passage, f.figure, f.value, f.status)
        for f in TradeFact.objects.filter(article=office)
    ] == [(True, 0, len(HEADLINE), HEADLINE, "300 people", 300, "candidate")]


@pytest.fixture
def approved(office):
    fact = TradeFact.objects.get(article=office)
    fact.status = TradeFact.Status.APPROVED
    fact.save()
    return fact


def test_an_approved_headline_fact_is_marked_in_the_headline(client, approved):
    page = client.get("/articles/office/").content.decode()
    fact = '<mark class="fact" title="Trade fact: 300 people"'
    assert (
        f'<h1>{fact} id="fact-{approved.pk}"><a class="mention mention-person" '
        f'href="/people/jack-ma/" title="Jack Ma">Jack Ma</a></mark>{fact}> opens an office in '
        f'</mark>{fact}><a class="mention mention-place" href="/places/vancouver/" '
        f'title="Vancouver">Vancouver</a></mark>{fact}>, hiring 300 people</mark></h1>'
    ) in page


def test_a_headline_fact_is_cited_exported_and_served_with_its_headline_offsets(client, approved):
    page = client.get(f"/facts/{approved.pk}/").content.decode()
    assert f"<p><mark>{HEADLINE}</mark></p>" in page
    assert f"<dd>characters 0–{len(HEADLINE)} of the article's headline ·" in page
    ris = client.get(f"/facts/{approved.pk}/cite.ris").content.decode()
    assert f"“{HEADLINE}” (characters 0–{len(HEADLINE)} of the article's headline)." in ris
    data = client.get(f"/api/v1/facts/{approved.pk}/").json()
    assert (data["in_headline"], data["start"], data["end"]) == (True, 0, len(HEADLINE))
    [row] = download(client, "/facts/?figures=all&format=csv")
    assert (row["passage_in_headline"], row["passage_start"], row["passage_end"]) == (
        "True",
        "0",
        str(len(HEADLINE)),
    )


def test_editing_a_headline_fact_in_the_admin_keeps_its_headline_passage(editor_client, approved):
    url = f"/admin/articles/tradefact/{approved.pk}/change/"
    data = form_data(editor_client.get(url).context["adminform"].form)
    response = editor_client.post(url, data | {"note": "Checked."})
    assert response.status_code == 302
    approved.refresh_from_db()
    assert (approved.in_headline, approved.start, approved.end, approved.passage) == (
        True,
        0,
        len(HEADLINE),
        HEADLINE,
    )


def test_headline_passages_follow_an_edited_headline(office):
    office.headline = "In Vancouver, Jack Ma hires 300 people"
    office.save()
    assert passages_follow(article=office) == 1  # the candidate fact: its passage is gone
    assert mentions(office) == [
        (True, 3, 12, "Vancouver", "vancouver"),
        (True, 14, 21, "Jack Ma", "jack-ma"),
    ]


def candidate_queue():
    return sorted(
        (
            c.name,
            c.kind,
            sorted(
                (p.article.slug, p.in_headline, p.start, p.end, p.surface) for p in c.passages.all()
            ),
        )
        for c in CandidateRecord.objects.all()
    )


def test_unknown_names_in_a_headline_are_candidates_with_their_headline_passages(
    db, write_manifest
):
    headline = "Marc Bédard opens a bus plant in Saint-Jérôme"
    body = "Lion Electric Co. said the plant would build buses."
    articles_import(write_manifest, ("plant", headline, body, "stated"))
    place = headline.index("Saint-Jérôme")
    assert candidate_queue() == [
        ("Lion Electric Co.", "organisation", [("plant", False, 0, 17, "Lion Electric Co.")]),
        ("Marc Bédard", "person", [("plant", True, 0, 11, "Marc Bédard")]),
        ("Saint-Jérôme", "place", [("plant", True, place, place + 12, "Saint-Jérôme")]),
    ]


def test_a_title_case_headline_adds_passages_to_the_names_its_body_holds(db, write_manifest):
    headline = "Lion Electric Co. Opens Its Plant In Laval"
    body = "Lion Electric Co. opened a plant. Its founder Marc Bédard spoke."
    articles_import(write_manifest, ("laval", headline, body, "stated"))
    bedard = body.index("Marc Bédard")
    assert candidate_queue() == [
        (
            "Lion Electric Co.",
            "organisation",
            [
                ("laval", False, 0, 17, "Lion Electric Co."),
                ("laval", True, 0, 17, "Lion Electric Co."),
            ],
        ),
        ("Marc Bédard", "person", [("laval", False, bedard, bedard + 11, "Marc Bédard")]),
    ]


FRENCH_HEADLINE = "Le Pavillon du Canada accueille des marques québécoises"
FRENCH_BODY = "Les produits du pavillon canadien se vendent en Chine depuis septembre."


@pytest.fixture
def french(db, write_manifest):
    pavilion = Initiative.objects.create(
        name="Canadian Pavilion on Tmall Global",
        name_fr="Pavillon du Canada",
        slug="canadian-pavilion",
        kind="platform",
    )
    pavilion.aliases.create(name="Pavillon canadien", language="fr")
    manifest = write_manifest(
        [
            manifest_entry(
                file="fr.txt",
                slug="pavillon",
                headline=FRENCH_HEADLINE,
                headline_basis="stated",
                language="fr",
            )
        ],
        {"fr.txt": FRENCH_BODY},
    )
    archive_import(manifests=[manifest])
    return Article.objects.get(slug="pavillon")


def test_a_french_headline_and_body_link_the_record_by_its_french_names(french):
    body = FRENCH_BODY.index("pavillon canadien")
    assert mentions(french) == [
        (False, body, body + 17, "pavillon canadien", "canadian-pavilion"),
        (True, 3, 21, "Pavillon du Canada", "canadian-pavilion"),
    ]


def test_a_french_article_shows_the_record_s_french_name(client, french):
    page = client.get("/articles/pavillon/").content.decode()
    link = (
        '<a class="mention mention-initiative" href="/initiatives/canadian-pavilion/" '
        'title="Canadian Pavilion on Tmall Global / Pavillon du Canada">'
    )
    assert f"<h1>Le {link}Pavillon du Canada</a> accueille des marques québécoises</h1>" in page
    assert f"<p>Les produits du {link}pavillon canadien</a> se vendent" in page
    assert (
        '<li><a href="/initiatives/canadian-pavilion/">Canadian Pavilion on Tmall Global '
        '<span lang="fr">/ Pavillon du Canada</span></a> <span class="meta">×2</span></li>'
    ) in page
    record = client.get("/initiatives/canadian-pavilion/").content.decode()
    assert '<span lang="fr" class="alt-name">/ Pavillon du Canada</span></h1>' in record
    assert 'href="/articles/pavillon/"' in record
    search = client.get("/search/?q=Pavillon+du+Canada")
    assert [a.slug for a in search.context["results"].articles] == ["pavillon"]
    assert (
        '<h2><a href="/initiatives/canadian-pavilion/">Canadian Pavilion on Tmall Global</a> '
        '<span lang="fr">/ Pavillon du Canada</span></h2>'
    ) in search.content.decode()


def test_an_english_article_titles_its_mentions_by_the_english_name(client, french, write_manifest):
    articles_import(
        write_manifest,
        ("english", "Brands join the Pavillon du Canada", "Brands joined.", "stated"),
    )
    page = client.get("/articles/english/").content.decode()
    assert 'title="Canadian Pavilion on Tmall Global">Pavillon du Canada</a></h1>' in page


def test_a_place_approved_from_a_french_article_has_its_french_name_and_headline_mention(
    db, write_manifest
):
    headline = "Saint-Hyacinthe mise sur les marchés d'Asie"
    body = "Les entreprises de Saint-Hyacinthe exportent davantage."
    manifest = write_manifest(
        [
            manifest_entry(
                file="sh.txt", slug="sh", headline=headline, headline_basis="stated", language="fr"
            )
        ],
        {"sh.txt": body},
    )
    archive_import(manifests=[manifest])
    result = candidate_approve(candidate=CandidateRecord.objects.get(name="Saint-Hyacinthe"))
    place = Place.objects.get(slug="saint-hyacinthe")
    assert (place.name, place.name_fr, place.kind) == ("Saint-Hyacinthe", "Saint-Hyacinthe", "city")
    start = body.index("Saint-Hyacinthe")
    assert result.mentions == 2
    assert mentions(Article.objects.get(slug="sh")) == [
        (False, start, start + 15, "Saint-Hyacinthe", "saint-hyacinthe"),
        (True, 0, 15, "Saint-Hyacinthe", "saint-hyacinthe"),
    ]
