"""Import the files an editor gives, each on its own, through the one import pipeline.

Each file is read and checked whole (articles.importing.ingest) before anything of it is
written; its articles then go through articles_import() in batches, one transaction each,
with their raw sources and near-duplicate flags in the same transaction. A bad file is
refused with one line naming it and the reason, and the next file is read as usual.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from articles.importing.ingest import Draft, file_drafts, spec_check
from articles.importing.manifests import ArchiveImportError, manifest_read
from articles.importing.mentions import NameIndex
from articles.importing.near import keys_ensure, near_duplicates_flag
from articles.importing.pipeline import BATCH_SIZE, articles_import
from articles.importing.sources import Source, SourceRefused, files_under, is_manifest
from articles.models import Article, PossibleDuplicate, RawSource, Tombstone


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
    flags: dict = field(default_factory=dict)  # slug -> [PossibleDuplicate]


def slug_free(spec, taken: set[str] = frozenset()) -> str:
    """The spec's slug, or, when another article holds it, one with the publisher's name."""
    base = spec.slug
    candidates = [base, f"{base[:150]}-{slugify(spec.publisher)[:40]}"]
    candidates += [f"{candidates[1]}-{n}" for n in range(2, 100)]
    held = set(Article.objects.filter(slug__in=candidates).values_list("slug", flat=True))
    held |= set(
        Tombstone.objects.filter(kind="article", key__in=candidates).values_list("key", flat=True)
    )
    return next(slug for slug in candidates if slug not in held | taken)


def raw_source_keep(article: Article, source: Source, charset: str) -> RawSource:
    return RawSource.objects.create(
        article=article,
        kind=source.kind,
        data=source.data,
        charset=charset,
        origin=source.name[:500],
        captured_at=source.captured_at,
    )


def _write(items, report: IngestReport, index: NameIndex, on_imported, batch_size: int):
    """Write (spec, source, charset) items through the pipeline, `batch_size` a transaction:
    the articles, then each new one's raw source and near-duplicate flags."""
    for first in range(0, len(items), batch_size):
        batch = items[first : first + batch_size]
        sources = {spec.slug: (source, charset) for spec, source, charset in batch}
        with transaction.atomic():
            result = articles_import(
                specs=[spec for spec, _, _ in batch], index=index, batch_size=len(batch)
            )
            created = Article.objects.in_bulk(result.imported, field_name="slug")
            for slug in result.imported:
                raw_source_keep(created[slug], *sources[slug])
                report.flags[slug] = near_duplicates_flag(created[slug])
        report.imported += result.imported
        report.updated += result.updated
        report.unchanged += result.unchanged
        report.skipped += result.skipped
        report.mentions += result.mentions
        report.candidates += result.candidates
        for slug in result.imported:
            _flags_note(report, slug)
            if on_imported:
                on_imported(slug)  # after its transaction: the article is in the archive


def _flags_note(report: IngestReport, slug: str) -> None:
    flags: list[PossibleDuplicate] = report.flags.get(slug) or []
    if flags:
        originals = ", ".join(
            f"{flag.original.slug} ({flag.similarity:.0%} of 5-word shingles shared)"
            for flag in flags
        )
        report.duplicates.append(f"{slug}: possible duplicate of {originals}")


def drafts_write(
    drafts: list[Draft],
    *,
    index: NameIndex,
    report: IngestReport | None = None,
    on_imported=None,
    batch_size: int = BATCH_SIZE,
) -> IngestReport:
    """Write checked drafts of pages, feeds, archives or texts: each gets a slug no other
    article holds (a page is never an update of another), and one whose source is already
    in the archive (same SHA-256) is reported as unchanged."""
    report = report if report is not None else IngestReport()
    taken: set[str] = set()
    items = []
    for draft in drafts:
        draft.spec.slug = slug_free(draft.spec, taken)
        taken.add(draft.spec.slug)
        items.append((draft.spec, draft.source, draft.extracted.charset))
    _write(items, report, index, on_imported, batch_size)
    return report


def manifest_import(path: Path, report: IngestReport, index: NameIndex, on_imported, batch_size):
    """A manifest of plain texts, as before: every entry checked first (the same way on both
    engines), then imported, or, if its slug is in the archive, brought up to date."""
    try:
        specs = manifest_read(path=path)
    except ArchiveImportError as error:
        raise SourceRefused(str(error)) from None
    items = []
    for spec in specs:
        spec_check(spec, name=f"{path} ({spec.path.name})")
        items.append(
            (spec, Source(name=spec.path.name, data=spec.path.read_bytes(), kind="text"), "utf-8")
        )
    _write(items, report, index, on_imported, batch_size)


def paths_import(
    paths: Iterable[Path],
    *,
    publisher: str = "",
    batch_size: int = BATCH_SIZE,
    on_imported: Callable[[str], None] | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> IngestReport:
    """Import every file given (and every file in the folders given), each on its own."""
    report = IngestReport()
    keys_ensure()
    index = NameIndex.build()
    for path in files_under(list(paths)):
        try:
            if is_manifest(path):
                manifest_import(path, report, index, on_imported, batch_size)
            else:
                drafts = file_drafts(path, publisher=publisher)
                drafts_write(
                    drafts, index=index, report=report, on_imported=on_imported,
                    batch_size=batch_size,
                )  # fmt: skip
        except SourceRefused as error:
            report.refused.append(str(error))
        if on_file:
            on_file(path)
    return report


@dataclass
class Imported:
    article: Article | None  # None: the same source is already in the archive
    duplicates: list = field(default_factory=list)


def draft_import(draft: Draft, *, index: NameIndex) -> Imported:
    """Write one checked draft (the admin's), in its own transaction."""
    report = drafts_write([draft], index=index)
    if not report.imported:
        return Imported(article=None)
    slug = report.imported[0]
    return Imported(article=Article.objects.get(slug=slug), duplicates=report.flags[slug])
