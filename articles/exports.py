"""Streaming downloads: the filtered set's every row as CSV, written as it is read."""

import csv

from django.http import HttpResponse, StreamingHttpResponse

from articles.credits import source_link


class _Echo:
    """A file whose write() returns what it was given, for csv.writer to stream through."""

    def write(self, value):
        return value


def bad_parameters(errors) -> HttpResponse:
    """400, naming each bad parameter."""
    listed = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items())
    return HttpResponse(
        f"Bad parameters: {listed}\n", status=400, content_type="text/plain; charset=utf-8"
    )


def csv_response(columns, rows, *, filename: str) -> StreamingHttpResponse:
    """A CSV download of a header and rows (an iterator, read as the response is sent)."""
    writer = csv.writer(_Echo())
    lines = (writer.writerow(row) for part in ([columns], rows) for row in part)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


FACT_COLUMNS = (
    "fact_id",
    "figure",
    "kind",
    "value",
    "unit",
    "qualifier",
    "period",
    "period_year",
    "subject_organisation",
    "subject_place",
    "speaker",
    "initiative",
    "note",
    "passage",
    "passage_start",
    "passage_end",
    "passage_url",
    "article_headline",
    "article_publisher",
    "article_date",
    "article_date_precision",
    "article_language",
    "article_url",
    "article_source_url",
    "article_source_is",
)


def _fact_row(request, fact) -> list:
    article = fact.article
    return [
        fact.pk,
        fact.figure,
        fact.kind,
        fact.value,
        fact.unit,
        fact.qualifier,
        fact.period,
        fact.period_year or "",
        fact.subject_organisation or "",
        fact.subject_place or "",
        fact.speaker or "",
        fact.initiative or "",
        fact.note,
        fact.passage,
        fact.start,
        fact.end,
        request.build_absolute_uri(fact.get_absolute_url()),
        article.headline,
        article.publisher.name,
        article.published_on or "",
        article.date_precision,
        article.language,
        request.build_absolute_uri(article.get_absolute_url()),
        *source_link(article),
    ]


def facts_csv(request, facts) -> StreamingHttpResponse:
    """Every fact with its passage, offsets and article, as CSV."""
    rows = (_fact_row(request, fact) for fact in facts.iterator(2000))
    return csv_response(FACT_COLUMNS, rows, filename="trade-facts.csv")
