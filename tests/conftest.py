from pathlib import Path

import pytest
from django.conf import settings

from articles.services import archive_import

SEEDS_DIR = Path(settings.ARCHIVE_FIXTURES_DIR) / "seeds"
SEED_FILES = sorted(SEEDS_DIR.glob("*.txt"))


@pytest.fixture
def seeded(db):
    """The archive with the five founding texts and their annotations loaded."""
    return archive_import()


@pytest.fixture
def write_manifest(tmp_path):
    """Write source files and a manifest listing them; returns the manifest's path."""

    def write(articles: list[dict], files: dict[str, bytes | str]) -> Path:
        import yaml

        for name, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            (tmp_path / name).write_bytes(data)
        manifest = tmp_path / "manifest.yaml"
        manifest.write_text(yaml.safe_dump({"articles": articles}, allow_unicode=True))
        return manifest

    return write


def manifest_entry(**overrides) -> dict:
    entry = {
        "file": "new.txt",
        "headline": "Alibaba opens an office in Vancouver",
        "headline_basis": "supplied",
        "publisher": "Example Daily",
        "language": "en",
        "published_on": "2018-03-02",
        "date_basis": "stated",
    }
    entry.update(overrides)
    return {key: value for key, value in entry.items() if value is not None}
