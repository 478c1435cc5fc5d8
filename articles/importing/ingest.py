"""Turn a source into a draft: the article's spec extracted from it and checked, every field
as the database would check it, before anything is written (articles.importing.files
writes drafts through the import pipeline)."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from articles.cleaning import CleanedText, clean_text
from articles.importing.extract import Extracted, extract
from articles.importing.manifests import ArticleSpec, text_too_long
from articles.importing.sources import Source, SourceRefused, data_sources, file_sources
from articles.models import Article, Language, Publisher


@dataclass
class Draft:
    """One article read from a source and checked: what would be written."""

    source: Source
    extracted: Extracted | None
    spec: ArticleSpec
    cleaned: CleanedText


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def spec_check(spec: ArticleSpec, *, name: str) -> None:
    """Check every field as the database would, the same on SQLite and PostgreSQL, before
    anything is written (PostgreSQL would refuse a long headline only mid-import)."""
    article = Article(
        slug=spec.slug,
        headline=spec.headline,
        headline_basis=spec.headline_basis,
        publisher_basis=spec.publisher_basis,
        url=spec.url,
        credits=spec.credits,
        language=spec.language,
        published_on=spec.published_on,
        date_precision=spec.date_precision,
        date_basis=spec.date_basis,
        date_note=spec.date_note,
        raw_text=spec.raw_text,
        body=clean_text(spec.raw_text, headline=spec.headline).body or "-",
        raw_sha256=spec.raw_sha256,
        source_name=spec.path.name,
    )
    publisher = Publisher(
        name=spec.publisher, slug=slugify(spec.publisher)[:200], website=spec.publisher_website
    )
    problems = []
    for prefix, record, exclude in (
        ("publisher ", publisher, []),
        ("", article, ["publisher", "dateline"]),
    ):
        try:
            record.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as error:
            problems += [
                f"{prefix}{key}: {' '.join(messages)}"
                for key, messages in error.message_dict.items()
            ]
    if problems:
        problems = "; ".join(problems)
        raise SourceRefused(f"{name}: {problems}")


def _clean_field(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").split())


def source_draft(
    source: Source,
    *,
    publisher: str = "",
    language: str = "",
    headline: str = "",
    preview: bool = False,
) -> Draft:
    """Extract and check one source; `publisher`, `language` and `headline` are used where
    the source gives none. Raises SourceRefused."""
    found = extract(source, preview=preview)
    if problem := text_too_long(found.text.replace("\ufeff", "")):
        raise SourceRefused(f"{source.name}: {problem}")
    site = _clean_field(found.site) or _clean_field(publisher)
    if not site:
        raise SourceRefused(
            f"{source.name}: names no publisher (no site name or address): give --publisher"
        )
    if not found.site:
        found.site_basis = "external"
    language = language or found.language  # an editor's choice first
    if language not in Language.values:
        raise SourceRefused(
            f"{source.name}: language {language!r} ({found.language_how}) is not one the "
            f"archive holds ({', '.join(Language.values)})"
        )
    title = _clean_field(headline or found.title)
    basis = "supplied" if headline else found.title_basis
    text = found.text.replace("\ufeff", "")
    notes = [f"Date found in {found.date_how}." if found.date_how else "No date found."]
    if source.captured_at:
        notes.append(f"Captured by a web archive on {source.captured_at:%Y-%m-%d}.")
    spec = ArticleSpec(
        path=Path(source.name),
        raw_text=text,
        slug=slugify(title)[:200],
        headline=title,
        headline_basis=basis,
        publisher=site,
        publisher_website=found.site_url[:200],
        publisher_basis=found.site_basis,
        url=found.url or source.url,
        credits=_clean_field(found.credits),
        language=language,
        published_on=found.published_on,
        date_precision=found.date_precision,
        date_basis=found.date_basis,
        date_note=" ".join(notes),
        dateline="",
    )
    spec.raw_sha256 = _sha256(source.data)
    if not spec.slug:
        raise SourceRefused(f"{source.name}: cannot make a slug from the headline {title!r}")
    cleaned = clean_text(text, headline=title)
    byline = next((line for rule, line in cleaned.removed if rule == "byline"), "")
    if byline and not spec.credits:  # what trafilatura missed, from the byline removed
        spec.credits = _clean_field(byline.split(None, 1)[1])[:500]
    if not cleaned.body.strip():
        raise SourceRefused(f"{source.name}: no article text left once furniture is removed")
    spec_check(spec, name=source.name)
    return Draft(source=source, extracted=found, spec=spec, cleaned=cleaned)


def file_drafts(path: Path, **defaults) -> list[Draft]:
    """Every article one file holds, read and checked; SourceRefused if any is bad."""
    return [source_draft(source, **defaults) for source in file_sources(path)]


def upload_drafts(data: bytes, name: str, **defaults) -> list[Draft]:
    return [source_draft(source, **defaults) for source in data_sources(data, name)]
