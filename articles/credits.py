"""Who published and who is credited with an article: the records behind its publisher and its
credits line, the articles a record published or is credited in, and where the original is."""

import re

from django.db.models import CharField, F, Q, Value
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from articles.models import Article, Organisation, Person


def article_records(article) -> tuple:
    """(the organisation page of the article's publisher (the same slug) or None, the people
    and organisations its credits line names, longest name first), read in one statement."""
    line = Value(article.credits or "", output_field=CharField())
    fields = ("record_kind", "pk", "name", "slug")
    people = Person.objects.alias(line=line).filter(line__contains=F("name"))
    organisations = Organisation.objects.alias(line=line).filter(
        Q(line__contains=F("name")) | Q(slug=article.publisher.slug)
    )
    rows = (people.annotate(record_kind=Value("person")).values_list(*fields).order_by()).union(
        organisations.annotate(record_kind=Value("organisation")).values_list(*fields).order_by()
    )
    models = {"person": Person, "organisation": Organisation}
    records = [models[kind](pk=pk, name=name, slug=slug) for kind, pk, name, slug in rows]
    publisher = next(
        (r for r in records if type(r) is Organisation and r.slug == article.publisher.slug),
        None,
    )
    credited = [r for r in records if article.credits and r.name in article.credits]  # as cased
    return publisher, sorted(credited, key=lambda record: (-len(record.name), record.slug))


def credits_html(credits: str, records: list):
    """The credits line escaped, each credited record's name linked to its page."""
    if not records:
        return escape(credits)
    by_name = {record.name: record for record in records}
    pattern = "|".join(re.escape(name) for name in by_name)
    html, last = [], 0
    for found in re.finditer(pattern, credits):
        record = by_name[found.group()]
        html.append(escape(credits[last : found.start()]))
        html.append(format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.name))
        last = found.end()
    html.append(escape(credits[last:]))
    return mark_safe("".join(html))  # every piece above was escaped


def articles_credited(record):
    """The articles whose credits line names the record: the lines searched alone, from
    their index (migration 0017), then the articles read by id."""
    credited = Article.objects.filter(credits__contains=record.name).values("pk")
    return Article.objects.filter(pk__in=credited).with_listing_data()


def articles_published(organisation):
    """The articles whose publisher is this organisation (the same slug)."""
    return Article.objects.filter(publisher__slug=organisation.slug).with_listing_data()


def source_link(article) -> tuple[str, str]:
    """(URL, what it is) of the article's original: its own URL, else its publisher's site;
    ("", "") if neither is known."""
    if article.url:
        return article.url, "the original article"
    if article.publisher.website:
        return article.publisher.website, "the publisher's site; the article's own URL is not known"
    return "", ""
