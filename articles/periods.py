"""The period a date of some precision stands for, and whether a date filter matched it only
because its precision is coarser than the filter."""

import calendar
import datetime

from django.db.models import Q

from articles.choices import DatePrecision


def period_of(date: datetime.date | None, precision: str):
    """(first day, last day) of the period a stored date stands for; None if unknown."""
    if date is None or precision == DatePrecision.UNKNOWN:
        return None
    if precision == DatePrecision.YEAR:
        return datetime.date(date.year, 1, 1), datetime.date(date.year, 12, 31)
    if precision == DatePrecision.MONTH:
        last = calendar.monthrange(date.year, date.month)[1]
        return date.replace(day=1), date.replace(day=last)
    return date, date


def ends_on_or_after(field: str, value: datetime.date, precision_field: str) -> Q:
    """Rows whose period (the stored first day, to the end of its month or year) reaches
    `value`: a month-precision date matches any day of its month."""
    return (
        Q(**{f"{field}__gte": value})
        | Q(**{precision_field: DatePrecision.MONTH, f"{field}__gte": value.replace(day=1)})
        | Q(**{precision_field: DatePrecision.YEAR, f"{field}__gte": value.replace(month=1, day=1)})
    )


def precision_note(article, after: datetime.date | None, before: datetime.date | None) -> str:
    """ "dated to the month" (or year) when the article's period overlaps [after, before]
    without lying inside it: it matched because its date is not known more precisely."""
    if not (after or before) or article.date_precision not in ("month", "year"):
        return ""
    period = period_of(article.published_on, article.date_precision)
    if period is None:
        return ""
    first, last = period
    if (after and first < after) or (before and last > before):
        return f"dated to the {article.date_precision}"
    return ""


def mark_precision_notes(articles, cleaned_data: dict) -> None:
    """Set `precision_note` on each article of a page of results (see precision_note)."""
    after, before = cleaned_data.get("date_after"), cleaned_data.get("date_before")
    for article in articles:
        article.precision_note = precision_note(article, after, before)
