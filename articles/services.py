"""Writes that touch several rows: reading manifests, importing articles, linking mentions."""

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from articles.candidates import candidates_propose
from articles.cleaning import clean_text
from articles.models import (
    ENTITY_FIELDS,
    ENTITY_MODELS,
    Alias,
    Article,
    Basis,
    DatePrecision,
    Event,
    HeadlineBasis,
    Initiative,
    Language,
    Mention,
    Organisation,
    Person,
    Place,
    Publisher,
    Quote,
    Role,
    Tombstone,
    TradeFact,
)
from articles.numbers import FigureError, parse_figure
from articles.proposals import facts_propose_from
from articles.search import articles_index, vocabulary_add_many
from articles.text import (
    NameTable,
    PassageNotFound,
    find_names,
    fold,
    locate_passage,
    relocate_passage,
)


class ArchiveImportError(Exception):
    """A problem with an input file; the message names the file (or record) and the problem."""


class _StringDatesLoader(yaml.SafeLoader):
    """YAML without implicit timestamps, so dates arrive as text and are checked here."""


_StringDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def yaml_read(path: Path) -> dict:
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


# Reading and checking input ------------------------------------------------------------------


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
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ArchiveImportError(
            f"{path}: not valid UTF-8 (byte 0x{raw[error.start]:02x} at byte {error.start})"
        ) from error
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
        self.raw_sha256 = hashlib.sha256(self.raw_text.encode("utf-8")).hexdigest()


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


# Entities -------------------------------------------------------------------------------------


def _record_key(link) -> tuple[str, int]:
    """(field, id) of the record an alias or mention points at: ("person", 3)."""
    field_name = next(f for f in ENTITY_FIELDS if getattr(link, f"{f}_id"))
    return field_name, getattr(link, f"{field_name}_id")


@dataclass
class NameIndex:
    """Every name and alias of every record, for mention linking."""

    names: list[tuple[str, bool, tuple[str, int]]]

    @classmethod
    def build(cls) -> "NameIndex":
        names = []
        for field_name, model in ENTITY_MODELS.items():
            for record in model.objects.all():
                names.extend((name, False, (field_name, record.pk)) for name in record.names)
        for alias in Alias.objects.all():
            names.append((alias.name, alias.case_sensitive, _record_key(alias)))
        return cls(names)

    @cached_property
    def table(self) -> NameTable:
        return NameTable(self.names)


def mention_key(article: Article, key: tuple[str, int], surface: str) -> str:
    """How a deleted mention is remembered: article, record and the name as written."""
    return f"{article.slug}|{key[0]}|{key[1]}|{fold(surface)}"


def mentions_found(*, article: Article, index: NameIndex) -> list[Mention]:
    """Unsaved mentions of every known name found in an article's body."""
    return [
        Mention(
            article=article,
            start=match.start,
            end=match.end,
            surface=article.body[match.start : match.end],
            **{f"{match.key[0]}_id": match.key[1]},
        )
        for match in find_names(article.body, index.table)
    ]


def mentions_link(*, article: Article, index: NameIndex) -> int:
    """Link every known name in the article's body that is not linked yet; return how many.

    Mentions already there (an editor's among them) are kept, and a mention an editor deleted
    is not linked again (see Tombstone).
    """
    linked = list(article.mentions.filter(anchored=True).values_list("start", "end"))
    refused = set(
        Tombstone.objects.filter(kind="mention", key__startswith=f"{article.slug}|").values_list(
            "key", flat=True
        )
    )
    mentions = [
        mention
        for mention in mentions_found(article=article, index=index)
        if not any(mention.start < end and start < mention.end for start, end in linked)
        and mention_key(article, _record_key(mention), mention.surface) not in refused
    ]
    Mention.objects.bulk_create(mentions)
    return len(mentions)


