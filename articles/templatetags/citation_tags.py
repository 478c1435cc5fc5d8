"""Template helpers for citing: an article's meta tags and JSON-LD, and its citation."""

import json

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import citations

register = template.Library()

# As django.utils.html.json_script escapes: no "</script>" or "<!--" can close the element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data: dict):
    """A <script type="application/ld+json"> element whose content cannot break out of it."""
    text = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def _public_url(context, article) -> str:
    return context["request"].build_absolute_uri(article.get_absolute_url())


@register.inclusion_tag("articles/_citation_meta.html", takes_context=True)
def citation_meta(context, article):
    """Highwire citation_*, Dublin Core, Open Graph and schema.org NewsArticle for an article."""
    url = _public_url(context, article)
    date = citations.iso_date(article)
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "inLanguage": article.language,
        "url": url,
        "publisher": {"@type": "Organization", "name": article.publisher.name},
        "isPartOf": {"@type": "Collection", "name": citations.ARCHIVE_NAME},
        "identifier": {
            "@type": "PropertyValue",
            "propertyID": "SHA-256 of the source text",
            "value": article.raw_sha256,
        },
    }
    if article.publisher.website:
        ld["publisher"]["url"] = article.publisher.website
    if date:
        ld["datePublished"] = date
    if article.url:
        ld["isBasedOn"] = article.url
    return {
        "article": article,
        "url": url,
        "highwire_date": citations.highwire_date(article),
        "iso_date": date,
        "archive_name": citations.ARCHIVE_NAME,
        "json_ld": json_ld(ld),
    }


@register.simple_tag(takes_context=True)
def article_citation(context, article, style="chicago"):
    """The article's bibliography entry in one of citations.STYLES, as HTML."""
    cited = citations.cited_article(article, _public_url(context, article), timezone.localdate())
    return citations.formatted(cited, style)
