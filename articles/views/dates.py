"""The timeline and the archive by year and month."""

import datetime

from django.http import Http404
from django.views.generic import TemplateView

from articles import selectors
from articles.models import Article


class TimelineView(TemplateView):
    template_name = "articles/timeline.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading="Timeline", **selectors.whole_timeline(), **kwargs)


class DateArchiveView(TemplateView):
    """/archive/<year>/ and /archive/<year>/<month>/: what happened and was published then."""

    template_name = "articles/timeline.html"

    def get_context_data(self, **kwargs):
        year, month = kwargs["year"], kwargs.get("month")
        if not 1 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
            raise Http404("No such date.")
        found = selectors.date_archive(year, month)
        span = Article.objects.date_span()
        years = range(span["first"].year, span["last"].year + 1) if span["first"] else range(0)
        empty = not found["entries"] and not found["article_count"]
        if empty and (month is not None or year not in years):
            raise Http404("Nothing in the archive for this date.")
        if month is None:  # a year inside the archive's span answers, empty or not
            kwargs.update(
                empty_year=empty,
                previous_year=year - 1 if year - 1 in years else None,
                next_year=year + 1 if year + 1 in years else None,
            )
        heading = str(year) if month is None else datetime.date(year, month, 1).strftime("%B %Y")
        months = [(m, datetime.date(year, m, 1).strftime("%B")) for m in found.pop("months")]
        return super().get_context_data(heading=heading, months=months, **found, **kwargs)
