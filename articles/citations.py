"""Citations of an article, trade fact or quote: a CSL-JSON item, formatted by citeproc-py in
the official Chicago, APA and MLA styles, and written as BibTeX, RIS or CSL-JSON."""

import datetime
import hashlib
import html
import json
from dataclasses import dataclass
from functools import cache as memoised
from pathlib import Path

import rispy
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from pylatexenc.latexencode import unicode_to_latex

from articles.citeproc_fixes import punctuation_in_quote  # and patches citeproc-py
from articles.models import Article, Quote, TradeFact
from articles.templatetags.archive_tags import date_parts

ARCHIVE_NAME = "Alibaba & Canada news archive"
CSL_DIR = Path(__file__).resolve().parent / "csl"
# The official CSL styles (citation-style-language/styles), shipped in articles/csl/.
STYLES = {
    "chicago": ("Chicago (18th ed., notes and bibliography)", "chicago-notes-bibliography"),
    "apa": ("APA (7th ed.)", "apa"),
    "mla": ("MLA (9th ed.)", "modern-language-association"),
}
LANGUAGE_NAMES = {"en": "english", "fr": "french"}  # biblatex langid


@dataclass(frozen=True)
class Cited:
    """What a citation is of: an article, or a passage of it, with the URLs it is read at."""

    article: Article
    url: str  # the public page cited (the article, or the passage's permalink)
    key: str  # the citation key: article slug, fact-<id>, quote-<id>
    accessed: datetime.date
    passage: str = ""  # for a fact or quote: what it is, as one sentence of the note

    @property
    def checksum_note(self) -> str:
        return f"Source text SHA-256: {self.article.raw_sha256}"

    @property
    def notes(self) -> list[str]:
        article = self.article
        notes = [f"Archived in the {ARCHIVE_NAME}.", self.checksum_note + "."]
        if article.url:
            notes.append(f"Original URL: {article.url}")
        if self.passage:
            notes.insert(0, self.passage)
        return notes


def cited_article(article: Article, url: str, accessed: datetime.date) -> Cited:
    return Cited(article, url, article.slug, accessed)


def cited_fact(fact: TradeFact, url: str, accessed: datetime.date) -> Cited:
    passage = (
        f"Trade fact ({fact.get_kind_display().lower()}, {fact.value_display}): "
        f"“{fact.passage}” (characters {fact.start}–{fact.end} of the article's "
        f"{'headline' if fact.in_headline else 'text'})."
    )
    return Cited(fact.article, url, f"fact-{fact.pk}", accessed, passage)


def cited_quote(quote: Quote, url: str, accessed: datetime.date) -> Cited:
    passage = (
        f"Quote of {quote.person.name}: “{quote.text}” "
        f"(characters {quote.start}–{quote.end} of the article's "
        f"{'headline' if quote.in_headline else 'text'})."
    )
    return Cited(quote.article, url, f"quote-{quote.pk}", accessed, passage)


def date_fields(article: Article) -> list[int]:
    """[year], [year, month] or [year, month, day]: the date as precisely as it is known."""
    date, precision = article.published_on, article.date_precision
    if date is None or precision == "unknown":
        return []
    return {"year": [date.year], "month": [date.year, date.month]}.get(
        precision, [date.year, date.month, date.day]
    )


def iso_date(article: Article) -> str:
    """2017, 2017-09 or 2017-09-25; "" when unknown."""
    return date_parts(article.published_on, article.date_precision)[0]


def highwire_date(article: Article) -> str:
    """The date as Highwire's citation_publication_date writes it: 2017/09, never a day."""
    return "/".join(f"{part:02d}" for part in date_fields(article))


def csl_item(cited: Cited) -> dict:
    """The CSL-JSON item (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html)."""
    article = cited.article
    item = {
        "id": cited.key,
        "type": "article-newspaper",
        "title": article.headline,
        "container-title": article.publisher.name,
        "language": article.language,
        "URL": cited.url,
        "accessed": {
            "date-parts": [[cited.accessed.year, cited.accessed.month, cited.accessed.day]]
        },
        "archive": ARCHIVE_NAME,
        "note": " ".join(cited.notes),
    }
    if parts := date_fields(article):
        item["issued"] = {"date-parts": [parts]}
    return item


