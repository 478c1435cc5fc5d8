"""Downloads of whole lists and searches as CSV or JSON Lines, streamed row by row."""

import csv
import json
from collections.abc import Callable, Iterable

from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse

from articles.concordance import window
from articles.credits import source_link
from articles.models import Article, Event, Initiative, Organisation, Person, Place, TradeFact
from articles.search.highlight import hit_spans

FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
CHUNK = 500  # rows read per statement while streaming


def format_of(request) -> str | None:
    """The download asked for (`?format=csv` or `jsonl`), or None for the page itself."""
    return request.GET.get("format") or None


def bad_request(message: str) -> HttpResponse:
    return HttpResponse(f"{message}\n", status=400, content_type="text/plain; charset=utf-8")


def unknown_format(value: str) -> HttpResponse:
    return bad_request(f"Unknown format {value[:40]!r}: use {' or '.join(FORMATS)}.")


class _Echo:
    """A file-like object csv.writer writes to, handing each line back."""

    def write(self, value):
        return value


def _lines(rows: Iterable[dict], columns: list[str], fmt: str):
    if fmt == "csv":
        writer = csv.writer(_Echo())
        yield writer.writerow(columns)
        for row in rows:
            yield writer.writerow(["" if row[c] is None else row[c] for c in columns])
    else:
        for row in rows:
            yield json.dumps({c: row[c] for c in columns}, ensure_ascii=False, default=str) + "\n"


def streamed(rows: Iterable[dict], columns: list[str], *, fmt: str, name: str):
    """A streaming download: nothing is read before the response starts being sent."""
    response = StreamingHttpResponse(_lines(rows, columns, fmt), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _chunked(queryset):
    """Every row of a queryset in CHUNK-sized statements (prefetches kept)."""
    return queryset.iterator(chunk_size=CHUNK)


# Rows -----------------------------------------------------------------------------------------


ARTICLE_COLUMNS = [
    "slug",
    "headline",
    "headline_basis",
    "publisher",
    "language",
    "date",
    "date_precision",
    "date_basis",
    "dateline",
    "credits",
    "article_url",
    "source_url",
    "raw_url",
    "raw_sha256",
    "source_name",
]


def article_row(request, article: Article) -> dict:
    return {
        "slug": article.slug,
        "headline": article.headline,
        "headline_basis": article.headline_basis,
        "publisher": article.publisher.name,
        "language": article.language,
        "date": article.published_on,
        "date_precision": article.date_precision,
        "date_basis": article.date_basis,
        "dateline": article.dateline.name if article.dateline else None,
        "credits": article.credits,
        "article_url": request.build_absolute_uri(article.get_absolute_url()),
        "source_url": article.url,
        "raw_url": request.build_absolute_uri(reverse("articles:article-raw", args=[article.slug])),
        "raw_sha256": article.raw_sha256,
        "source_name": article.source_name,
    }


RECORD_COLUMNS = ["slug", "name", "kind", "description", "url", "articles_url"]
EXTRA_COLUMNS = {
    Person: ["roles"],
    Organisation: ["parent", "country", "website"],
    Place: ["name_fr", "parent"],
    Initiative: ["name_fr", "started_on", "date_precision", "date_basis"],
    Event: ["starts_on", "ends_on", "date_precision", "date_basis", "place"],
}


def record_row(request, record) -> dict:
    model = type(record)
    kind = model._meta.model_name
    row = {
        "slug": record.slug,
        "name": record.name,
        "kind": getattr(record, "kind", None) or kind,
        "description": record.description,
        "url": request.build_absolute_uri(record.get_absolute_url()),
        "articles_url": request.build_absolute_uri(
            f"{reverse('articles:article-list')}?{kind}={record.slug}"
        ),
    }
    for name in EXTRA_COLUMNS[model]:
        if name == "roles":
            row[name] = "; ".join(str(role) for role in record.roles.all())
        else:
            value = getattr(record, name)
            row[name] = value.slug if hasattr(value, "slug") else value
    return row


FACT_COLUMNS = [
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
    "passage_in_headline",
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
    "article_raw_url",
    "article_raw_sha256",
]


def fact_row(request, fact: TradeFact) -> dict:
    article = fact.article
    values = [
        fact.pk,
        fact.figure,
        fact.kind,
        fact.value,
        fact.unit,
        fact.qualifier,
        fact.period,
        fact.period_year,
        fact.subject_organisation,
        fact.subject_place,
        fact.speaker,
        fact.initiative,
        fact.note,
        fact.passage,
        fact.in_headline,
        fact.start,
        fact.end,
        request.build_absolute_uri(fact.get_absolute_url()),
        article.headline,
        article.publisher.name,
        article.published_on,
        article.date_precision,
        article.language,
        request.build_absolute_uri(article.get_absolute_url()),
        *source_link(article),
        request.build_absolute_uri(reverse("articles:article-raw", args=[article.slug])),
        article.raw_sha256,
    ]
    row = dict(zip(FACT_COLUMNS, values, strict=True))
    for name in ("subject_organisation", "subject_place", "speaker", "initiative"):
        row[name] = str(row[name]) if row[name] is not None else None
    return row


# Downloads ------------------------------------------------------------------------------------


def _writer_for(model) -> tuple[list[str], Callable, str]:
    if model is Article:
        return ARTICLE_COLUMNS, article_row, "articles"
    if model is TradeFact:
        return FACT_COLUMNS, fact_row, "trade-facts"
    return RECORD_COLUMNS + EXTRA_COLUMNS[model], record_row, str(model._meta.verbose_name_plural)


def list_download(request, filterset, fmt: str | None = None):
    """Every row of a list page's filtered set, in the page's order; 400 for a bad format or
    bad filters (the message names them)."""
    fmt = fmt or format_of(request)
    if fmt not in FORMATS:
        return unknown_format(fmt or "")
    if not filterset.is_valid():
        errors = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in filterset.errors.items())
        return bad_request(f"Bad parameters: {errors}")
    columns, row, name = _writer_for(filterset._meta.model)
    rows = (row(request, item) for item in _chunked(filterset.qs))
    return streamed(rows, columns, fmt=fmt, name=name)


SEARCH_COLUMNS = ["rank", *ARTICLE_COLUMNS, "hits", "passage", "passage_start", "passage_end"]


def _search_rows(request, results, ordered):
    """The hits in the page's order, read CHUNK at a time; each with its number of matching
    words and the first passage that holds one (offsets into the body)."""
    stems = results.stems
    total = len(ordered)
    for first in range(0, total, CHUNK):
        for rank, article in enumerate(ordered[first : first + CHUNK], start=first + 1):
            targets = stems.get(article.language, stems["en"])
            spans = hit_spans(article.body, article.language, targets, exact=results.exact)
            start, end = window(article.body, *spans[0]) if spans else (None, None)
            yield {
                "rank": rank,
                **article_row(request, article),
                "hits": len(spans),
                "passage": article.body[start:end] if spans else None,
                "passage_start": start,
                "passage_end": end,
            }


def search_download(request, results, ordered):
    """Every hit of a search, in the order the page shows them."""
    fmt = format_of(request)
    if fmt not in FORMATS:
        return unknown_format(fmt)
    rows = _search_rows(request, results, ordered) if results.parsed else iter(())
    return streamed(rows, SEARCH_COLUMNS, fmt=fmt, name="search")
