"""Reading the input of an import: manifests and source texts, checked, as ArticleSpecs."""

import datetime
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.utils.text import slugify

from articles.models import Article, Basis, DatePrecision, HeadlineBasis, Language, Place
from articles.text import NAMES_MAX_CHARS


class ArchiveImportError(Exception):
    """A problem with an input file; the message names the file (or record) and the problem."""


class _StringDatesLoader(yaml.SafeLoader):
    """YAML without implicit timestamps, so dates arrive as text and are checked here."""


_StringDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def sha256(text: str) -> str:
    """The hex SHA-256 of a text's UTF-8 bytes: how a source text (and a body) is known."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def yaml_read(path: Path) -> dict:
    """A YAML (or JSON) file's top-level mapping; dates stay text."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StringDatesLoader)
    except FileNotFoundError as error:
        raise ArchiveImportError(f"{path}: no such file") from error
    except UnicodeDecodeError as error:
        raise ArchiveImportError(f"{path}: not valid UTF-8 ({error.reason})") from error
    except yaml.YAMLError as error:
        problem = str(error).replace("\n", " ")
        raise ArchiveImportError(f"{path}: not valid YAML or JSON: {problem}") from error
    if not isinstance(data, dict):
        raise ArchiveImportError(f"{path}: expected a mapping at the top level")
    return data


def text_too_long(text: str) -> str:
    """Why a text is too long to be an article ("" if it is not): names are found in at most
    NAMES_MAX_CHARS characters, so a longer text is refused before anything is written."""
    if len(text) <= NAMES_MAX_CHARS:
        return ""
    return f"{len(text):,} characters, more than the {NAMES_MAX_CHARS:,} an article may hold"