@memoised
def _style(name: str) -> CitationStylesStyle:
    return CitationStylesStyle(str(CSL_DIR / f"{STYLES[name][1]}.csl"), validate=False)


def _escaped(value):
    """citeproc-py's HTML formatter does not escape the item's text: it is escaped here."""
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, dict):
        return {key: _escaped(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_escaped(inner) for inner in value]
    return value


def formatted(cited: Cited, style: str) -> SafeString:
    """The bibliography entry in one of STYLES, as HTML (the item's text escaped).

    citeproc-py takes 50 to 150 ms an entry, so entries are cached, keyed by what they are
    made of (the style and the item): a changed article or a new day makes a new key.
    """
    item = _escaped(csl_item(cited))
    source = json.dumps([style, item], sort_keys=True)
    key = "citation:" + hashlib.sha256(source.encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        bibliography = CitationStylesBibliography(
            _style(style), CiteProcJSON([item]), formatter.html
        )
        bibliography.register(Citation([CitationItem(item["id"])]))
        (entry,) = bibliography.bibliography()
        html = punctuation_in_quote(str(entry))
        cache.set(key, html, 60 * 60 * 24)
    return mark_safe(html)  # noqa: S308  (text escaped above; the tags are citeproc's)


def all_formatted(cited: Cited) -> list[dict]:
    return [
        {"style": key, "label": label, "html": formatted(cited, key)}
        for key, (label, _) in STYLES.items()
    ]


# Downloads ------------------------------------------------------------------------------------


def csl_json(cited: Cited) -> str:
    return json.dumps([csl_item(cited)], ensure_ascii=False, indent=2) + "\n"


def _latex(text: str) -> str:
    """Text as a BibTeX value: braces, %, &, # and the rest escaped, accents as commands."""
    return unicode_to_latex(text, non_ascii_only=False, replacement_latex_protection="braces-all")


def bibtex(cited: Cited) -> str:
    """A biblatex/BibTeX @article entry (entrysubtype newspaper), every value escaped."""
    article = cited.article
    fields = [
        ("title", "{" + _latex(article.headline) + "}"),  # inner braces: keep its case
        ("journal", _latex(article.publisher.name)),
        ("entrysubtype", "newspaper"),
    ]
    if parts := date_fields(article):
        fields += [("date", iso_date(article)), ("year", str(parts[0]))]
        if len(parts) > 1:
            fields.append(("month", str(parts[1])))
    fields += [
        ("langid", LANGUAGE_NAMES.get(article.language, article.language)),
        ("url", cited.url),
        ("urldate", cited.accessed.isoformat()),
        ("organization", _latex(ARCHIVE_NAME)),
        ("note", _latex(" ".join(cited.notes))),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@article{{{cited.key},\n{body}\n}}\n"


class _RisWriter(rispy.RisWriter):
    """RIS without rispy's record number line ("1.") before TY, which RIS does not have."""

    def set_header(self, count):
        return ""


def ris(cited: Cited) -> str:
    """An RIS record (TY NEWS) written by rispy."""
    article = cited.article
    parts = date_fields(article)
    entry = {
        "type_of_reference": "NEWS",
        "id": cited.key,
        "title": article.headline,
        "secondary_title": article.publisher.name,
        "language": article.language,
        "urls": [cited.url],
        "access_date": cited.accessed.strftime("%Y/%m/%d"),
        "name_of_database": ARCHIVE_NAME,
        "notes": cited.notes,
    }
    if parts:
        entry["year"] = str(parts[0])
        # RIS dates are YYYY/MM/DD/other, with unknown parts left empty.
        entry["date"] = "/".join([f"{part:02d}" for part in parts] + [""] * (4 - len(parts)))
    return rispy.dumps([entry], implementation=_RisWriter)


DOWNLOADS = {
    "bib": ("application/x-bibtex; charset=utf-8", bibtex),
    "ris": ("application/x-research-info-systems; charset=utf-8", ris),
    "json": ("application/vnd.citationstyles.csl+json; charset=utf-8", csl_json),
}