def _date_fields(record: dict, date_key: str, where: str) -> dict:
    try:
        date, implied = date_parse(record.get(date_key), None)
    except ValueError as error:
        raise ArchiveImportError(f"{where}: {error}") from None
    precision = record.get("date_precision") or implied
    if date is not None and precision == DatePrecision.UNKNOWN:
        precision = implied
    return {
        date_key: date,
        "date_precision": precision,
        "date_basis": record.get("date_basis") or Basis.EXTERNAL,
    }


class _References:
    """Looks records up by slug, naming the annotation that asked when one is missing."""

    models = {**ENTITY_MODELS, "article": Article}

    def __init__(self):
        self.found = {}

    def get(self, kind: str, slug, where: str):
        """The record; for one merged away, the record it was merged into."""
        if slug in (None, ""):
            return None
        if (kind, slug) in self.found:
            return self.found[kind, slug]
        model = self.models[kind]
        try:
            self.found[kind, slug] = model.objects.get(slug=slug)
            return self.found[kind, slug]
        except model.DoesNotExist:
            grave = Tombstone.objects.filter(kind=kind, key=slug).first()
            if grave is None:
                raise ArchiveImportError(f"{where}: unknown {kind} {slug!r}") from None
            if grave.reason == Tombstone.Reason.MERGED:
                return self.get(kind, grave.merged_into, where)
            raise ArchiveImportError(
                f"{where}: {kind} {slug!r} was deleted by an editor on {grave.at:%Y-%m-%d}"
            ) from None

    def many(self, kind: str, slugs, where: str) -> list:
        return [self.get(kind, slug, where) for slug in slugs or []]


def _aliases_create(record, aliases, *, where: str) -> None:
    field_name = record._meta.model_name
    for alias in aliases or []:
        if isinstance(alias, str):
            alias = {"name": alias}
        Alias.objects.get_or_create(
            name=alias["name"],
            **{field_name: record},
            defaults={
                "language": alias.get("language") or "",
                "case_sensitive": bool(alias.get("case_sensitive")),
            },
        )


def entities_load(*, data: dict, source: Path, skipped: list[str] | None = None) -> int:
    """Create the records an annotation file lists that the archive lacks; return how many.

    Existing records (same slug) are left as they are: editors own them once loaded. Records
    an editor deleted or merged are not created again; each is named in `skipped`.
    """
    refs, created = _References(), 0
    graves = {(grave.kind, grave.key): grave for grave in Tombstone.objects.exclude(kind="mention")}
    for section, model in (
        ("places", Place),
        ("organisations", Organisation),
        ("people", Person),
        ("initiatives", Initiative),
        ("events", Event),
    ):
        existing = set(model.objects.values_list("slug", flat=True))
        for number, record in enumerate(data.get(section) or [], start=1):
            where = f"{source}: {section}[{number}] {record.get('slug', '?')}"
            if record.get("slug") in existing:
                continue
            grave = graves.get((model._meta.model_name, record.get("slug")))
            if grave:
                if skipped is not None:
                    skipped.append(f"{grave.kind} {grave.key}: {grave.describe()}")
                continue
            try:
                instance = _entity_build(model, record, refs, where)
                instance.full_clean(exclude=["slug"] if not record.get("slug") else None)
            except (KeyError, ValueError) as error:
                raise ArchiveImportError(f"{where}: missing or bad field {error}") from None
            except ValidationError as error:
                raise ArchiveImportError(f"{where}: {'; '.join(error.messages)}") from None
            _entity_save_with_links(instance, record, refs, where)
            _aliases_create(instance, record.get("aliases"), where=where)
            existing.add(instance.slug)
            created += 1
    return created


