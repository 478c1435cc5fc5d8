"""Candidate records proposed at import: the names a new article holds that no record has."""

from articles.models import Article, CandidatePassage, CandidateRecord
from articles.records_proposals import headline_records_propose, records_propose_from
from articles.text import fold


def _found(article: Article) -> dict[str, tuple[str, str, list[tuple[bool, int, int]]]]:
    """Folded name -> (name, kind, every (in_headline, start, end) where the article has it);
    the body's reading of a name (its form and kind) before the headline's."""
    in_body = records_propose_from(article.body, article.language)
    in_headline = [
        proposal
        for headline in [text for is_headline, text in article.passage_texts if is_headline]
        for proposal in headline_records_propose(
            headline, article.language, body=article.body, in_body=in_body
        )
    ]
    found = {}
    for headline, proposals in ((False, in_body), (True, in_headline)):
        for p in proposals:
            entry = found.setdefault(fold(p.name), (p.name, p.kind, []))
            entry[2].extend((headline, start, end) for start, end in p.spans)
    return found


def candidates_propose(*, article: Article, known: frozenset[str]) -> int:
    """Propose the people, organisations and places the article names (in its headline, unless
    supplied, or body) that the archive has no record for: each new name becomes a pending
    candidate with its passages; a name already pending gets this article's passages; a name
    rejected, approved or merged is left out. known: the names and aliases of the archive's
    records, folded (NameIndex.folded). Returns how many are new."""
    linked = set(article.mentions.values_list("in_headline", "start", "end"))

    def named(headline: bool, start: int, end: int) -> bool:
        return any(h == headline and s < end and start < e for h, s, e in linked)

    proposals = {
        key[:200]: (name, kind, spans)
        for key, (name, kind, spans) in _found(article).items()
        if key not in known and not all(named(*span) for span in spans)
    }
    if not proposals:
        return 0
    existing = CandidateRecord.objects.in_bulk(list(proposals), field_name="key")
    new = [
        CandidateRecord(name=name[:200], key=key, kind=kind, language=article.language)
        for key, (name, kind, _) in proposals.items()
        if key not in existing
    ]
    CandidateRecord.objects.bulk_create(new)
    candidates = CandidateRecord.objects.in_bulk(list(proposals), field_name="key")
    passages = [
        CandidatePassage(
            candidate=candidates[key],
            article=article,
            in_headline=headline,
            start=start,
            end=end,
            surface=article.text_of(headline)[start:end][:200],
        )
        for key, (_, _, spans) in proposals.items()
        if candidates[key].status == CandidateRecord.Status.PENDING
        for headline, start, end in spans
    ]
    CandidatePassage.objects.bulk_create(passages, ignore_conflicts=True)
    return len(new)
