"""The candidate-record review queue: propose at import; approve, reject or merge in the admin."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from articles.candidate_models import CandidatePassage, CandidateRecord
from articles.models import Alias, Article, Organisation, Person, Place
from articles.name_words import place_kind
from articles.records_proposals import records_propose_from
from articles.text import fold

MODELS = {"person": Person, "organisation": Organisation, "place": Place}


class CandidateReviewError(ValueError):
    pass


def candidates_propose(*, article: Article, known_names) -> int:
    """Propose the people, organisations and places the article names that the archive has no
    record for: each new name becomes a pending candidate with its passages; a name already
    pending gets this article's passages; a name rejected, approved or merged is left out.
    known_names: the names and aliases of the archive's records. Returns how many are new."""
    known = {fold(name) for name in known_names}
    linked = list(article.mentions.values_list("start", "end"))
    proposals = [
        proposal
        for proposal in records_propose_from(article.body, article.language)
        if fold(proposal.name) not in known
        and not all(any(s < e2 and s2 < e for s2, e2 in linked) for s, e in proposal.spans)
    ]
    if not proposals:
        return 0
    existing = CandidateRecord.objects.in_bulk(
        [fold(p.name)[:200] for p in proposals], field_name="key"
    )
    new = [
        CandidateRecord(
            name=p.name[:200], key=fold(p.name)[:200], kind=p.kind, language=article.language
        )
        for p in proposals
        if fold(p.name)[:200] not in existing
    ]
    CandidateRecord.objects.bulk_create(new)
    candidates = CandidateRecord.objects.in_bulk(
        [fold(p.name)[:200] for p in proposals], field_name="key"
    )
    passages = [
        CandidatePassage(
            candidate=candidates[fold(p.name)[:200]],
            article=article,
            start=start,
            end=end,
            surface=article.body[start:end][:200],
        )
        for p in proposals
        if candidates[fold(p.name)[:200]].status == CandidateRecord.Status.PENDING
        for start, end in p.spans
    ]
    CandidatePassage.objects.bulk_create(passages, ignore_conflicts=True)
    return len(new)


def _slug(model, name: str) -> str:
    base = slugify(name)[:190] or "record"
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _mentions_link_everywhere(candidate: CandidateRecord, record, names: list[str]) -> int:
    """Link the record's names in every article that holds them; returns how many mentions."""
    try:  # the import pipeline's home once articles/services.py is split (issue 13)
        from articles.importing.mentions import NameIndex, mentions_link
    except ImportError:
        from articles.services import NameIndex, mentions_link

    field = candidate.kind
    index = NameIndex([(name, False, (field, record.pk)) for name in names])
    words = [max(name.split(), key=len) for name in names]
    condition = Q(pk__in=candidate.passages.values("article_id"))
    for word in words:
        condition |= Q(body__icontains=word)
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
            if candidate.language == "fr":
                fields["name_fr"] = candidate.name
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