def _entity_build(model, record: dict, refs: _References, where: str):
    common = {
        "name": record["name"],
        "slug": record["slug"],
        "description": (record.get("description") or "").strip(),
    }
    if model is Place:
        return Place(
            **common,
            name_fr=record.get("name_fr") or "",
            kind=record["kind"],
            parent=refs.get("place", record.get("parent"), where),
        )
    if model is Organisation:
        return Organisation(
            **common,
            kind=record["kind"],
            website=record.get("website") or "",
            parent=refs.get("organisation", record.get("parent"), where),
            country=refs.get("place", record.get("country"), where),
        )
    if model is Person:
        return Person(**common)
    if model is Initiative:
        return Initiative(
            **common,
            name_fr=record.get("name_fr") or "",
            kind=record["kind"],
            **_date_fields(record, "started_on", where),
        )
    return Event(
        **common,
        kind=record["kind"],
        place=refs.get("place", record.get("place"), where),
        ends_on=date_parse(record.get("ends_on"), None)[0],
        **_date_fields(record, "starts_on", where),
    )


def _entity_save_with_links(instance, record: dict, refs: _References, where: str) -> None:
    """Save a new record and its links, with one history entry that holds them all (rather
    than one more for each set of links)."""
    instance.skip_history_when_saving = True
    instance.save()
    _entity_relations_set(instance, record, refs, where)
    del instance.skip_history_when_saving
    instance._change_reason = "import"
    post_save.send(sender=type(instance), instance=instance, created=True, raw=False)


def _entity_relations_set(instance, record: dict, refs: _References, where: str) -> None:
    if isinstance(instance, Person):
        for role in record.get("roles") or []:
            Role.objects.create(
                person=instance,
                title=role["title"],
                kind=role["kind"],
                organisation=refs.get("organisation", role.get("organisation"), where),
                place=refs.get("place", role.get("place"), where),
                start_year=role.get("start_year"),
                end_year=role.get("end_year"),
            )
    if isinstance(instance, (Initiative, Event)):
        instance.people.set(refs.many("person", record.get("people"), where))
        instance.organisations.set(refs.many("organisation", record.get("organisations"), where))
    if isinstance(instance, Initiative):
        instance.places.set(refs.many("place", record.get("places"), where))
    if isinstance(instance, Event):
        instance.initiatives.set(refs.many("initiative", record.get("initiatives"), where))


# Articles -------------------------------------------------------------------------------------


@dataclass
class ImportResult:
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


def _publisher_get(spec: ArticleSpec) -> Publisher:
    publisher, _ = Publisher.objects.get_or_create(
        slug=slugify(spec.publisher)[:200],
        defaults={"name": spec.publisher, "website": spec.publisher_website},
    )
    return publisher


def _article_create(spec: ArticleSpec) -> Article:
    dateline = Place.objects.filter(slug=spec.dateline).first() if spec.dateline else None
    article = _article_build(spec, publisher=_publisher_get(spec), dateline=dateline)
    article._change_reason = "import"  # noqa: SLF001  (how django-simple-history takes it)
    article.save()
    return article


def _article_build(spec: ArticleSpec, *, publisher: Publisher, dateline: Place | None) -> Article:
    cleaned = clean_text(spec.raw_text, headline=spec.headline)
    return Article(
        slug=spec.slug,
        headline=spec.headline,
        headline_basis=spec.headline_basis,
        publisher=publisher,
        publisher_basis=spec.publisher_basis,
        url=spec.url,
        credits=spec.credits,
        language=spec.language,
        published_on=spec.published_on,
        date_precision=spec.date_precision,
        date_basis=spec.date_basis,
        date_note=spec.date_note,
        dateline=dateline,
        raw_text=spec.raw_text,
        body=cleaned.body,
        raw_sha256=spec.raw_sha256,
        source_name=spec.path.name,
        imported_values=source_values(spec, cleaned.body),
    )


def _span(article: Article, passage: str, occurrence, where: str) -> tuple[int, int]:
    try:
        return locate_passage(article.body, passage, occurrence)
    except PassageNotFound as error:
        raise ArchiveImportError(f"{where}: {error}") from None


