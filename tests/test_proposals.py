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


def proposed(text, language):
    return [
        (p.figure, p.value, p.unit, p.kind, p.qualifier) for p in facts_propose_from(text, language)
    ]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "In all, 25 B.C. businesses joined the trade mission.",
            "en",
            [("25 B.C. businesses", 25, "businesses", "participants", "exact")],
        ),
        ("The bakery, at 123 Main St. in Moncton, is closed.", "en", []),
        ("Its office at 50 Atlantic Ave. opened in May.", "en", []),
        (
            "Ottawa will spend $2.4 billion over five years on computing.",
            "en",
            [
                ("$2.4 billion", 2_400_000_000, "CAD", "investment", "exact"),
                ("five years", 5, "years", "duration", "exact"),
            ],
        ),
        (
            "Le groupe a signé des contrats de 3 milliards de dollars américains.",
            "fr",
            [("3 milliards de dollars américains", 3_000_000_000, "USD", "sales", "exact")],
        ),
        (
            "Chinese buyers ordered 200,000 fresh lobsters.",
            "en",
            [("200,000 fresh lobsters", 200_000, "lobsters", "sales", "exact")],
        ),
        (
            "There are 1.5 million Chinese here.",
            "en",
            [("1.5 million Chinese", 1_500_000, "people", "other", "exact")],
        ),
        (
            "La Chine compte 400 millions de consommateurs de la classe moyenne.",
            "fr",
            [("400 millions de consommateurs", 400_000_000, "consumers", "consumers", "exact")],
        ),
        (
            "Le commerce a atteint 600 G $ américains l'an dernier.",
            "fr",
            [("600 G $ américains", 600_000_000_000, "USD", "trade", "exact")],
        ),
        ("On 3 September, the two leaders met in Hangzhou.", "en", []),
        (
            "Le projet créerait un demi-million d'emplois en une quinzaine d'années.",
            "fr",
            [
                ("un demi-million d'emplois", 500_000, "jobs", "jobs", "exact"),
                ("une quinzaine d'années", 15, "years", "duration", "about"),
            ],
        ),
        ("It was his second visit; the fourth round of talks ended.", "en", []),
        ("Lors de sa deuxième visite, il a rencontré le maire.", "fr", []),
        (
            "China is Canada's second-largest trading partner.",
            "en",
            [("second-largest", 2, "rank", "rank", "exact")],
        ),
        (
            "Exports rose 9 per cent; imports fell to $75.3 billion.",
            "en",
            [
                ("9 per cent", 9, "percent", "exports", "exact"),
                ("$75.3 billion", 75_300_000_000, "USD", "imports", "exact"),
            ],
        ),
        (
            "Revenue was 260 billion yuan and the tariff is 25 per cent.",
            "en",
            [
                ("260 billion yuan", 260_000_000_000, "CNY", "revenue", "exact"),
                ("25 per cent", 25, "percent", "tariff", "exact"),
            ],
        ),
    ],
)
def test_issue_14_sentences_give_exactly_these_proposals(text, language, expected):
    assert proposed(text, language) == [
        (figure, Decimal(value), unit, kind, qualifier)
        for figure, value, unit, kind, qualifier in expected
    ]


def test_the_score_command_prints_precision_and_recall_with_intervals(capsys):
    call_command("score_proposals", "dev")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "dev: 28 texts"
    assert lines[1].startswith("facts (value+unit+kind): precision ")
    assert "(57, 95% CI" not in lines[1] and "/57, 95% CI " in lines[1]
    assert lines[5].startswith("records (name+kind): precision ")


def test_the_score_command_refuses_an_unknown_set():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="no evaluation set 'nope'"):
        call_command("score_proposals", "nope")
