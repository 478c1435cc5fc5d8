"""Template helpers: dates shown only as precisely as they are known."""

from django import template
from django.utils.dates import MONTHS
from django.utils.html import format_html

register = template.Library()

FRENCH_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def date_parts(date, precision: str, language: str = "en") -> tuple[str, str]:
    """(machine-readable value, human text) for a date of the given precision."""
    if date is None or precision == "unknown":
        return "", "date unknown" if language != "fr" else "date inconnue"
    month = FRENCH_MONTHS[date.month - 1] if language == "fr" else MONTHS[date.month]
    if precision == "year":
        return f"{date:%Y}", f"{date.year}"
    if precision == "month":
        return f"{date:%Y-%m}", f"{month} {date.year}"
    return date.isoformat(), f"{date.day} {month} {date.year}"


@register.simple_tag
def precise_date(date, precision, language="en"):
    """A <time> element that never shows more precision than is known."""
    value, text = date_parts(date, precision, language)
    if not value:
        return format_html("<span class='date-unknown'>{}</span>", text)
    return format_html('<time datetime="{}">{}</time>', value, text)


@register.filter
def verbose_name(record) -> str:
    return record._meta.verbose_name.capitalize()
