"""Editors' writes across records: merging duplicates, remembering deletions, reviewing facts."""

from dataclasses import dataclass, field

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from articles.importing.mentions import mention_key, record_key
from articles.models import Alias, Mention, Tombstone, TradeFact
from articles.text import fold


def tombstones_record(
    *, records: list, reason: str = Tombstone.Reason.DELETED, merged_into: str = "", by: str = ""
) -> None:
    """Remember records an editor deletes or merges away, so that imports leave them out.
    Records: articles, people, organisations, places, initiatives, events or mentions."""
    for record in records:
        kind = record._meta.model_name
        if isinstance(record, Mention):
            key = mention_key(record.article, record_key(record), record.surface)
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
    """The record kept, the names merged into it and how many related rows moved, by kind."""

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


def facts_review(*, facts, status: str, verb: str, user=None) -> list[TradeFact]:
    """Set the review status of trade facts (approved, rejected...), each change in their
    history as "<verb> in the review queue" by `user`; returns the facts."""
    facts = list(facts)
    for fact in facts:
        fact.status = status
    bulk_update_with_history(
        facts,
        TradeFact,
        ["status"],
        default_user=user,
        default_change_reason=f"{verb} in the review queue",
    )
    return facts
