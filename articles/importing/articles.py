"""New articles: created in bulk with their history, mentions, search rows, annotations and
candidate facts and records."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from simple_history.utils import bulk_create_with_history

from articles.cleaning import clean_text
from articles.importing.candidates import candidates_propose
from articles.importing.manifests import ArchiveImportError, ArticleSpec
from articles.importing.mentions import NameIndex, mentions_new, mentions_refused
from articles.importing.records import References, publisher_get
from articles.importing.reimport import source_values
from articles.models import Article, Mention, Place, Publisher, Quote, TradeFact
from articles.numbers import FigureError, parse_figure
from articles.proposals import facts_propose_from
from articles.search import articles_index, vocabulary_add_many
from articles.text import PassageNotFound, figure_in_passage, locate_passage


@dataclass
class Created:
    """What articles_create() wrote."""

    articles: list[Article] = field(default_factory=list)
    mentions: int = 0
    facts: int = 0
    quotes: int = 0
    candidates: int = 0


def articles_create(
    *,
    specs: list[ArticleSpec],
    index: NameIndex,
    annotations: dict,
    source: Path | None,
    propose_facts: bool,
) -> Created:
    """Create new articles (their slugs and texts not yet in the archive) in a few statements:
    the records with their history ("import"), their mentions (less those an editor deleted),
    search rows and vocabulary; then each one's curated facts and quotes from `annotations`
    (by slug), or, when `propose_facts`, candidate facts from its figures and candidate
    records from the names no record has. The caller holds the transaction."""
    created = Created()
    if not specs:
        return created
    places = Place.objects.in_bulk({s.dateline for s in specs if s.dateline}, field_name="slug")
    first_of = {spec.publisher: spec for spec in reversed(specs)}  # one lookup each
    publishers = {name: publisher_get(spec) for name, spec in first_of.items()}
    articles = [
        article_build(
            spec, publisher=publishers[spec.publisher], dateline=places.get(spec.dateline)
        )
        for spec in specs
    ]
    articles = bulk_create_with_history(articles, Article, default_change_reason="import")
    refused = mentions_refused([article.slug for article in articles])
    mentions = [
        mention
        for article in articles
        for mention in mentions_new(article=article, index=index, refused=refused)
    ]
    Mention.objects.bulk_create(mentions)
    articles_index(articles)
    vocabulary_add_many((f"{a.headline}\n{a.body}", a.language) for a in articles)
    candidates = []
    for article in articles:
        if annotations.get(article.slug):
            facts, quotes = annotations_apply(
                article=article, data=annotations[article.slug], source=source
            )
            created.facts += facts
            created.quotes += quotes
        elif propose_facts:
            candidates.extend(candidates_build(article))
            candidates_propose(article=article, known=index.folded)
    bulk_create_with_history(candidates, TradeFact, default_change_reason="proposed by import")
    created.articles, created.mentions = articles, len(mentions)
    created.candidates = len(candidates)
    return created


def article_build(spec: ArticleSpec, *, publisher: Publisher, dateline: Place | None) -> Article:
    """An unsaved article from its spec, its body cleaned from the raw text."""
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
    refs = References()
    facts = []
    for number, fact in enumerate(data.get("facts") or [], start=1):
        where = f"{source}: {article.slug} fact {number} ({fact.get('figure', '?')!r})"
        try:
            start, end = _span(article, fact["passage"], fact.get("occurrence"), where)
            passage = article.body[start:end]
            figure = str(fact["figure"])
            if not figure_in_passage(figure, passage):
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


def candidates_build(article: Article, *, cited=()) -> list[TradeFact]:
    """The figures of an article's headline (unless supplied) and body, as unsaved candidate
    trade facts for editors to review; figures inside a passage of the body already `cited`
    ((start, end) of its facts) are left out."""
    return [
        TradeFact(
            article=article,
            in_headline=in_headline,
            start=proposal.start,
            end=proposal.end,
            passage=text[proposal.start : proposal.end],
            figure=proposal.figure[:200],
            kind=proposal.kind,
            value=proposal.value,
            unit=proposal.unit,
            qualifier=proposal.qualifier,
            status=TradeFact.Status.CANDIDATE,
        )
        for in_headline, text in article.passage_texts
        for proposal in facts_propose_from(text, article.language)
        if abs(proposal.value) < 10**17
        and (
            in_headline
            or not any(s <= proposal.figure_start and proposal.figure_end <= e for s, e in cited)
        )
    ]