def source_text_read(path: Path) -> str:
    """The text of a source file, refusing what is not a UTF-8 text."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise ArchiveImportError(f"{path}: no such file") from error
    except OSError as error:
        raise ArchiveImportError(f"{path}: cannot be read ({error.strerror})") from error
    if not raw.strip():
        raise ArchiveImportError(f"{path}: the file is empty")
    if b"\x00" in raw:
        raise ArchiveImportError(f"{path}: binary file (NUL byte at byte {raw.index(0)})")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")  # a byte-order mark is not text
    except UnicodeDecodeError as error:
        raise ArchiveImportError(
            f"{path}: not valid UTF-8 (byte 0x{raw[error.start]:02x} at byte {error.start})"
        ) from error
    if problem := text_too_long(text):
        raise ArchiveImportError(f"{path}: {problem}")
    control = next((c for c in text if ord(c) < 32 and c not in "\t\n\r\f"), None)
    if control is not None:
        raise ArchiveImportError(f"{path}: binary file (control character U+{ord(control):04X})")
    return text


def date_parse(value, precision: str | None) -> tuple[datetime.date | None, str]:
    """'2014-11-08' -> day, '2016-09' -> month, '2017' -> year, empty -> unknown."""
    text = "" if value is None else str(value).strip()
    forms = {3: DatePrecision.DAY, 2: DatePrecision.MONTH, 1: DatePrecision.YEAR}
    if not text:
        if precision not in (None, DatePrecision.UNKNOWN):
            raise ValueError(f"date_precision {precision!r} given but no date")
        return None, DatePrecision.UNKNOWN
    parts = text.split("-")
    if len(parts) not in forms or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        raise ValueError(f"date {text!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
    try:
        date = datetime.date(*numbers)
    except ValueError as error:
        raise ValueError(f"impossible date {text!r} ({error})") from None
    implied = forms[len(parts)]
    if precision is not None and precision != implied:
        raise ValueError(f"date {text!r} has {implied} precision, not {precision!r}")
    return date, implied


def choice_check(value, choices, name: str) -> str:
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        raise ValueError(f"unknown {name} {value!r} (expected one of: {allowed})")
    return value


@dataclass
class ArticleSpec:
    """One manifest entry, checked, with its source text read."""

    path: Path
    raw_text: str
    slug: str
    headline: str
    headline_basis: str
    publisher: str
    publisher_website: str
    publisher_basis: str
    url: str
    credits: str
    language: str
    published_on: datetime.date | None
    date_precision: str
    date_basis: str
    date_note: str
    dateline: str
    raw_sha256: str = field(init=False)

    def __post_init__(self):
        self.raw_sha256 = sha256(self.raw_text)


REQUIRED_FIELDS = ("file", "headline", "publisher", "language", "published_on", "date_basis")


def article_spec_read(entry, *, base: Path, where: str) -> ArticleSpec:
    if not isinstance(entry, dict):
        raise ArchiveImportError(f"{where}: expected a mapping of fields")
    missing = [name for name in REQUIRED_FIELDS if name not in entry]
    if missing:
        raise ArchiveImportError(f"{where}: missing field(s): {', '.join(missing)}")
    path = base / str(entry["file"])
    raw_text = source_text_read(path)
    try:
        language = choice_check(entry["language"], Language, "language")
        published_on, precision = date_parse(entry["published_on"], entry.get("date_precision"))
        date_basis = choice_check(entry["date_basis"], Basis, "date_basis")
        publisher_basis = choice_check(
            entry.get("publisher_basis", Basis.STATED), Basis, "publisher_basis"
        )
        headline = str(entry["headline"] or "").strip()
        if not headline:
            raise ValueError("headline is empty")
        in_text = headline in raw_text
        headline_basis = entry.get("headline_basis") or (HeadlineBasis.STATED if in_text else None)
        if headline_basis is None:
            raise ValueError(
                "headline is not in the text: give headline_basis external or supplied"
            )
        choice_check(headline_basis, HeadlineBasis, "headline_basis")
        slug = slugify(entry.get("slug") or headline)[:200]
        if not slug:
            raise ValueError("cannot make a slug from the headline: give a slug")
    except ValueError as error:
        raise ArchiveImportError(f"{where} ({path.name}): {error}") from None
    return ArticleSpec(
        path=path,
        raw_text=raw_text,
        slug=slug,
        headline=headline,
        headline_basis=headline_basis,
        publisher=str(entry["publisher"]).strip(),
        publisher_website=str(entry.get("publisher_website") or ""),
        publisher_basis=publisher_basis,
        url=str(entry.get("url") or ""),
        credits=str(entry.get("credits") or ""),
        language=language,
        published_on=published_on,
        date_precision=precision,
        date_basis=date_basis,
        date_note=str(entry.get("date_note") or "").strip(),
        dateline=str(entry.get("dateline") or ""),
    )


def manifest_read(*, path: Path) -> list[ArticleSpec]:
    """Every entry of a manifest, checked, with its text read; nothing is written."""
    if path.is_dir():
        path = path / "manifest.yaml"
    data = yaml_read(path)
    entries = data.get("articles")
    if not isinstance(entries, list) or not entries:
        raise ArchiveImportError(f"{path}: expected a non-empty list under 'articles'")
    specs = [
        article_spec_read(entry, base=path.parent, where=f"{path}: article {number}")
        for number, entry in enumerate(entries, start=1)
    ]
    slugs = [spec.slug for spec in specs]
    duplicates = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if duplicates:
        raise ArchiveImportError(f"{path}: the same slug twice: {', '.join(duplicates)}")
    for spec in specs:
        if spec.dateline and not Place.objects.filter(slug=spec.dateline).exists():
            raise ArchiveImportError(
                f"{path} ({spec.path.name}): unknown dateline {spec.dateline!r}"
            )
        clash = Article.objects.filter(raw_sha256=spec.raw_sha256).exclude(slug=spec.slug)
        if clash.exists() and Article.objects.filter(slug=spec.slug).exists():
            raise ArchiveImportError(
                f"{path} ({spec.path.name}): this text is already in the archive as "
                f"{clash.first().slug!r}, so it cannot replace the text of {spec.slug!r}"
            )
    return specs


def seed_paths() -> tuple[Path, Path]:
    """The bundled manifest of the founding texts and their curated annotations."""
    fixtures = Path(settings.ARCHIVE_FIXTURES_DIR)
    return fixtures / "seeds" / "manifest.yaml", fixtures / "annotations.yaml"
