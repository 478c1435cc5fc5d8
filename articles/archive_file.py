"""The archive file: the whole archive as versioned JSON Lines, written and read back
(format described in docs/export-format.md)."""

import datetime
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, models, transaction
from django.db.models.signals import post_save

from articles.models import (
    Alias,
    Article,
    Event,
    Initiative,
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

FORMAT = "news-archive"
VERSION = 1
# Every record type, in the order written and read: each after those it refers to.
TYPES: dict[str, type[models.Model]] = {
    "place": Place,
    "organisation": Organisation,
    "person": Person,
    "role": Role,
    "initiative": Initiative,
    "publisher": Publisher,
    "article": Article,
    "event": Event,
    "alias": Alias,
    "mention": Mention,
    "fact": TradeFact,
    "quote": Quote,
    "tombstone": Tombstone,
}
SELF_PARENTED = {"place", "organisation"}  # written parents first
RECORD_MODELS = (Article, Publisher, Person, Organisation, Place, Initiative, Event)


class _Encoder(DjangoJSONEncoder):
    """Django's JSON, but times to the microsecond (it rounds them to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


class ArchiveFileError(Exception):
    """The file cannot be read into this database; nothing was written."""


# Writing --------------------------------------------------------------------------------------


def _row(instance) -> dict:
    row = {f.attname: f.value_from_object(instance) for f in instance._meta.concrete_fields}
    for m2m in instance._meta.many_to_many:
        row[m2m.name] = sorted(related.pk for related in getattr(instance, m2m.name).all())
    return row


def _parents_first(instances: list) -> list:
    """Records whose parent is among them, each after its parent."""
    by_pk = {item.pk: item for item in instances}
    placed, ordered = set(), []

    def place(item):
        if item.pk in placed:
            return
        placed.add(item.pk)  # before the parent: a cycle cannot loop forever
        if item.parent_id in by_pk:
            place(by_pk[item.parent_id])
        ordered.append(item)

    for item in instances:
        place(item)
    return ordered


def lines(*, history: bool = False) -> Iterator[dict]:
    """The archive, one JSON object per line: the header, then every record by type."""
    yield {"format": FORMAT, "version": VERSION, "history": history}
    for kind, model in TYPES.items():
        rows = model.objects.order_by("pk").prefetch_related(
            *(m2m.name for m2m in model._meta.many_to_many)
        )
        instances = list(rows) if kind in SELF_PARENTED else rows.iterator(chunk_size=500)
        if kind in SELF_PARENTED:
            instances = _parents_first(instances)
        for instance in instances:
            yield {"type": kind, **_row(instance)}
    if history:
        for kind, model in TYPES.items():
            if not hasattr(model, "history"):
                continue
            for entry in model.history.order_by("history_id").iterator(chunk_size=1000):
                row = {f.attname: f.value_from_object(entry) for f in entry._meta.concrete_fields}
                row["history_user_id"] = None  # user accounts are not part of the archive
                yield {"type": "history", "of": kind, **row}


def write(*, path: Path, history: bool = False) -> dict[str, int]:
    """Write the archive to path; returns how many records of each type."""
    counts: dict[str, int] = defaultdict(int)
    with path.open("w", encoding="utf-8") as out:
        for line in lines(history=history):
            counts[line.get("type", "header")] += 1
            out.write(json.dumps(line, cls=_Encoder, ensure_ascii=False) + "\n")
    counts.pop("header")
    return dict(counts)


# Reading --------------------------------------------------------------------------------------


def is_archive_file(path: Path) -> bool:
    """Whether a file starts with this format's header (a manifest is YAML, not this)."""
    if not path.is_file():
        return False
    with path.open("rb") as source:
        first = source.readline(4096)
    try:
        header = json.loads(first)
    except ValueError:
        return False
    return isinstance(header, dict) and header.get("format") == FORMAT


@dataclass
class _Batch:
    instances: list = field(default_factory=list)
    m2m: dict[str, list[tuple[int, list[int]]]] = field(default_factory=lambda: defaultdict(list))
    stamps: dict[str, dict] = field(default_factory=lambda: defaultdict(dict))  # auto_now_add


def _instance(model, row: dict, batch: _Batch, where: str):
    fields = {f.attname: f for f in model._meta.concrete_fields}
    values = {}
    for name, value in row.items():
        if name in fields:
            target = fields[name]
            try:
                values[name] = value if value is None else target.to_python(value)
            except (ValidationError, TypeError, ValueError) as error:
                raise ArchiveFileError(f"{where}: {name}: {error}") from None
            if getattr(target, "auto_now_add", False):
                batch.stamps[name][row["id"]] = values[name]
        elif name in {m2m.name for m2m in model._meta.many_to_many}:
            batch.m2m[name].append((row["id"], value))
        else:
            raise ArchiveFileError(f"{where}: unknown field {name!r} for {model.__name__}")
    return model(**values)


def _parsed(path: Path) -> Iterator[tuple[str, dict]]:
    with path.open(encoding="utf-8") as source:
        for number, text in enumerate(source, start=1):
            where = f"{path.name}, line {number}"
            try:
                data = json.loads(text)
            except ValueError as error:
                raise ArchiveFileError(f"{where}: not JSON ({error})") from None
            if not isinstance(data, dict):
                raise ArchiveFileError(f"{where}: not a JSON object")
            yield where, data


def read(*, path: Path) -> dict[str, int]:
    """Read an archive file into an empty database, in one transaction: the same records
    with the same ids, passages and offsets; each record gets a history entry ("imported
    from an archive file") unless the file carries the history itself."""
    parsed = _parsed(path)
    where, header = next(parsed, ("", {}))
    if header.get("format") != FORMAT:
        raise ArchiveFileError(f"{path.name}: not a {FORMAT} file")
    if header.get("version") != VERSION:
        raise ArchiveFileError(
            f"{path.name}: version {header.get('version')!r}; this archive reads version {VERSION}"
        )
    if any(model.objects.exists() for model in RECORD_MODELS):
        raise ArchiveFileError(
            "The archive is not empty: an archive file is read into an empty database "
            "(e.g. after `manage.py flush`)."
        )
    batches: dict[str, _Batch] = defaultdict(_Batch)
    history: dict[str, list] = defaultdict(list)
    with transaction.atomic():
        for where, row in parsed:
            kind = row.pop("type", None)
            if kind == "history":
                of = row.pop("of", None)
                if of not in TYPES or not hasattr(TYPES[of], "history"):
                    raise ArchiveFileError(f"{where}: history of unknown type {of!r}")
                history[of].append(_instance(TYPES[of].history.model, row, _Batch(), where))
            elif kind in TYPES:
                if "id" not in row:
                    raise ArchiveFileError(f"{where}: a {kind} without an id")
                batches[kind].instances.append(_instance(TYPES[kind], row, batches[kind], where))
            else:
                raise ArchiveFileError(f"{where}: unknown record type {kind!r}")
        try:
            counts = {kind: _save(kind, batches[kind], carried=kind in history) for kind in TYPES}
            for kind, entries in history.items():
                TYPES[kind].history.model.objects.bulk_create(entries, batch_size=500)
        except (DatabaseError, ValueError) as error:  # a constraint, a missing field...
            raise ArchiveFileError(
                f"{path.name}: the records do not fit together: {error}"
            ) from None
        _sequences_reset()
    return {kind: count for kind, count in counts.items() if count}


def _save(kind: str, batch: _Batch, *, carried: bool) -> int:
    model = TYPES[kind]
    if not batch.instances:
        return 0
    if hasattr(model, "history") and not carried:
        from simple_history.utils import bulk_create_with_history

        bulk_create_with_history(
            batch.instances,
            model,
            batch_size=500,
            default_change_reason="imported from an archive file",
        )
    else:
        model.objects.bulk_create(batch.instances, batch_size=500)
    for name, stamps in batch.stamps.items():  # auto_now_add set them to now: put them back
        for pk, value in stamps.items():
            model.objects.filter(pk=pk).update(**{name: value})
    for name, links in batch.m2m.items():
        relation = model._meta.get_field(name)
        through = relation.remote_field.through
        source = relation.m2m_field_name() + "_id"
        target = relation.m2m_reverse_field_name() + "_id"
        through.objects.bulk_create(
            [through(**{source: pk, target: other}) for pk, others in links for other in others],
            batch_size=1000,
        )
    if model is Article:  # the search index and vocabulary, as on any save of an article
        for article in batch.instances:
            article.skip_history_when_saving = True  # its history entry is written above
            post_save.send(sender=Article, instance=article, created=True, raw=False)
            del article.skip_history_when_saving
    return len(batch.instances)


def _sequences_reset() -> None:
    """After rows with given ids, PostgreSQL's sequences must start past them."""
    models_with_ids = [*TYPES.values()] + [
        model.history.model for model in TYPES.values() if hasattr(model, "history")
    ]
    models_with_ids += [
        m2m.remote_field.through for model in TYPES.values() for m2m in model._meta.many_to_many
    ]
    statements = connection.ops.sequence_reset_sql(no_style(), models_with_ids)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
