"""Keyword in context: each occurrence of a search's words in the matching articles."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import F

from articles.search.highlight import hit_spans
from articles.search.words import stem, stemming_language, words_of

CONTEXT = 32  # characters of context on each side, widened to whole words
PAGE_ROWS = 500  # occurrences shown on the page; the download has every one
ARTICLES_PER_READ = 100  # articles (with their texts) read per statement
SORTS = ("article", "left", "right")


def window(text: str, start: int, end: int, width: int = 90) -> tuple[int, int]:
    """[start, end) widened by about `width` characters each side, cut at spaces (as the
    search page's snippets are)."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    left = text.rfind(" ", 0, left) + 1 if left else 0
    space = text.find(" ", right)
    return left, len(text) if space == -1 else space


def merged(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Hits that follow each other with only a space, hyphen or apostrophe between them (the
    words of a phrase) as one occurrence: (start, end, number of its first hit from 1)."""
    joined: list[tuple[int, int, int]] = []
    for number, (start, end) in enumerate(spans, start=1):
        if joined and start - joined[-1][1] <= 3 and not text[joined[-1][1] : start].strip(" -'’"):
            joined[-1] = (joined[-1][0], end, joined[-1][2])
        else:
            joined.append((start, end, number))
    return joined


@dataclass(frozen=True)
class Line:
    """One occurrence: the term at [start, end) of the article's body, with its context."""

    article: object
    start: int
    end: int
    left: str
    term: str
    right: str
    hit: int  # the article page highlights the query's words as #hit-1, #hit-2...

    @property
    def left_key(self) -> tuple:
        """The words just left of the term first, folded: sorts by what precedes it."""
        return (*reversed(words_of(self.left)), "")

    @property
    def right_key(self) -> tuple:
        return (*words_of(self.right), "")

    @property
    def order_key(self) -> tuple:
        return self.article.published_on is None, self.article.pk, self.start


def _wanted(results, language: str) -> list[tuple[str, ...]]:
    """The query's terms as word sequences in the form matched (stemmed unless exact)."""
    return [tuple(_wanted_form(results, language, " ".join(t.words))) for t in results.parsed.terms]


def _wanted_form(results, language: str, text: str) -> list[str]:
    language = stemming_language(language)
    words = words_of(text)
    return words if results.exact else [stem(w, language) for w in words]


def _holds(words: tuple[str, ...], wanted: list[tuple[str, ...]]) -> bool:
    return any(
        words[i : i + len(term)] == term
        for term in wanted
        for i in range(len(words) - len(term) + 1)
    )


def lines(results) -> Iterator[Line]:
    """Every occurrence in the matching articles, newest article first, in text order;
    the articles are read a hundred at a time."""
    if not results.parsed:
        return
    ordered = results.ordered_by(F("published_on").desc(nulls_last=True), "pk")
    stems = results.stems
    total = len(ordered)
    for first in range(0, total, ARTICLES_PER_READ):
        for article in ordered[first : first + ARTICLES_PER_READ]:
            body = article.body
            targets = stems.get(article.language, stems["en"])
            spans = hit_spans(body, article.language, targets, exact=results.exact)
            wanted = _wanted(results, article.language)
            for start, end, hit in merged(body, spans):
                words = tuple(_wanted_form(results, article.language, body[start:end]))
                if not _holds(words, wanted):  # a word of a phrase, alone
                    continue
                left, right = window(body, start, end, CONTEXT)
                before, after = _flat(body[left:start]), _flat(body[end:right])
                yield Line(article, start, end, before, body[start:end], after, hit)


def _flat(context: str) -> str:
    """Context on one line: each run of spaces and line breaks as one space (the offsets
    give the exact text)."""
    return re.sub(r"\s+", " ", context)


def page_lines(results, *, sort: str, limit: int | None = None) -> tuple[list[Line], bool]:
    """The first `limit` (PAGE_ROWS) occurrences in article order, sorted; and whether
    there are more."""
    limit = PAGE_ROWS if limit is None else limit
    shown = []
    for line in lines(results):
        if len(shown) == limit:
            return _sorted(shown, sort), True
        shown.append(line)
    return _sorted(shown, sort), False


def _sorted(shown: list[Line], sort: str) -> list[Line]:
    if sort == "left":
        return sorted(shown, key=lambda line: (line.left_key, line.order_key))
    if sort == "right":
        return sorted(shown, key=lambda line: (line.right_key, line.order_key))
    return shown


COLUMNS = [
    "left",
    "term",
    "right",
    "start",
    "end",
    "article_slug",
    "article_headline",
    "article_date",
    "article_date_precision",
    "article_language",
    "article_url",
    "raw_url",
    "raw_sha256",
]


def line_row(request, line: Line) -> dict:
    from django.urls import reverse

    article = line.article
    return {
        "left": line.left,
        "term": line.term,
        "right": line.right,
        "start": line.start,
        "end": line.end,
        "article_slug": article.slug,
        "article_headline": article.headline,
        "article_date": article.published_on,
        "article_date_precision": article.date_precision,
        "article_language": article.language,
        "article_url": request.build_absolute_uri(article.get_absolute_url()),
        "raw_url": request.build_absolute_uri(reverse("articles:article-raw", args=[article.slug])),
        "raw_sha256": article.raw_sha256,
    }
