from decimal import Decimal

import pytest

from articles.models import Article, Mention, Person, Place, Role, TradeFact
from tests.factories import article_create, span


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "shown"),
    [
        (Decimal(30), "businesses", "more_than", "more than 30 businesses"),
        (Decimal(89_200_000), "CAD", "exact", "CAD 89.2 million"),
        (Decimal(25_000_000_000), "USD", "exact", "USD 25 billion"),
        (Decimal(20_000), "lobsters", "exact", "20,000 lobsters"),
        (Decimal(200_000), "lobsters", "target", "target: 200,000 lobsters"),
        (Decimal(3), "rank", "exact", "rank 3"),
    ],
)
def test_fact_values_are_shown_in_one_consistent_form(value, unit, qualifier, shown):
    assert TradeFact(value=value, unit=unit, qualifier=qualifier).value_display == shown


def test_a_person_is_a_leader_by_their_roles(db):
    premier = Person.objects.create(name="Brian Gallant", slug="brian-gallant")
    Role.objects.create(person=premier, title="Premier of New Brunswick", kind="premier")
    comedian = Person.objects.create(name="Mark Rowswell", slug="mark-rowswell")
    Role.objects.create(person=comedian, title="Entertainer", kind="entertainer")
    assert list(Person.objects.leaders()) == [premier]
    assert premier.is_leader and not comedian.is_leader


def test_articles_list_newest_first(seeded):
    dates = [str(day) for day in Article.objects.values_list("published_on", flat=True)]
    # fixtures/seeds/manifest.yaml: the two months stand as their first days.
    assert dates == ["2017-09-25", "2017-09-01", "2016-09-01", "2014-11-08", "2014-11-07"]


def test_related_articles_share_the_most_records_first_then_newest(db):
    ma = Person.objects.create(name="Jack Ma", slug="jack-ma")
    trudeau = Person.objects.create(name="Justin Trudeau", slug="justin-trudeau")
    toronto = Place.objects.create(name="Toronto", slug="toronto", kind="city")
    article, both, ma_only, toronto_only, neither = [article_create(n) for n in range(5)]
    named = {
        article: [ma, toronto],
        both: [ma, toronto],
        ma_only: [ma],
        toronto_only: [toronto],
        neither: [trudeau],
    }
    for mentioning, records in named.items():
        for record in records:
            field = "person" if isinstance(record, Person) else "place"
            Mention.objects.create(
                article=mentioning, surface=record.name, **span(record.name), **{field: record}
            )
    related = Article.objects.related_to(article)
    assert [(a, a.shared) for a in related] == [(both, 2), (toronto_only, 1), (ma_only, 1)]
