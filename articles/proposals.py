"""Candidate trade facts: the amounts, counts, rankings and percentages of an article's sentences.

A new article's figures are proposed to editors, who approve, correct or reject them in the
admin (status "candidate"). This module only reads text; `articles.importing` writes
(candidates_build). What it reads, and what it leaves out, is listed in the README
("Candidate facts").
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from articles import figure_words as lexicon
from articles.numbers import (
    APPROXIMATE,
    ORDINALS,
    SCALES,
    WORDS,
    FigureError,
    integral_or_decimal,
    parse_figure,
    parse_number,
)

NUMBER = (
    r"(?<![\w.,/])(?:\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?!\w|[.,]\d)"
)
SCALE = r"thousand|millions?|milliards?|billions?|trillions?|bn|mille"
CARDINALS = sorted(
    {w for words in WORDS.values() for w, v in words.items() if 2 <= v <= 100} - ORDINALS,
    key=len,
    reverse=True,
)
SPELLED = rf"\b(?:{'|'.join(CARDINALS)})(?:[-\s]+(?:et[-\s]+)?(?:{'|'.join(CARDINALS)}))*\b"
APPROX = rf"(?:\b(?:une?|a)\s+)?\b(?:{'|'.join(APPROXIMATE)}|dozen)\b"
AMOUNT = (
    rf"(?:{NUMBER}|{APPROX}|{SPELLED}"
    rf"|\b(?:half\s+an?|an?|one|un|une)(?=\s+(?:demi-)?(?:{SCALE})\b))"
    rf"(?:\s?-?\s?(?:demi-)?(?:{SCALE})(?!\w))?"
)
MONEY = re.compile(
    r"(?P<sign>US\$|U\.S\.\s?\$|CA?\$|Cdn\$|AU?\$|S\$|HK\$|NZ\$|(?:RMB|CNY|USD|CAD|EUR|GBP|JPY)\s?"
    rf"|[€£¥$])\s?(?P<amount>{AMOUNT}(?:\s?(?:[MBK]|bn|mln)(?!\w))?)"
    rf"|(?P<amount_after>{AMOUNT})\s?(?:de\s+|d['’])?(?P<word>(?:[GMk]\s?)?\$|dollars?|yuans?"
    r"|renminbi|yens?|euros?|€|livres sterling|pounds sterling|£|rupees|roupies|pesos)(?!\w)",
    re.I,
)
PERCENT = re.compile(
    rf"(?P<amount>{AMOUNT})\s?(?P<sign>%|per\s?cent\b|percent\b|pour\s?cent\b"
    r"|percentage points?\b|points? de pourcentage\b|points?\b(?=[\s,.;)]))",
    re.I,
)
ORDINAL = "|".join(sorted(ORDINALS, key=len, reverse=True))
RANK = re.compile(
    rf"\b(?P<ordinal>{ORDINAL}|\d+(?:st|nd|rd|th|e|ème))(?:[-\s](?:largest|biggest|most important)"
    r"|\s+(?:(?:largest|biggest|plus grand|plus important)\s+)?(?:trading\s+|commercial\s+)?"
    r"(?:partner|partenaire|market|marché|economy|économie|exporter|exportateur|importer"
    r"|importateur)s?)\b",
    re.I,
)
COUNT = re.compile(rf"(?P<amount>{AMOUNT})", re.I)
WORD = re.compile(r"[^\W\d_](?:[\w’'-]*\w|(?:\.[^\W\d_])+\.?)?\.?|\$")
QUALIFIERS = (
    (
        "more_than",
        r"(?:more than|over|upwards of|above|in excess of|exceed(?:s|ed|ing)?|surpass\w*"
        r"|plus de|au-delà de|dépass\w*|supérieure? à)\s+$",
    ),
    (
        "about",
        r"(?:about|around|nearly|almost|roughly|some|approximately|(?:an )?estimated|close to"
        r"|environ|près de|presque|quelque|approximativement|autour de)\s+$",
    ),
    ("up_to", r"(?:up to|as many as|as much as|a maximum of|at most|jusqu[’']à|au plus)\s+$"),
    (
        "target",
        r"(?:(?:aims?|wants?|plans?|hopes?|expects?) to (?:sell|reach|serve|hit|achieve)"
        r"|target of|goal of|objectif de"
        r"|vise(?:nt)?|veut \w+|to reach|d[’']atteindre)\s+$",
    ),
)
AFTER_MONTH = re.compile(rf"\b(?:{lexicon.MONTHS})\.?\s+$", re.I)
MONTH = re.compile(rf"(?:{lexicon.MONTHS})\.?$", re.I)
DEFINITE = re.compile(r"\b(?:the|these|those|both|all|les|ces|des|nos|leurs)\s+$", re.I)
SENTENCE_END = re.compile(r"(?<=[.!?»”\"])\s+(?=[«“\"'A-ZÀ-Ý])|\n+")
ABBREVIATION = re.compile(
    rf"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Ave|Mme|Mmes|Inc|Ltd|Co|Corp|Jr|Sr|No|Va|{lexicon.MONTHS})"
    r"|\b[A-Z]|\.[A-Z])\.$",
    re.I,
)
CLAUSE_BREAK = re.compile(r"[,;:()—–]")  # a cue beyond one is a weaker one
HYPHEN_UNIT = re.compile(
    r"-(?P<unit>square-metre|square-foot|year|month|week|day|hour|minute|hectare|tonne|kilometre)"
    r"(?P<old>-old)?(?!\w)",
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


def _amount(match: re.Match, group: str, language: str) -> Decimal:
    """The value of an AMOUNT matched as `group`: digits times their scale, or words."""
    text = match.group(group)
    digits = re.match(NUMBER, text)
    if not digits:
        return parse_figure(text, language)
    value = parse_number(digits.group(), language)
    scale = re.search(rf"(?:{SCALE}|[MBK]|bn|mln)$", text, re.I)
    if scale:
        word = scale.group().casefold()
        value *= {"b": 10**9, "mln": 10**6}.get(word) or SCALES[word]
    return integral_or_decimal(value)


def _unit_after(rest: str, language: str) -> tuple[str, int] | None:
    """The unit of a count from the words after it, and where it ends: the first noun, past
    adjectives and capitalised words ("200,000 fresh lobsters", "25 B.C. businesses"). None for
    a date, an address or a number with no noun ("3 September", "123 Main St.")."""
    hyphen = HYPHEN_UNIT.match(rest)
    if hyphen:
        unit = hyphen.group("unit").casefold()
        return lexicon.UNITS.get(unit, unit + "s"), hyphen.end()
    lead = re.match(r"\s*(?:de\s+|d['’]\s*)", rest) if language == "fr" else None
    position = lead.end() if lead else 0  # "400 millions de consommateurs"
    words = list(WORD.finditer(rest[: position + 80], position))
    skipped, demonym = 0, 0
    for index, word in enumerate(words):
        if rest[position : word.start()].strip(" \u00a0\u202f-'’"):
            break  # punctuation between: the noun phrase has ended
        text = word.group()
        bare = text.rstrip(".") if text.count(".") <= 1 else text
        lower = bare.casefold().replace("’", "'")
        if index == 0 and MONTH.fullmatch(bare):
            return None  # a date: "3 September", "12 octobre"
        after = words[index + 1].group().rstrip(".") if index + 1 < len(words) else ""
        pair = f"{lower} {after.casefold().replace('’', chr(39))}"
        if lexicon.UNITS.get(pair):
            return lexicon.UNITS[pair], words[index + 1].end()
        if lexicon.UNITS.get(lower):
            return lexicon.UNITS[lower], word.start() + len(bare)
        if lower in lexicon.DEMONYMS:
            demonym = word.start() + len(bare)
        noun_like = (
            len(lower) > 3
            and lower.endswith(("s", "x"))
            and lower not in lexicon.NOT_UNITS
            and re.fullmatch(r"[^\W\d_][^\W\d_-]*(?:-[^\W\d_]+)*", lower)
        )
        if noun_like and not bare[0].isupper():
            return lower, word.start() + len(bare)
        capitalised = bare[0].isupper() and not (bare.isupper() and "." not in bare)
        modifier = lower.isalpha() and lower not in lexicon.FUNCTION_WORDS and index < 3
        if lower in lexicon.ADJECTIVES or lower in lexicon.UNITS or capitalised or modifier:
            skipped += 1
            position = word.start() + len(text)
            if skipped <= 3 and not (text.endswith(".") and text.count(".") == 1):
                continue
        break
    return ("people", demonym) if demonym else None


def _implied_unit(sentence: str, start: int, end: int) -> tuple[str, int] | None:
    """The unit of a number that has no noun after it but says what it counts by its verb:
    "employs 30,000 to serve", "more than 500 million are shopping online" (people)."""
    if re.search(
        r"\b(?:employ(?:s|ed|ing)?|emploie|hire[sd]?)\s+(?:\w+\s+){0,3}$", sentence[:start]
    ):
        return "employees", 0
    scaled = re.search(rf"(?:{SCALE})$", sentence[start:end], re.I)
    verb = r"\s+(?:are|were|have|had|will|live|use|shop|sont|ont|vivent|utilisent)\b"
    if scaled and re.match(verb, sentence[end:], re.I):
        return "people", 0
    return None


def _qualifier(before: str, figure: str, unit: str) -> str:
    if re.match(rf"(?:une?\s+|a\s+)?(?:{'|'.join(APPROXIMATE)})", figure, re.I):
        return "about"
    for name, pattern in QUALIFIERS:
        if re.search(pattern, before, re.I):
            if name == "more_than" and unit in lexicon.TIME_UNITS and before.endswith("over "):
                return "exact"  # "over five years" is a period, not "more than"
            return name
    return "exact"


def _kind(sentence: str, start: int, end: int, unit: str) -> str:
    """What a figure measures: by its unit where that says it, else by the nearest cue."""
    near = sentence[max(0, start - 50) : end + 40]
    if unit == "rank":
        return "rank"
    if unit in lexicon.TIME_UNITS:
        return "age" if re.search(r"-old\b|\baged?\b|âgée?s?\b", near) else "duration"
    of_workforce = re.match(r"\s+of (?:its|the|their) workforce", sentence[end:])
    employing = unit in {"people", "workers", "employees", "staff"} or of_workforce
    if employing and lexicon.EMPLOYING.search(near):
        return "employees"
    if unit == "jobs" or (unit in {"workers", "employees"} and lexicon.HIRING.search(near)):
        return "jobs"
    if unit == "employees":
        return "employees"
    if unit in lexicon.UNIT_KINDS:
        return lexicon.UNIT_KINDS[unit]
    best = None
    for order, (kind, pattern) in enumerate(lexicon.KIND_CUES):
        for cue in re.finditer(rf"\b(?:{pattern})\b", sentence, re.I):
            if cue.start() < end and cue.end() > start:
                continue
            between = (
                sentence[cue.end() : start] if cue.end() <= start else sentence[end : cue.start()]
            )
            distance = len(between) + (1000 if CLAUSE_BREAK.search(between) else 0)
            if kind == "tariff" and unit != "percent" and distance > 20:
                continue
            if best is None or (distance, order) < best[:2]:
                best = (distance, order, kind)
    return best[2] if best and (best[0] < 1000 or best[0] - 1000 <= 60) else "other"


def _figures(sentence: str, body: str, language: str):
    """(start, end, value, unit) of each figure in a sentence; where matches overlap, money
    first, then percentages, rankings and counts."""
    covered = bytearray(len(sentence))

    def take(start, end) -> bool:
        if covered.find(1, start, end) != -1:
            return False
        covered[start:end] = b"\x01" * (end - start)
        return True

    for match in MONEY.finditer(sentence):
        group = "amount" if match.group("amount") else "amount_after"
        named = lexicon.DOLLAR_NAMED.match(sentence, match.end())
        end = named.end() if named else match.end()
        try:
            value = _amount(match, group, language)
        except FigureError:
            continue
        sign = (match.group("sign") or match.group("word") or "").strip().casefold()
        if sign.startswith(("g", "m", "k")) and sign.endswith("$"):
            value *= {"g": 10**9, "m": 10**6, "k": 10**3}[sign[0]]
            sign = "$"
        currency = lexicon.CURRENCY_SIGNS.get(sign.replace(" ", "")) or lexicon.CURRENCY_WORDS.get(
            sign, "$"
        )
        if currency == "$":
            if named:
                currency = "CAD" if re.search(r"cdn|canad", named.group(), re.I) else "USD"
            else:
                currency = lexicon.dollar_of(body, language)
        if take(match.start(), end):
            yield match.start(), end, value, currency
    for match in PERCENT.finditer(sentence):
        sign = match.group("sign").casefold()
        if sign.startswith("point") and language != "fr":
            continue
        unit = "percentage points" if "point" in sign else "percent"
        try:
            value = _amount(match, "amount", language)
        except FigureError:
            continue
        if take(*match.span()):
            yield *match.span(), value, unit
    for match in RANK.finditer(sentence):
        ordinal = match.group("ordinal").casefold()
        digits = re.match(r"\d+", ordinal)
        value = Decimal(digits.group()) if digits else parse_figure(ordinal, language)
        if take(match.start(), match.end("ordinal") + (len(match.group()) - len(ordinal))):
            yield match.start(), match.end(), value, "rank"
    for match in COUNT.finditer(sentence):
        start, end = match.span()
        figure = match.group()
        if covered.find(1, start, end) != -1:
            continue
        if re.fullmatch(r"(?:1[89]|20)\d\d", figure) or AFTER_MONTH.search(sentence[:start]):
            continue  # a year, or a date: "Nov. 11"
        if not re.match(NUMBER, figure) and DEFINITE.search(sentence[:start]):
            continue  # "the two leaders": who, not how many
        found = _unit_after(sentence[end:], language) or _implied_unit(sentence, start, end)
        if found is None:
            continue
        unit, length = found
        try:
            value = _amount(match, "amount", language)
        except FigureError:
            continue
        if take(start, end + length):
            yield start, end + length, value, unit


def facts_propose_from(body: str, language: str) -> list[Proposal]:
    """Every figure of the body that reads as a number with a unit, with its sentence as the
    passage."""
    proposals = []
    for start, end in sentences(body):
        sentence = body[start:end]
        for figure_start, figure_end, value, unit in sorted(_figures(sentence, body, language)):
            figure = sentence[figure_start:figure_end]
            proposals.append(
                Proposal(
                    start=start,
                    end=end,
                    figure_start=start + figure_start,
                    figure_end=start + figure_end,
                    figure=figure,
                    value=value,
                    unit=unit,
                    qualifier=_qualifier(sentence[:figure_start], figure, unit),
                    kind=_kind(sentence, figure_start, figure_end, unit),
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
