"""Candidate trade facts: the amounts, counts and percentages of an article's sentences.

A new article's figures are proposed to editors, who approve, correct or reject them in the
admin (status "candidate"). This module only reads text; `articles.importing` writes
(candidates_build).
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from articles.numbers import WORDS, FigureError, parse_figure

NUMBER = r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
SCALE = r"thousand|millions?|milliards?|billions?|trillion|bn"
SPELLED = "|".join(
    sorted({w for words in WORDS.values() for w, v in words.items() if 2 <= v <= 100}, key=len)[
        ::-1
    ]
)
# "$5.8-billion (U.S.)", "US$1 million", "C$200", "89,2 millions de dollars", "89,2 millions $"
MONEY = re.compile(
    rf"(?P<currency>US\$|C\$|CA\$|CAD\s?|USD\s?|\$)\s?(?P<number>{NUMBER})"
    rf"(?:\s?-?\s?(?P<scale>{SCALE}))?(?P<us>\s\(U\.S\.\))?"
    rf"|(?P<number_fr>{NUMBER})(?:\s(?P<scale_fr>{SCALE}))?\s?(?:de\s+dollars|\$)",
    re.I,
)
PERCENT = re.compile(rf"(?P<number>{NUMBER})\s?(?:%|per\s?cent\b|percent\b|pour\s?cent\b)", re.I)
# "20,000 lobsters", "200,000 Canadian lobsters", "half a million jobs", "Vingt-deux organisations"
COUNT = re.compile(
    rf"(?P<figure>(?:(?P<number>{NUMBER})|(?:half\s+a|one|a|un|une)\s+(?={SCALE})"
    rf"|\b(?:{SPELLED})(?:-(?:{SPELLED}))?\b)(?:\s?-?\s?(?:{SCALE})\b)?)"
    r"(?=(?P<words>(?:[\s-]+[^\W\d_][\w’'-]*){1,3}))",
    re.I,
)
QUALIFIERS = (
    ("more_than", r"(?:more than|over|upwards of|plus de|au-delà de)\s+$"),
    ("about", r"(?:about|around|nearly|almost|roughly|some|environ|près de|quelque)\s+$"),
    ("up_to", r"(?:up to|jusqu’à|jusqu'à)\s+$"),
)
KINDS = (
    ("sales", r"\bsold\b|\bsales?\b|\bvend(?:u|re|ent)\b|\bventes?\b"),
    ("exports", r"\bexport"),
    ("jobs", r"\bjobs\b|\bemplois\b"),
    ("consumers", r"\bconsumers\b|\bshoppers\b|\bconsommateurs\b"),
    ("capital_raised", r"\braised\b|\bIPO\b"),
)
MONTHS = (
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|janvier|février|mars|avril|mai|juin"
    r"|juillet|août|septembre|octobre|novembre|décembre"
)
NOT_A_UNIT = re.compile(
    rf"^(?:{MONTHS}|of|and|or|to|in|on|at|the|a|an|de|des|du|la|le|les|et|à|en|per|cent|p\.m"
    r"|a\.m|h|am|pm|is|are|was|were|has|have|had|will|would|they|he|she|it|we|you|i|sont|est"
    r"|ont)\.?$",
    re.I,
)
# Words between a number and its unit: "four new offices", "two other milestones".
ADJECTIVES = {"other", "new", "more", "additional", "canadian", "chinese", "autres", "nouveaux"}
AFTER_MONTH = re.compile(rf"\b(?:{MONTHS})\.?\s+$", re.I)
SENTENCE_END = re.compile(r"(?<=[.!?»”\"])\s+(?=[«“\"'A-ZÀ-Ý])|\n+")
ABBREVIATION = re.compile(
    rf"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Mme|Mmes|Inc|Ltd|Co|Corp|Jr|Sr|No|{MONTHS})|\b[A-Z]|\.[A-Z])\.$",
    re.I,
)


@dataclass(frozen=True)
class Proposal:
    """A figure found in a sentence: [start, end) is the sentence, the passage to cite."""

    start: int
    end: int
    figure_start: int
    figure_end: int
    figure: str
    value: Decimal
    unit: str
    qualifier: str
    kind: str


def sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence, without surrounding whitespace."""
    spans, position = [], 0
    boundaries = [
        b
        for b in SENTENCE_END.finditer(text)
        if "\n" in b[0] or not ABBREVIATION.search(text[max(0, b.start() - 12) : b.start()])
    ]
    for boundary in [*boundaries, None]:
        end = boundary.start() if boundary else len(text)
        chunk = text[position:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((position + lead, position + len(chunk.rstrip())))
        position = boundary.end() if boundary else len(text)
    return spans


def _is_year(match: re.Match) -> bool:
    number = match.group("number") or ""
    return bool(re.fullmatch(r"(?:1[89]|20)\d\d", number))


def _figures(sentence: str):
    """(start, end, unit) of each figure in a sentence; where matches overlap, money first,
    then percentages, then counts."""
    taken: list[tuple[int, int]] = []

    def free(start, end):
        return all(end <= a or start >= b for a, b in taken)

    for match in MONEY.finditer(sentence):
        currency = (match.group("currency") or "").strip().upper()
        unit = "CAD" if currency.startswith("C") else "USD" if currency else "CAD"
        if match.group("us"):
            unit = "USD"
        taken.append(match.span())
        yield match.start(), match.end(), unit
    for match in PERCENT.finditer(sentence):
        if free(*match.span()):
            taken.append(match.span())
            yield match.start(), match.end(), "percent"
    for match in COUNT.finditer(sentence):
        if not free(*match.span("figure")) or _is_year(match):
            continue
        if AFTER_MONTH.search(sentence[: match.start()]):
            continue  # a date: "Nov. 11"
        offset = match.start("words")
        words = list(re.finditer(r"[^\W\d_][\w’'-]*", match.group("words")))
        while len(words) > 1 and words[0][0].casefold() in ADJECTIVES:
            words.pop(0)  # "200,000 Canadian lobsters"
        word = words[0]
        unit = word[0].strip("’'-").casefold()
        if NOT_A_UNIT.match(unit) or not re.fullmatch(r"[^\W\d_][\w-]*", unit):
            if re.search(SCALE, match.group("figure"), re.I):  # "more than 500 million are"
                taken.append(match.span("figure"))
                yield *match.span("figure"), ""
            continue
        taken.append((match.start(), offset + word.end()))
        yield match.start(), offset + word.end(), unit


def facts_propose_from(body: str, language: str) -> list[Proposal]:
    """Every figure of the body that reads as a number, with its sentence as the passage."""
    proposals = []
    for start, end in sentences(body):
        sentence = body[start:end]
        for figure_start, figure_end, unit in _figures(sentence):
            figure = sentence[figure_start:figure_end]
            try:
                value = parse_figure(figure, language)
            except FigureError:
                continue
            before = sentence[:figure_start]
            qualifier = next(
                (name for name, pattern in QUALIFIERS if re.search(pattern, before, re.I)),
                "exact",
            )
            kind = next(
                (name for name, pattern in KINDS if re.search(pattern, sentence, re.I)), "other"
            )
            proposals.append(
                Proposal(
                    start=start,
                    end=end,
                    figure_start=start + figure_start,
                    figure_end=start + figure_end,
                    figure=figure,
                    value=value,
                    unit=unit,
                    qualifier=qualifier,
                    kind=kind,
                )
            )
    return proposals


@dataclass
class Score:
    proposed: int = 0
    curated: int = 0
    found: int = 0  # proposals that are curated facts (same value, inside the curated passage)
    curated_found: int = 0

    @property
    def precision(self) -> float:
        return self.found / self.proposed if self.proposed else 0.0

    @property
    def recall(self) -> float:
        return self.curated_found / self.curated if self.curated else 0.0

    def add(self, other: "Score") -> None:
        for name in ("proposed", "curated", "found", "curated_found"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def proposals_score(body: str, language: str, curated: list[tuple[int, int, Decimal]]) -> Score:
    """How the proposals for a text compare with its curated facts, given as (start, end,
    value): a proposal is right when its figure lies in a curated passage with that value."""
    proposals = facts_propose_from(body, language)

    def same(proposal, fact):
        start, end, value = fact
        return (
            start <= proposal.figure_start
            and proposal.figure_end <= end
            and proposal.value == value
        )

    return Score(
        proposed=len(proposals),
        curated=len(curated),
        found=sum(any(same(p, fact) for fact in curated) for p in proposals),
        curated_found=sum(any(same(p, fact) for p in proposals) for fact in curated),
    )
