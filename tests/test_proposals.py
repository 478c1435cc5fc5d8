"""The candidate-fact proposer: figures in English and French sentences, and how well it
finds the curated facts of the five texts."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from articles.proposals import facts_propose_from, sentences


@pytest.mark.parametrize(
    ("text", "language", "figure", "value", "unit", "qualifier"),
    [
        (
            "Sales reached $5.8 billion last year.",
            "en",
            "$5.8 billion",
            "5800000000",
            "USD",
            "exact",
        ),
        (
            "He sold 20,000 lobsters through the site.",
            "en",
            "20,000 lobsters",
            "20000",
            "lobsters",
            "exact",
        ),
        (
            "Les exportations ont atteint 89,2 millions $ en 2015.",
            "fr",
            "89,2 millions $",
            "89200000",
            "CAD",
            "exact",
        ),
        ("Les ventes ont augmenté de 15 % cette année.", "fr", "15 %", "15", "percent", "exact"),
        (
            "It has more than 30 businesses on board.",
            "en",
            "30 businesses",
            "30",
            "businesses",
            "more_than",
        ),
        ("It raised C$300,000 from investors.", "en", "C$300,000", "300000", "CAD", "exact"),
        (
            "Vingt-deux organisations ont participé.",
            "fr",
            "Vingt-deux organisations",
            "22",
            "organisations",
            "exact",
        ),
        (
            "Ma wants to create half a million jobs.",
            "en",
            "half a million jobs",
            "500000",
            "jobs",
            "exact",
        ),
    ],
)
def test_a_figure_is_proposed_with_its_value_unit_and_qualifier(
    text, language, figure, value, unit, qualifier
):
    [proposal] = facts_propose_from(text, language)
    assert (proposal.figure, proposal.value, proposal.unit, proposal.qualifier) == (
        figure,
        Decimal(value),
        unit,
        qualifier,
    )
    assert text[proposal.figure_start : proposal.figure_end] == figure


def test_the_passage_is_the_whole_sentence_holding_the_figure():
    body = "Trudeau visited Hangzhou. Producers sold 20,000 lobsters in 2016. Ma smiled."
    [proposal] = facts_propose_from(body, "en")
    assert body[proposal.start : proposal.end] == "Producers sold 20,000 lobsters in 2016."
    assert proposal.kind == "sales"


@pytest.mark.parametrize(
    "text",
    ["In 2016 the pavilion opened.", "He spoke on Nov. 11 they said.", "The U.S. market grew."],
)
def test_years_and_dates_are_not_proposed(text):
    assert facts_propose_from(text, "en") == []


def test_sentences_do_not_break_inside_abbreviations_or_decimals():
    text = "Mr. Ma sold $5.8-billion in the U.S. market. Then he left.\nNew line"
    assert [text[s:e] for s, e in sentences(text)] == [
        "Mr. Ma sold $5.8-billion in the U.S. market.",
        "Then he left.",
        "New line",
    ]


def test_precision_and_recall_against_the_curated_facts_are_reported(seeded, capsys):
    call_command("score_fact_proposals")
    last = capsys.readouterr().out.strip().splitlines()[-1]
    # "precision 92.6% (25/27), recall 89.3% (25/28)"
    precision, recall = (float(part.split()[1].rstrip("%")) for part in last.split(", "))
    assert precision >= 90 and recall >= 85, last
