"""Records from the curated annotations (people, places, organisations...), and lookups by slug."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db.models.signals import post_save
from django.utils.text import slugify

from articles.importing.manifests import ArchiveImportError, ArticleSpec, date_parse
from articles.models import (
    ENTITY_MODELS,
    Alias,
    Article,
    Basis,
    DatePrecision,
    Event,
    Initiative,
    Organisation,
    Person,
    Place,
    Publisher,
    Role,
    Tombstone,
)


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


class References:
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
    refs, created = References(), 0
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


def _entity_build(model, record: dict, refs: References, where: str):
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


def _entity_save_with_links(instance, record: dict, refs: References, where: str) -> None:
    """Save a new record and its links, with one history entry that holds them all (rather
    than one more for each set of links)."""
    instance.skip_history_when_saving = True
    instance.save()
    _entity_relations_set(instance, record, refs, where)
    del instance.skip_history_when_saving
    instance._change_reason = "import"
    post_save.send(sender=type(instance), instance=instance, created=True, raw=False)


def _entity_relations_set(instance, record: dict, refs: References, where: str) -> None:
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


def events_articles_link(annotations: dict, imported: list[str]) -> None:
    """Link the events to the newly imported articles that report them."""
    for record in annotations.get("events") or []:
        event = Event.objects.filter(slug=record.get("slug")).first()
        slugs = set(record.get("articles") or []) & set(imported)
        if event and slugs:
            event.articles.add(*Article.objects.filter(slug__in=slugs))


def publisher_get(spec: ArticleSpec) -> Publisher:
    """The publisher an article names, created the first time it is named."""
    publisher, _ = Publisher.objects.get_or_create(
        slug=slugify(spec.publisher)[:200],
        defaults={"name": spec.publisher, "website": spec.publisher_website},
    )
    return publisher
