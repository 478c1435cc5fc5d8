"""The candidate-record review queue: editors approve, reject or merge what imports propose."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from articles.importing.mentions import NameIndex, mentions_link
from articles.models import (
    Alias,
    Article,
    CandidateRecord,
    Organisation,
    Person,
    Place,
)
from articles.name_words import place_kind
from articles.text import fold

MODELS = {"person": Person, "organisation": Organisation, "place": Place}


class CandidateReviewError(ValueError):
    pass


def _slug(model, name: str) -> str:
    base = slugify(name)[:190] or "record"
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _mentions_link_everywhere(candidate: CandidateRecord, record, names: list[str]) -> int:
    """Link the record's names in every article that holds them; returns how many mentions."""
    field = candidate.kind
    index = NameIndex([(name, False, (field, record.pk)) for name in names])
    words = [max(name.split(), key=len) for name in names]
    condition = Q(pk__in=candidate.passages.values("article_id"))
    for word in words:
        condition |= Q(body__icontains=word) | Q(headline__icontains=word)
    return sum(
        mentions_link(article=article, index=index)
        for article in Article.objects.filter(condition).distinct().order_by("pk")
    )


@dataclass
class ReviewResult:
    candidate: CandidateRecord
    record: object
    mentions: int


def _pending(candidate: CandidateRecord) -> None:
    if candidate.status != CandidateRecord.Status.PENDING:
        raise CandidateReviewError(
            f"{candidate.name} was already reviewed ({candidate.get_status_display().lower()})"
        )


def _reviewed(candidate: CandidateRecord, status: str, by: str, record=None) -> None:
    candidate.status = status
    candidate.reviewed_by = by
    candidate.reviewed_at = timezone.now()
    if record is not None:
        setattr(candidate, candidate.kind, record)
    candidate.save()


def candidate_approve(*, candidate: CandidateRecord, by: str = "") -> ReviewResult:
    """Create the record the candidate names and link its mentions across the archive."""
    _pending(candidate)
    model = MODELS[candidate.kind]
    with transaction.atomic():
        fields = {"name": candidate.name, "slug": _slug(model, candidate.name)}
        if model is Organisation:
            fields["kind"] = Organisation.Kind.OTHER
        elif model is Place:
            fields["kind"] = place_kind(candidate.name)
        if candidate.language == "fr" and hasattr(model, "name_fr"):
            fields["name_fr"] = candidate.name  # named in French: its French name too
        record = model(**fields)
        record._change_reason = "approved candidate"
        record.save()
        _reviewed(candidate, CandidateRecord.Status.APPROVED, by, record)
        mentions = _mentions_link_everywhere(candidate, record, [candidate.name])
    return ReviewResult(candidate, record, mentions)


def candidate_merge(*, candidate: CandidateRecord, record, by: str = "") -> ReviewResult:
    """Add the candidate's name to an existing record of its kind as an alias and link it."""
    _pending(candidate)
    if not isinstance(record, MODELS[candidate.kind]):
        raise CandidateReviewError(
            f"{candidate.name} is a candidate {candidate.kind}; choose a {candidate.kind}"
        )
    with transaction.atomic():
        if fold(candidate.name) not in {fold(name) for name in record.names} | {
            fold(alias.name) for alias in record.aliases.all()
        }:
            alias = Alias(name=candidate.name, language=candidate.language)
            setattr(alias, candidate.kind, record)
            alias._change_reason = "merged candidate"
            alias.save()
        _reviewed(candidate, CandidateRecord.Status.MERGED, by, record)
        mentions = _mentions_link_everywhere(candidate, record, [candidate.name])
    return ReviewResult(candidate, record, mentions)


def candidate_reject(*, candidate: CandidateRecord, by: str = "") -> None:
    """Remember the name as rejected: imports do not propose it again."""
    _pending(candidate)
    _reviewed(candidate, CandidateRecord.Status.REJECTED, by)
