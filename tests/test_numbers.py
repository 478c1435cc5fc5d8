from decimal import Decimal

import pytest

from articles.numbers import FigureError, parse_figure


@pytest.mark.parametrize(
    ("figure", "language", "value"),
    [
        ("20,000 lobsters", "en", 20_000),
        ("200,000 Canadian lobsters", "en", 200_000),
        ("$25-billion (U.S.)", "en", 25_000_000_000),
        ("$5.8-billion", "en", 5_800_000_000),
        ("120 million shoppers", "en", 120_000_000),
        ("half a million jobs", "en", 500_000),
        ("more than one billion people", "en", 1_000_000_000),
        ("1.4 billion consumers", "en", 1_400_000_000),
        ("18-year-old", "en", 18),
        ("third visit", "en", 3),
        ("four new trade promotion offices", "en", 4),
        ("89,2 millions de dollars", "fr", 89_200_000),
        ("89,2\u00a0millions $", "fr", 89_200_000),
        ("30 000 emplois", "fr", 30_000),
        ("Vingt-deux organisations", "fr", 22),
        ("neuf jours", "fr", 9),
        ("troisième partenaire commercial", "fr", 3),
        ("15 %", "fr", 15),
    ],
)
def test_figure_reads_as_its_value_in_english_and_french(figure, language, value):
    assert parse_figure(figure, language) == Decimal(value)


def test_french_and_english_writings_of_one_amount_are_equal():
    assert parse_figure("89,2 millions de dollars", "fr") == parse_figure("$89.2 million", "en")


def test_figure_without_a_number_is_refused():
    with pytest.raises(FigureError, match="no number"):
        parse_figure("many lobsters", "en")
