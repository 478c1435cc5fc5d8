"""Importing articles: one pipeline from manifests (or any specs) to articles in the archive.

The entry points: archive_import() reads manifests (or the bundled set) and calls
articles_import(), the one pipeline that the command, the benchmark and the load test share.
"""

from articles.importing.manifests import (
    ArchiveImportError,
    ArticleSpec,
    manifest_read,
    seed_paths,
    yaml_read,
)
from articles.importing.mentions import NameIndex, mentions_link
from articles.importing.pipeline import BATCH_SIZE, ImportResult, archive_import, articles_import
from articles.importing.records import entities_load
from articles.importing.reimport import passages_follow, passages_reanchor

__all__ = [
    "BATCH_SIZE",
    "ArchiveImportError",
    "ArticleSpec",
    "ImportResult",
    "NameIndex",
    "archive_import",
    "articles_import",
    "entities_load",
    "manifest_read",
    "mentions_link",
    "passages_follow",
    "passages_reanchor",
    "seed_paths",
    "yaml_read",
]
