"""Candidate records proposed at import: the names a new article holds that no record has."""

from articles.models import Article, CandidatePassage, CandidateRecord
from articles.records_proposals import records_propose_from
from articles.text import fold


def candidates_propose(*, article: Article, known: frozenset[str]) -> int:
    """Propose the people, organisations and places the article names that the archive has no
    record for: each new name becomes a pending candidate with its passages; a name already
    pending gets this article's passages; a name rejected, approved or merged is left out.
    known: the names and aliases of the archive's records, folded (NameIndex.folded).
    Returns how many are new."""
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
