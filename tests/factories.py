"""Small builders for archives of any size, for tests that must not depend on the seeds."""

import datetime
import hashlib
from decimal import Decimal

from articles.models import (
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
    TradeFact,
)

BODY = (
    "Justin Trudeau met Jack Ma in Toronto at the Canadian Pavilion. "
    "Alibaba sold 20,000 lobsters. “We grow,” Ma said."
)


def span(passage: str) -> dict:
    start = BODY.index(passage)
    return {"start": start, "end": start + len(passage)}


def article_create(number: int, **fields) -> Article:
    """An article whose body names a leader, a company and a city, with a fact and a quote."""
    publisher = (
        fields.pop("publisher", None)
        or Publisher.objects.get_or_create(
            slug="example-daily", defaults={"name": "Example Daily"}
        )[0]
    )
    raw = f"Article {number}\n{BODY}"
    defaults = {
        "slug": f"article-{number}",
        "headline": f"Article {number}",
        "publisher": publisher,
        "language": "en",
        "published_on": datetime.date(2010, 1, 1) + datetime.timedelta(days=37 * number),
        "raw_text": raw,
        "body": BODY,
        "raw_sha256": hashlib.sha256(raw.encode()).hexdigest(),
        "source_name": f"article-{number}.txt",
    }
    defaults.update(fields)
    return Article.objects.create(**defaults)


def archive_create(articles: int) -> list[Article]:
    """An archive of n articles, each mentioning the same people, places and initiative."""
    canada = Place.objects.create(name="Canada", slug="canada", kind="country")
    toronto = Place.objects.create(name="Toronto", slug="toronto", kind="city", parent=canada)
    alibaba = Organisation.objects.create(name="Alibaba Group", slug="alibaba", kind="company")
    trudeau = Person.objects.create(name="Justin Trudeau", slug="justin-trudeau")
    Role.objects.create(person=trudeau, title="Prime Minister", kind="head_of_government")
    ma = Person.objects.create(name="Jack Ma", slug="jack-ma")
    Role.objects.create(person=ma, title="Founder", kind="founder", organisation=alibaba)
    pavilion = Initiative.objects.create(name="Canadian Pavilion", slug="pavilion", kind="platform")
    gateway = Event.objects.create(name="Gateway", slug="gateway", kind="conference", place=toronto)
    created = []
    for number in range(articles):
        article = article_create(number)
        named = [
            ("Justin Trudeau", "person", trudeau),
            ("Jack Ma", "person", ma),
            ("Toronto", "place", toronto),
            ("Canadian Pavilion", "initiative", pavilion),
            ("Alibaba", "organisation", alibaba),
        ]
        Mention.objects.bulk_create(
            [
                Mention(article=article, surface=name, **span(name), **{field: record})
                for name, field, record in named
            ]
        )
        passage = "Alibaba sold 20,000 lobsters."
        TradeFact.objects.create(
            article=article,
            passage=passage,
            **span(passage),
            figure="20,000 lobsters",
            kind="sales",
            value=Decimal(20000) + number,
            unit="lobsters",
            subject_organisation=alibaba,
            speaker=ma,
            initiative=pavilion,
        )
        Quote.objects.create(article=article, person=ma, text="We grow,", **span("We grow,"))
        gateway.articles.add(article)
        created.append(article)
    return created


def spec_create(*, raw_text: str, slug: str, headline: str, published_on: datetime.date):
    """An article to import (ArticleSpec) by Other Weekly, in English, dated to the day."""
    from pathlib import Path

    from articles.importing import ArticleSpec

    return ArticleSpec(
        path=Path(f"{slug}.txt"),
        raw_text=raw_text,
        slug=slug,
        headline=headline,
        headline_basis="stated",
        publisher="Other Weekly",
        publisher_website="",
        publisher_basis="stated",
        url="",
        credits="",
        language="en",
        published_on=published_on,
        date_precision="day",
        date_basis="stated",
        date_note="",
        dateline="",
    )