def annotations_apply(*, article: Article, data: dict, source: Path) -> tuple[int, int]:
    """Create an article's curated facts and quotes, each checked against its text."""
    refs = _References()
    facts = []
    for number, fact in enumerate(data.get("facts") or [], start=1):
        where = f"{source}: {article.slug} fact {number} ({fact.get('figure', '?')!r})"
        try:
            start, end = _span(article, fact["passage"], fact.get("occurrence"), where)
            passage = article.body[start:end]
            figure = str(fact["figure"])
            if fold(figure, keep_accents=True) not in fold(passage, keep_accents=True):
                raise ArchiveImportError(f"{where}: the figure is not in the passage")
            value = Decimal(str(fact["value"]))
            parsed = parse_figure(figure, article.language)
            if parsed != value:
                raise ArchiveImportError(f"{where}: value {value} but the figure reads {parsed}")
            facts.append(
                TradeFact(
                    article=article,
                    start=start,
                    end=end,
                    passage=passage,
                    figure=figure,
                    kind=fact["kind"],
                    value=value,
                    unit=fact["unit"],
                    qualifier=fact.get("qualifier") or TradeFact.Qualifier.EXACT,
                    period=fact.get("period") or "",
                    period_year=fact.get("period_year"),
                    subject_organisation=refs.get(
                        "organisation", fact.get("subject_organisation"), where
                    ),
                    subject_place=refs.get("place", fact.get("subject_place"), where),
                    speaker=refs.get("person", fact.get("speaker"), where),
                    initiative=refs.get("initiative", fact.get("initiative"), where),
                    event=refs.get("event", fact.get("event"), where),
                    note=(fact.get("note") or "").strip(),
                )
            )
        except KeyError as error:
            raise ArchiveImportError(f"{where}: missing field {error}") from None
        except (InvalidOperation, FigureError) as error:
            raise ArchiveImportError(f"{where}: bad value ({error})") from None
    for fact in facts:
        fact.full_clean(exclude=["article"])
    bulk_create_with_history(facts, TradeFact, default_change_reason="import")
    quotes = []
    for number, quote in enumerate(data.get("quotes") or [], start=1):
        where = f"{source}: {article.slug} quote {number}"
        try:
            start, end = _span(article, quote["text"], quote.get("occurrence"), where)
            quotes.append(
                Quote(
                    article=article,
                    start=start,
                    end=end,
                    text=article.body[start:end],
                    person=refs.get("person", quote["person"], where),
                    note=(quote.get("note") or "").strip(),
                )
            )
        except KeyError as error:
            raise ArchiveImportError(f"{where}: missing field {error}") from None
    bulk_create_with_history(quotes, Quote, default_change_reason="import")
    return len(facts), len(quotes)


def facts_propose(*, article: Article) -> int:
    """Propose the figures of an article as candidate trade facts, for editors to review;
    figures inside an existing fact's passage are left out. Returns how many."""
    cited = list(article.facts.values_list("start", "end"))
    facts = [
        TradeFact(
            article=article,
            start=proposal.start,
            end=proposal.end,
            passage=article.body[proposal.start : proposal.end],
            figure=proposal.figure[:200],
            kind=proposal.kind,
            value=proposal.value,
            unit=proposal.unit,
            qualifier=proposal.qualifier,
            status=TradeFact.Status.CANDIDATE,
        )
        for proposal in facts_propose_from(article.body, article.language)
        if abs(proposal.value) < 10**17
        and not any(s <= proposal.figure_start and proposal.figure_end <= e for s, e in cited)
    ]
    bulk_create_with_history(facts, TradeFact, default_change_reason="proposed by import")
    return len(facts)


def article_import(
    *,
    spec: ArticleSpec,
    index: NameIndex,
    annotations: dict | None = None,
    source: Path | None = None,
    propose_facts: bool = True,
) -> Article | None:
    """Import one article atomically: the record, its mentions, its curated facts and quotes,
    or, without curated facts, candidate facts proposed from its figures.

    Returns None when the same text (by SHA-256) is already in the archive.
    """
    if Article.objects.filter(raw_sha256=spec.raw_sha256).exists():
        return None
    with transaction.atomic():
        article = _article_create(spec)
        mentions_link(article=article, index=index)
        if annotations:
            annotations_apply(article=article, data=annotations, source=source)
        elif propose_facts:
            facts_propose(article=article)
            candidates_propose(article=article, known_names=[name for name, *_ in index.names])
    return article


