"""export_archive FILE: the whole archive as versioned JSON Lines (docs/export-format.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from articles.archive_file import VERSION, write


class Command(BaseCommand):
    help = (
        "Write the whole archive (sources, articles, records, aliases, facts, quotes, "
        f"mentions) to FILE as JSON Lines, format version {VERSION} (docs/export-format.md). "
        "`import_articles FILE` reads it back into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the file to write")
        parser.add_argument(
            "--history", action="store_true", help="also write every record's change history"
        )

    def handle(self, *args, file, history, **options):
        counts = write(path=file, history=history)
        summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"wrote {file}: {summary}"))
