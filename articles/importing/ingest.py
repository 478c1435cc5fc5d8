"""Import the files an editor gives: each read, extracted and checked whole before anything of
it is written, then each article imported in its own transaction with its raw source.

One entry point, paths_import(), for the command; source_draft() and draft_import() for the
admin, which shows a draft before it is saved. A bad file is refused with one line naming
it and the reason, and the next file is read as usual.
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from articles.cleaning import CleanedText, clean_text
from articles.importing.extract import Extracted, extract
from articles.importing.near import near_duplicates_flag
from articles.importing.sources import (
    Source,
    SourceRefused,
    data_sources,
    file_sources,
    files_under,
    is_manifest,
)
from articles.models import Article, Language, Publisher, RawSource, Tombstone, TradeFact
from articles.services import (
    ArchiveImportError,
    ArticleSpec,
    ImportResult,
    NameIndex,
    _article_refresh,
    article_import,
    manifest_read,
)


@dataclass
class Draft:
    """One article read from a source and checked: what would be written."""

    source: Source
    extracted: Extracted | None
    spec: ArticleSpec
    cleaned: CleanedText


@dataclass
class IngestReport:
    imported: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # "slug: possible duplicate of ..."
    skipped: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one line per file refused
    candidates: int = 0
    mentions: int = 0
    pages: int = 0


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


def slug_free(spec: ArticleSpec) -> str:
    """The spec's slug, or, when another article holds it, one with the publisher's name."""
    base = spec.slug
    candidates = [base, f"{base[:150]}-{slugify(spec.publisher)[:40]}"]
    candidates += [f"{candidates[1]}-{n}" for n in range(2, 100)]
    taken = set(Article.objects.filter(slug__in=candidates).values_list("slug", flat=True)) | set(
        Tombstone.objects.filter(kind="article", key__in=candidates).values_list("key", flat=True)
    )
    return next(slug for slug in candidates if slug not in taken)


@dataclass
class Imported:
    article: Article | None  # None: the same source is already in the archive
    duplicates: list = field(default_factory=list)


def draft_import(draft: Draft, *, index: NameIndex) -> Imported:
    """Write one checked draft: the article, its mentions, candidate facts, raw source and
    near-duplicate flags, in one transaction."""
    spec = draft.spec
    if Article.objects.filter(raw_sha256=spec.raw_sha256).exists():
        return Imported(article=None)
    spec.slug = slug_free(spec)
    with transaction.atomic():
        article = article_import(spec=spec, index=index, propose_facts=True)
        raw_source_keep(article, draft.source, draft.extracted.charset)
        flags = near_duplicates_flag(article)
    return Imported(article=article, duplicates=flags)


def raw_source_keep(article: Article, source: Source, charset: str) -> RawSource:
    return RawSource.objects.create(
        article=article,
        kind=source.kind,
        data=source.data,
        charset=charset,
        origin=source.name[:500],
        captured_at=source.captured_at,
    )


def _imported_note(report: IngestReport, done: Imported) -> None:
    article = done.article
    report.imported.append(article.slug)
    report.mentions += article.mentions.count()
    report.candidates += article.facts.filter(status=TradeFact.Status.CANDIDATE).count()
    if done.duplicates:
        originals = ", ".join(
            f"{flag.original.slug} ({flag.similarity:.0%} of 5-word shingles shared)"
            for flag in done.duplicates
        )
        report.duplicates.append(f"{article.slug}: possible duplicate of {originals}")


def manifest_import(path: Path, report: IngestReport, index: NameIndex, on_imported) -> None:
    """A manifest of plain texts, as before: every entry checked first, then each imported
    (or, if its slug is in the archive, brought up to date from its source)."""
    try:
        specs = manifest_read(path=path)
    except ArchiveImportError as error:
        raise SourceRefused(str(error)) from None
    sources = {}
    for spec in specs:
        spec_check(spec, name=f"{path} ({spec.path.name})")
        sources[spec.slug] = Source(name=spec.path.name, data=spec.path.read_bytes(), kind="text")
    graves = dict(
        Tombstone.objects.filter(kind="article", key__in=list(sources)).values_list("key", "reason")
    )
    for spec in specs:
        if spec.slug in graves:
            report.skipped.append(f"article {spec.slug}: deleted by an editor, not imported again")
            continue
        existing = Article.objects.filter(slug=spec.slug).select_related("publisher").first()
        if existing:
            result = ImportResult()
            _article_refresh(existing, spec, index, result)
            report.updated += result.updated
            report.unchanged += result.unchanged
            report.skipped += result.skipped
            continue
        draft = Draft(source=sources[spec.slug], extracted=None, spec=spec, cleaned=None)
        if Article.objects.filter(raw_sha256=spec.raw_sha256).exists():
            report.unchanged.append(spec.path.name)
            continue
        with transaction.atomic():
            article = article_import(spec=spec, index=index, propose_facts=True)
            raw_source_keep(article, draft.source, "utf-8")
            done = Imported(article=article, duplicates=near_duplicates_flag(article))
        _imported_note(report, done)
        if on_imported:
            on_imported(article.slug)


def file_drafts(path: Path, **defaults) -> list[Draft]:
    """Every article one file holds, read and checked; SourceRefused if any is bad."""
    return [source_draft(source, **defaults) for source in file_sources(path)]


def upload_drafts(data: bytes, name: str, **defaults) -> list[Draft]:
    return [source_draft(source, **defaults) for source in data_sources(data, name)]


def paths_import(
    paths: Iterable[Path],
    *,
    publisher: str = "",
    on_imported: Callable[[str], None] | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> IngestReport:
    """Import every file given (and every file in the folders given), each on its own."""
    from articles.importing.near import keys_ensure

    report = IngestReport()
    keys_ensure()
    index = NameIndex.build()
    for path in files_under(list(paths)):
        try:
            if is_manifest(path):
                manifest_import(path, report, index, on_imported)
            else:
                drafts = file_drafts(path, publisher=publisher)
                for draft in drafts:
                    done = draft_import(draft, index=index)
                    report.pages += 1
                    if done.article is None:
                        report.unchanged.append(draft.source.name)
                        continue
                    _imported_note(report, done)
                    if on_imported:
                        on_imported(done.article.slug)
        except SourceRefused as error:
            report.refused.append(str(error))
        if on_file:
            on_file(path)
    return report