# Fields an import sets and a later import may update, unless an editor has changed them;
# the body too (compared by its SHA-256).
IMPORTED_FIELDS = (
    "headline",
    "headline_basis",
    "publisher",
    "publisher_basis",
    "url",
    "credits",
    "language",
    "published_on",
    "date_precision",
    "date_basis",
    "date_note",
    "dateline",
)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def source_values(spec: ArticleSpec, body: str) -> dict[str, str]:
    """What an import sets, as strings (slugs for records, a hash for the body)."""
    values = {name: str(getattr(spec, name) or "") for name in IMPORTED_FIELDS}
    return {**values, "publisher": slugify(spec.publisher)[:200], "body": _sha256(body)}


def article_values(article: Article) -> dict[str, str]:
    values = {name: str(getattr(article, name) or "") for name in IMPORTED_FIELDS}
    dateline = article.dateline.slug if article.dateline else ""
    return {
        **values,
        "publisher": article.publisher.slug,
        "dateline": dateline,
        "body": _sha256(article.body),
    }


@dataclass
class ArticleUpdate:
    changed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # changed by an editor: left as they are
    text_changed: bool = False
    flagged: int = 0  # passages no longer in the text


def article_update(*, article: Article, spec: ArticleSpec, index: NameIndex) -> ArticleUpdate:
    """Bring an article in line with its (maybe corrected) source and manifest entry.

    A field changes only if it still holds what the last import set: an editor's correction
    is kept and named in `kept`. If the body changes, facts, quotes and mentions move with
    their passages; those no longer in the text are flagged for review, not deleted.
    """
    update = ArticleUpdate(text_changed=spec.raw_sha256 != article.raw_sha256)
    body = clean_text(spec.raw_text, headline=spec.headline).body
    new, current, last = source_values(spec, body), article_values(article), article.imported_values
    old_body = article.body
    with transaction.atomic():
        for name, value in new.items():
            if value == current[name]:
                continue
            if last.get(name) != current[name]:
                update.kept.append(name)
                continue
            if name == "body":
                article.body = body
            elif name == "publisher":
                article.publisher = _publisher_get(spec)
            elif name == "dateline":
                article.dateline = Place.objects.filter(slug=spec.dateline).first()
            else:
                setattr(article, name, getattr(spec, name))
            update.changed.append(name)
        if update.text_changed:
            article.raw_text, article.raw_sha256 = spec.raw_text, spec.raw_sha256
            article.source_name = spec.path.name
        if update.changed or update.text_changed or new != last:
            article.imported_values = new
            article._change_reason = "import"  # noqa: SLF001
            article.save()
        if article.body != old_body:
            update.flagged = passages_reanchor(article=article)
            mentions_link(article=article, index=index)
    return update


def passages_reanchor(*, article: Article) -> int:
    """After the article's body changed: move each fact, quote and mention to where its
    passage now stands (the occurrence nearest its old place); flag those no longer in the
    text (anchored=False, hidden from the public site). Returns how many are flagged."""
    flagged = 0
    for model, text_field in ((TradeFact, "passage"), (Quote, "text"), (Mention, "surface")):
        for item in model.objects.filter(article=article):
            text = getattr(item, text_field)
            if item.anchored and article.body[item.start : item.end] == text:
                continue
            span = relocate_passage(article.body, text, near=item.start)
            if span:
                item.start, item.end = span
            item.anchored = span is not None
            flagged += span is None
            item._change_reason = "passage re-anchored: the article's text changed"  # noqa: SLF001
            item.save()
    return flagged


