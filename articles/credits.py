"""Who published and who is credited with an article: the records behind its publisher and its
credits line, the articles a record published or is credited in, and where the original is."""

import re

from django.db.models import CharField, F, Value
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from articles.models import Article, Organisation, Person


def publisher_record(publisher):
    """The organisation page of a publisher (the same slug), or None."""
    return Organisation.objects.filter(slug=publisher.slug).first()


def credited_records(credits: str) -> list:
    """The people and organisations whose name the credits line contains, longest first."""
    if not credits:
        return []
    found = []
    for model in (Person, Organisation):
        line = Value(credits, output_field=CharField())
        found += model.objects.alias(line=line).filter(line__contains=F("name"))
    found = [record for record in found if record.name in credits]  # case as written
    return sorted(found, key=lambda record: -len(record.name))


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
    """The articles whose credits line names the record."""
    return Article.objects.filter(credits__contains=record.name).with_listing_data()


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
