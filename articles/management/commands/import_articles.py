"""Import articles from manifests (or the bundled set) through the one import pipeline."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.importing import BATCH_SIZE, ArchiveImportError, archive_import


class Command(BaseCommand):
    help = (
        "Import articles. With no arguments, the bundled founding texts and their curated "
        "annotations; with paths, the manifests (or folders holding manifest.yaml) given."
    )

    def add_arguments(self, parser):
        parser.add_argument("manifests", nargs="*", type=Path, help="manifest files or folders")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"articles per transaction (default {BATCH_SIZE})",
        )

    def imported(self, slug: str) -> None:
        self.stdout.write(f"imported {slug}")
        self.stdout.flush()

    def handle(self, *args, manifests, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be 1 or more")
        try:
            result = archive_import(
                manifests=manifests or None, on_imported=self.imported, batch_size=batch_size
            )
        except ArchiveImportError as error:
            raise CommandError(str(error)) from None
        if not manifests:  # the bundled set is imported in one transaction, reported after it
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