def seed_paths() -> tuple[Path, Path]:
    fixtures = Path(settings.ARCHIVE_FIXTURES_DIR)
    return fixtures / "seeds" / "manifest.yaml", fixtures / "annotations.yaml"


def archive_import(
    *, manifests: list[Path] | None = None, on_imported: Callable[[str], None] | None = None
) -> ImportResult:
    """Import articles from manifests; with none, the bundled texts and their annotations.

    Every manifest is read and checked before anything is written; each article is imported
    in its own transaction, and the bundled set (records and texts) all at once. An article
    already in the archive (same slug) is updated from its source (see article_update); one
    an editor deleted is left out. New articles from manifests get candidate facts.
    """
    result = ImportResult()
    if manifests:
        specs = [spec for path in manifests for spec in manifest_read(path=path)]
        _specs_import(specs, result, annotations={}, source=None, on_imported=on_imported)
        return result
    manifest, annotations_path = seed_paths()
    annotations = yaml_read(annotations_path)
    with transaction.atomic():
        result.entities_created = entities_load(
            data=annotations, source=annotations_path, skipped=result.skipped
        )
        specs = manifest_read(path=manifest)
        _specs_import(specs, result, annotations=annotations, source=annotations_path)
        _events_articles_link(annotations, result.imported)
        if result.entities_created:
            index = NameIndex.build()
            for article in Article.objects.exclude(slug__in=result.imported):
                result.mentions += mentions_link(article=article, index=index)
    return result


def _specs_import(
    specs, result: ImportResult, *, annotations: dict, source, on_imported=None
) -> None:
    index = NameIndex.build()
    per_article = annotations.get("articles") or {}
    unknown = set(per_article) - {spec.slug for spec in specs}
    if unknown:
        raise ArchiveImportError(f"{source}: annotations for unknown article(s): {sorted(unknown)}")
    graves = {
        grave.key: grave
        for grave in Tombstone.objects.filter(kind="article", key__in=[s.slug for s in specs])
    }
    for spec in specs:
        if spec.slug in graves:
            result.skipped.append(f"article {spec.slug}: {graves[spec.slug].describe()}")
            continue
        existing = Article.objects.filter(slug=spec.slug).select_related("publisher").first()
        if existing:
            _article_refresh(existing, spec, index, result)
            continue
        article = article_import(
            spec=spec,
            index=index,
            annotations=per_article.get(spec.slug),
            source=source,
            propose_facts=not annotations,
        )
        if article is None:
            result.unchanged.append(spec.path.name)
            continue
        result.imported.append(article.slug)
        if on_imported:
            on_imported(article.slug)  # after its transaction: the article is in the archive
        result.mentions += article.mentions.count()
        result.facts += article.facts.filter(status=TradeFact.Status.APPROVED).count()
        result.candidates += article.facts.filter(status=TradeFact.Status.CANDIDATE).count()
        result.quotes += article.quotes.count()


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


def _events_articles_link(annotations: dict, imported: list[str]) -> None:
    """Link the events to the newly imported articles that report them."""
    for record in annotations.get("events") or []:
        event = Event.objects.filter(slug=record.get("slug")).first()
        slugs = set(record.get("articles") or []) & set(imported)
        if event and slugs:
            event.articles.add(*Article.objects.filter(slug__in=slugs))


