"""The one import pipeline: specs in batches, one transaction each, from any source to articles."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from articles.importing.articles import articles_create
from articles.importing.manifests import (
    ArchiveImportError,
    ArticleSpec,
    manifest_read,
    seed_paths,
    yaml_read,
)
from articles.importing.mentions import NameIndex, mentions_link
from articles.importing.records import entities_load, events_articles_link
from articles.importing.reimport import article_update
from articles.models import Article, Tombstone

BATCH_SIZE = 100  # articles per transaction


@dataclass
class ImportResult:
    """What an import did, article by article, for the command (or any caller) to report."""

    imported: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # why each was left alone
    entities_created: int = 0
    mentions: int = 0
    facts: int = 0
    quotes: int = 0
    candidates: int = 0
    flagged: int = 0


def archive_import(
    *,
    manifests: list[Path] | None = None,
    on_imported: Callable[[str], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportResult:
    """Import articles from manifests; with none, the bundled texts and their annotations.

    Every manifest is read and checked before anything is written; the articles are then
    imported by articles_import() in batches of `batch_size`, one transaction each, and the
    bundled set (records and texts) all at once.
    """
    if manifests:
        specs = [spec for path in manifests for spec in manifest_read(path=path)]
        return articles_import(specs=specs, on_imported=on_imported, batch_size=batch_size)
    result = ImportResult()
    manifest, annotations_path = seed_paths()
    annotations = yaml_read(annotations_path)
    with transaction.atomic():
        result.entities_created = entities_load(
            data=annotations, source=annotations_path, skipped=result.skipped
        )
        specs = manifest_read(path=manifest)
        articles_import(
            specs=specs,
            annotations=annotations,
            source=annotations_path,
            result=result,
            batch_size=batch_size,
        )
        events_articles_link(annotations, result.imported)
        if result.entities_created:
            index = NameIndex.build()
            for article in Article.objects.exclude(slug__in=result.imported):
                result.mentions += mentions_link(article=article, index=index)
    return result


def articles_import(
    *,
    specs: Iterable[ArticleSpec],
    index: NameIndex | None = None,
    annotations: dict | None = None,
    source: Path | None = None,
    batch_size: int = BATCH_SIZE,
    on_imported: Callable[[str], None] | None = None,
    result: ImportResult | None = None,
) -> ImportResult:
    """Import articles from their specs, in batches of `batch_size`, one transaction each.

    The one entry point of every import (the command, the benchmark, the load test); a single
    article is a batch of one. For each spec, in order: one whose article an editor deleted
    is left out (Tombstone); one whose slug is in the archive updates that article from its
    source, keeping what an editor changed and re-anchoring its passages (article_update);
    one whose text (SHA-256) is already in the archive is unchanged; the rest are created
    with their history, mentions and search rows, and their curated facts and quotes from
    `annotations` (the file at `source`) or, without annotations, candidate facts.
    `on_imported` is called with each new slug once its batch is committed.
    """
    result = result if result is not None else ImportResult()
    specs = list(specs)
    index = index if index is not None else NameIndex.build()
    per_article = (annotations or {}).get("articles") or {}
    unknown = set(per_article) - {spec.slug for spec in specs}
    if unknown:
        raise ArchiveImportError(f"{source}: annotations for unknown article(s): {sorted(unknown)}")
    for batch in _batches(specs, batch_size):
        with transaction.atomic():
            imported = _batch_import(
                batch,
                result,
                index=index,
                annotations=per_article,
                source=source,
                propose_facts=not annotations,
            )
        if on_imported:
            for slug in imported:
                on_imported(slug)  # after its transaction: the article is in the archive
    return result


def _batches(specs: list[ArticleSpec], size: int) -> Iterator[list[ArticleSpec]]:
    """Runs of at most `size` specs, a slug at most once in each (a second spec for the same
    slug, from another manifest, updates the article the first one made)."""
    batch, slugs = [], set()
    for spec in specs:
        if len(batch) >= size or spec.slug in slugs:
            yield batch
            batch, slugs = [], set()
        batch.append(spec)
        slugs.add(spec.slug)
    if batch:
        yield batch


def _batch_import(
    batch: list[ArticleSpec],
    result: ImportResult,
    *,
    index: NameIndex,
    annotations: dict,
    source: Path | None,
    propose_facts: bool,
) -> list[str]:
    """One batch, inside the caller's transaction; returns the slugs it created."""
    slugs = [spec.slug for spec in batch]
    graves = {g.key: g for g in Tombstone.objects.filter(kind="article", key__in=slugs)}
    existing = Article.objects.select_related("publisher").in_bulk(slugs, field_name="slug")
    shas = {spec.raw_sha256 for spec in batch}
    known = set(Article.objects.filter(raw_sha256__in=shas).values_list("raw_sha256", flat=True))
    fresh = []
    for spec in batch:
        if spec.slug in graves:
            result.skipped.append(f"article {spec.slug}: {graves[spec.slug].describe()}")
        elif spec.slug in existing:
            _article_refresh(existing[spec.slug], spec, index, result)
            known.add(spec.raw_sha256)
        elif spec.raw_sha256 in known:  # the same text, under another slug or twice here
            result.unchanged.append(spec.path.name)
        else:
            known.add(spec.raw_sha256)
            fresh.append(spec)
    created = articles_create(
        specs=fresh,
        index=index,
        annotations=annotations,
        source=source,
        propose_facts=propose_facts,
    )
    imported = [article.slug for article in created.articles]
    result.imported.extend(imported)
    result.mentions += created.mentions
    result.facts += created.facts
    result.candidates += created.candidates
    result.quotes += created.quotes
    return imported


def _article_refresh(article: Article, spec: ArticleSpec, index: NameIndex, result) -> None:
    update = article_update(article=article, spec=spec, index=index)
    if update.changed or update.text_changed:
        what = ", ".join(update.changed) or "raw text"
        result.updated.append(f"{article.slug} ({what})")
    else:
        result.unchanged.append(spec.path.name)
    if update.kept:
        result.skipped.append(
            f"article {article.slug}: kept the editor's {', '.join(update.kept)} "
            "(changed since the last import)"
        )
    if update.flagged:
        result.skipped.append(
            f"article {article.slug}: {update.flagged} passage(s) no longer in the text, "
            "flagged for review"
        )
    result.flagged += update.flagged
