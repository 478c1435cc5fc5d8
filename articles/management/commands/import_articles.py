"""import_articles PATH...: manifests, web pages, web archives, feeds and texts, one pipeline."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles import archive_file
from articles.importing import BATCH_SIZE, ArchiveImportError, archive_import
from articles.importing.sources import files_under

# From this many files on, a progress bar (pages/s) goes to standard error.
PROGRESS_FROM = 20


class Command(BaseCommand):
    help = (
        "Import articles. With no arguments, the bundled founding texts and their curated "
        "annotations. With paths: saved web pages (.html, .htm, gzip-compressed or not), web "
        "archives (.warc, .warc.gz), RSS/Atom feed files, plain texts, YAML manifests, and "
        "folders of them; each file is checked whole and imported on its own, and the exit "
        "status is 1 if any file was refused. An archive file written by export_archive is "
        "read back whole into an empty archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="files or folders")
        parser.add_argument(
            "--publisher", default="", help="the publisher of texts and pages that name none"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"articles per transaction (default {BATCH_SIZE})",
        )

    def imported(self, slug: str) -> None:
        self.stdout.write(f"imported {slug}")
        self.stdout.flush()

    def handle(self, *args, paths, publisher, no_progress, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be 1 or more")
        if not paths:
            return self.bundled(batch_size)
        if len(paths) == 1 and archive_file.is_archive_file(paths[0]):  # by content
            try:
                counts = archive_file.read(path=paths[0])
            except archive_file.ArchiveFileError as error:
                raise CommandError(str(error)) from None
            summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
            self.stdout.write(self.style.SUCCESS(f"read {paths[0]}: {summary}"))
            return
        from articles.importing.files import paths_import

        files = list(files_under(paths))
        bar = None
        if len(files) >= PROGRESS_FROM and not no_progress:
            from tqdm import tqdm

            stream = getattr(self.stderr, "_out", sys.stderr)  # the stream, not its line wrapper
            bar = tqdm(total=len(files), unit="page", file=stream, dynamic_ncols=True)
        report = paths_import(
            files,
            publisher=publisher,
            batch_size=batch_size,
            on_imported=None if bar else self.imported,
            on_file=(lambda path: bar.update()) if bar else None,
        )
        if bar:
            bar.close()
        for name in report.unchanged:
            self.stdout.write(f"unchanged {name} (already in the archive)")
        for line in report.updated:
            self.stdout.write(f"updated {line}")
        for line in report.duplicates:
            self.stdout.write(self.style.WARNING(f"flagged {line}"))
        for reason in report.skipped:
            self.stdout.write(self.style.WARNING(f"skipped {reason}"))
        for reason in report.refused:
            self.stderr.write(f"refused {reason}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(report.imported)} imported, {len(report.unchanged)} unchanged, "
                f"{len(report.updated)} updated, {len(report.duplicates)} possible duplicates, "
                f"{len(report.refused)} refused; {report.mentions} mentions, "
                f"{report.candidates} candidate facts to review"
            )
        )
        if len(report.refused) == 1:
            raise CommandError(report.refused[0])
        if report.refused:
            raise CommandError(f"{len(report.refused)} files refused (each named above)")

    def bundled(self, batch_size: int):
        try:
            result = archive_import(manifests=None, batch_size=batch_size)
        except ArchiveImportError as error:
            raise CommandError(str(error)) from None
        for slug in result.imported:
            self.imported(slug)
        for name in result.unchanged:
            self.stdout.write(f"unchanged {name} (already in the archive)")
        for line in result.updated:
            self.stdout.write(f"updated {line}")
        for reason in result.skipped:
            self.stdout.write(self.style.WARNING(f"skipped {reason}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(result.imported)} imported, {len(result.unchanged)} unchanged, "
                f"{len(result.updated)} updated; "
                f"{result.entities_created} records created, {result.mentions} mentions, "
                f"{result.facts} facts, {result.candidates} candidate facts to review, "
                f"{result.quotes} quotes"
            )
        )