def articles_import_batch(*, specs: list[ArticleSpec], index: NameIndex) -> list[Article]:
    """Import many articles in one transaction, for large imports: the records with their
    history, mentions, search index and vocabulary, a few statements per batch instead of a
    few per article. Texts already in the archive (by SHA-256) are skipped; no annotations."""
    shas = {spec.raw_sha256 for spec in specs}
    seen = set(Article.objects.filter(raw_sha256__in=shas).values_list("raw_sha256", flat=True))
    fresh = []
    for spec in specs:
        if spec.raw_sha256 not in seen:
            seen.add(spec.raw_sha256)
            fresh.append(spec)
    if not fresh:
        return []
    places = Place.objects.in_bulk({s.dateline for s in fresh if s.dateline}, field_name="slug")
    with transaction.atomic():
        first_of = {spec.publisher: spec for spec in reversed(fresh)}  # one lookup each
        publishers = {name: _publisher_get(spec) for name, spec in first_of.items()}
        articles = [
            _article_build(
                spec, publisher=publishers[spec.publisher], dateline=places.get(spec.dateline)
            )
            for spec in fresh
        ]
        articles = bulk_create_with_history(articles, Article, default_change_reason="import")
        Mention.objects.bulk_create(
            [m for article in articles for m in mentions_found(article=article, index=index)]
        )
        articles_index(articles)
        vocabulary_add_many((f"{a.headline}\n{a.body}", a.language) for a in articles)
    return articles


# Deleting and merging records ----------------------------------------------------------------


def tombstones_record(
    *, records: list, reason: str = Tombstone.Reason.DELETED, merged_into: str = "", by: str = ""
) -> None:
    """Remember records an editor deletes or merges away, so that imports leave them out.
    Records: articles, people, organisations, places, initiatives, events or mentions."""
    for record in records:
        kind = record._meta.model_name
        if isinstance(record, Mention):
            key = mention_key(record.article, _record_key(record), record.surface)
            label = f"“{record.surface}” ({record.entity}) in {record.article.slug}"
        else:
            key, label = record.slug, str(record)
        Tombstone.objects.update_or_create(
            kind=kind,
            key=key,
            defaults={"reason": reason, "merged_into": merged_into, "label": label[:300], "by": by},
        )


@dataclass
class MergeResult:
    kept: object
    merged: list[str] = field(default_factory=list)
    moved: dict[str, int] = field(default_factory=dict)


def records_merge(*, keep, duplicates: list, by: str = "") -> MergeResult:
    """Fold duplicate records (people, organisations...) into the one kept, in one transaction:
    every mention, role, quote, fact, alias and link moves to it, the duplicates' names become
    its aliases, and each change (the merge itself too) is recorded in the history."""
    model = type(keep)
    if any(type(d) is not model or d.pk == keep.pk for d in duplicates):
        raise ValueError("Merge records of one kind, other than the one kept.")
    result = MergeResult(kept=keep)
    with transaction.atomic():
        for duplicate in duplicates:
            for relation in model._meta.related_objects:
                if relation.hidden:
                    continue
                moved = _relation_move(relation, duplicate, keep)
                if moved:
                    label = relation.related_model._meta.verbose_name_plural
                    result.moved[label] = result.moved.get(label, 0) + moved
            if (
                fold(duplicate.name) != fold(keep.name)
                and not keep.aliases.filter(name=duplicate.name).exists()
            ):
                Alias.objects.create(name=duplicate.name, **{model._meta.model_name: keep})
            result.merged.append(duplicate.name)
            tombstones_record(
                records=[duplicate], reason=Tombstone.Reason.MERGED, merged_into=keep.slug, by=by
            )
            duplicate._change_reason = f"merged into {keep.name} ({keep.slug})"
            duplicate.delete()
        keep._change_reason = "merged " + ", ".join(result.merged)
        keep.save()
    return result


def _relation_move(relation, duplicate, keep) -> int:
    accessor = relation.get_accessor_name()
    if relation.many_to_many:
        related = list(getattr(duplicate, accessor).all())
        for item in related:  # from the side declaring the field, whose history records it
            links = getattr(item, relation.field.name)
            links.add(keep)
            links.remove(duplicate)
        return len(related)
    related = list(relation.related_model._base_manager.filter(**{relation.field.name: duplicate}))
    for item in related:  # one by one, so that each move is in the history
        setattr(item, relation.field.name, keep)
        item._change_reason = f"merge: {duplicate.name} → {keep.name}"
        item.save()
    return len(related)
