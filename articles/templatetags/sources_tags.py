"""Template tags for what imports record about sources: the same story published elsewhere."""

from django import template

from articles.importing.near import also_published_as as copies_of

register = template.Library()


@register.inclusion_tag("articles/_also_published.html")
def also_published_as(article):
    return {"copies": copies_of(article)}
