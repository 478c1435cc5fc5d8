from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles import archive_file
from articles.services import ArchiveImportError, archive_import


class Command(BaseCommand):
    help = (
        "Import articles. With no arguments, the bundled founding texts and their curated "
        "annotations; with paths, the manifests (or folders holding manifest.yaml) given; "
        "with an archive file written by export_archive, the whole archive it holds."
    )

    def add_arguments(self, parser):
        parser.add_argument("manifests", nargs="*", type=Path, help="manifest files or folders")

    def imported(self, slug: str) -> None:
        self.stdout.write(f"imported {slug}")
        self.stdout.flush()

    def handle(self, *args, manifests, **options):
        if len(manifests) == 1 and archive_file.is_archive_file(manifests[0]):  # by content
            try:
                counts = archive_file.read(path=manifests[0])
            except archive_file.ArchiveFileError as error:
                raise CommandError(str(error)) from None
            summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
            self.stdout.write(self.style.SUCCESS(f"read {manifests[0]}: {summary}"))
            return
        try:
            result = archive_import(manifests=manifests or None, on_imported=self.imported)
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
