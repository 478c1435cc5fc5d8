"""Text matching that keeps offsets into the original text.

Folding makes matching accent- and case-insensitive and treats typographic quotes,
apostrophes, hyphens, dashes and no-break spaces like their plain forms (and drops soft
hyphens and zero-width spaces); each folded character remembers the index of the original
character it came from, so a match maps back to exact offsets.
"""

import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

PUNCTUATION_FOLDS = {
    "\u2019": "'",  # right single quotation mark, the typographic apostrophe
    "\u2018": "'",
    "\u02bc": "'",
    "\u2032": "'",  # prime, typed for an apostrophe ("Gateway ′17")
    "\u00b4": "'",  # acute accent, likewise
    "\u201c": '"',
    "\u201d": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",
    "\u2212": "-",  # minus sign
    # Invisible: they fold to nothing (an offset map keeps the original offsets).
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero-width space
    "\u2060": "",  # word joiner
    "\ufeff": "",
}


ASCII_SPACES = bytes.maketrans(b"\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f", b" " * 9)


def _spaced(text: str) -> str:
    """An ASCII text with its other white space as spaces (as bytes: many times faster)."""
    return text.encode("ascii").translate(ASCII_SPACES).decode("ascii")


@lru_cache(maxsize=100_000)
def fold_char(char: str, *, keep_case: bool = False, keep_accents: bool = False) -> str:
    char = PUNCTUATION_FOLDS.get(char, char)
    if char.isspace():
        return " "
    if keep_accents:
        return char if keep_case else char.casefold()
    decomposed = unicodedata.normalize("NFKD", char)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded if keep_case else folded.casefold()


class _FoldTable(dict):
    """A str.translate() table that folds each character when first seen, noting those that
    do not fold to exactly one character (ß, ligatures, lone combining marks)."""

    def __init__(self, keep_case: bool, keep_accents: bool):
        super().__init__()
        self.options = {"keep_case": keep_case, "keep_accents": keep_accents}
        self.uneven: set[str] = set()

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code), **self.options)
        if len(folded) != 1:
            self.uneven.add(chr(code))
        self[code] = folded
        return folded


FOLD_TABLES = {(case, accents): _FoldTable(case, accents) for case in (0, 1) for accents in (0, 1)}


@dataclass(frozen=True)
class FoldedText:
    """A folded copy of a text and, per folded character, its index in the original."""

    text: str
    origins: Sequence[int]

    @classmethod
    def of(cls, original: str, *, keep_case=False, keep_accents=False) -> "FoldedText":
        if original.isascii():  # one folded character per original one
            folded = _spaced(original)
            return cls(folded if keep_case else folded.lower(), range(len(original)))
        table = FOLD_TABLES[keep_case, keep_accents]
        folded = original.translate(table)
        uneven = [char for char in table.uneven if char in original]
        if not uneven:
            return cls(folded, range(len(original)))
        # Only the characters that do not fold to one are visited; runs between them are
        # copied as ranges (C speed), so a long text with a few "œ" stays fast.
        origins, position = array("q"), 0
        for match in re.finditer(f"[{re.escape(''.join(uneven))}]", original):
            index = match.start()
            origins.extend(range(position, index))
            origins.extend([index] * len(table[ord(match.group())]))
            position = index + 1
        origins.extend(range(position, len(original)))
        return cls(folded, origins)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.origins[start], self.origins[end - 1] + 1


def fold(text: str, *, keep_case: bool = False, keep_accents: bool = False) -> str:
    if text.isascii():
        folded = _spaced(text)
        return folded if keep_case else folded.lower()
    return text.translate(FOLD_TABLES[keep_case, keep_accents])


class PassageNotFound(ValueError):
    pass


def passage_pattern(passage: str, *, keep_accents: bool = False) -> str:
    """A regex for a (folded) passage where any run of white space matches any other."""
    words = fold(passage, keep_case=True, keep_accents=keep_accents).split()
    return r"\s+".join(re.escape(word) for word in words)


def locate_passage(text: str, passage: str, occurrence: int | None = None) -> tuple[int, int]:
    """Offsets [start, end) of a passage in a text.

    White space runs and typographic quotes match their plain forms; everything else must be
    exact. A passage that is not in the text, or occurs more than once with no occurrence
    chosen (1-based), raises PassageNotFound with the reason.
    """
    if not passage.strip():
        raise PassageNotFound("the passage is empty")
    folded = FoldedText.of(text, keep_case=True, keep_accents=True)
    matches = list(re.finditer(passage_pattern(passage, keep_accents=True), folded.text))
    if not matches:
        raise PassageNotFound(f"passage not found in the article: {passage[:80]!r}")
    if occurrence is None:
        if len(matches) > 1:
            raise PassageNotFound(
                f"passage occurs {len(matches)} times; say which occurrence: {passage[:80]!r}"
            )
        occurrence = 1
    if not 1 <= occurrence <= len(matches):
        raise PassageNotFound(
            f"occurrence {occurrence} asked but the passage occurs {len(matches)} time(s)"
        )
    match = matches[occurrence - 1]
    return folded.original_span(match.start(), match.end())


def relocate_passage(text: str, passage: str, near: int) -> tuple[int, int] | None:
    """Where a passage stands in a changed text: of its occurrences, the one nearest its old
    start; None when it is no longer there."""
    if not passage.strip():
        return None
    folded = FoldedText.of(text, keep_case=True, keep_accents=True)
    spans = [
        folded.original_span(match.start(), match.end())
        for match in re.finditer(passage_pattern(passage, keep_accents=True), folded.text)
    ]
    return min(spans, key=lambda span: (abs(span[0] - near), span[0]), default=None)


@dataclass(frozen=True)
class NameMatch:
    start: int
    end: int
    key: object


WORD = re.compile(r"\w+")
# Name finding reads texts up to this many characters (about 8 MB of English): longer ones
# raise TextTooLong. Its time grows linearly with the text (bench/names.py).
NAMES_MAX_CHARS = 8_000_000


class TextTooLong(ValueError):
    pass


def possessive_stem(word: str) -> str | None:
    """What a folded word ending in "'s", "s'" or a plain "s" stands on ("single" for
    "singles'", "single's" and "singles"), else None: any of the three forms matches it."""
    if len(word) > 2 and (word.endswith("s'") or word.endswith("'s")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and "'" not in word and word[-2].isalpha():
        return word[:-1]
    return None


def _word_pattern(word: str, last: bool = False) -> str:
    """A folded word of a name as a regex in which apostrophes are optional and a possessive
    or a plural matches either form: "singles'", "single's" and "singles" match each other
    (a name's last word, written without apostrophe, leaves one after it out: "Jones' plan")."""
    stem = possessive_stem(word)
    if stem is not None:
        tail = "(?:'s|s)" if last and "'" not in word else "(?:'s|s'?)"
        return "'?".join(re.escape(part) for part in stem.split("'")) + tail
    return "'?".join(re.escape(part) for part in word.split("'"))


def _word_keys(word: str) -> set[str]:
    """The words of a text that can start a match of a name's first (folded) word."""
    stem = possessive_stem(word)
    keys = {word.split("'")[0], word.replace("'", "")}
    if stem is not None:
        keys.add(stem.split("'")[0])
    return {key for key in keys if key}


@lru_cache(maxsize=10_000)
def _name_pattern(name: str, case_sensitive: bool) -> tuple[frozenset[str], str]:
    """A name's words that any match holds (folded; those with an apostrophe left out) and
    its whole-word regex. The regex starts with the name's first letters as a literal and
    looks behind it for a word character only then: a pattern that starts with the
    lookbehind is tried at every position of the text, one that starts with a literal lets
    the regex engine skip to its occurrences (about 15x faster)."""
    wanted = fold(name if case_sensitive else name.casefold(), keep_case=True)
    words = wanted.split()
    required = frozenset(
        part.casefold()
        for word in words
        if "'" not in word and possessive_stem(word) is None
        for part in WORD.findall(word)
    )
    if not words:
        return required, ""
    pattern = r"\s+".join(
        _word_pattern(word, last=number == len(words) - 1) for number, word in enumerate(words)
    )
    head = possessive_stem(words[0]) or words[0]
    first = re.escape(re.match(r"\w*", head).group())  # how the pattern starts
    if not first:
        return required, rf"(?<!\w){pattern}(?!\w)"
    return required, rf"{first}(?<!\w{first}){pattern[len(first) :]}(?!\w)"


class NameTable:
    """Names grouped by the words that can start them (folded), so that a text is matched
    only against the names whose words it has, not against every name."""

    def __init__(self, names: list[tuple[str, bool, object]]):
        self.by_first_word: dict[str, list] = {}
        self.wordless = []  # names with no word character: matched against every text
        for name, case_sensitive, key in names:
            words, pattern = _name_pattern(name, case_sensitive)
            if not pattern:
                continue
            entry = (words, pattern, case_sensitive, key)
            first = fold(name).split()[0] if fold(name).split() else ""
            keys = {k for word in _word_keys(first) for k in WORD.findall(word)[:1]}
            for word in keys:
                self.by_first_word.setdefault(word, []).append(entry)
            if not keys:
                self.wordless.append(entry)


def find_names(text: str, names: "list[tuple[str, bool, object]] | NameTable") -> list[NameMatch]:
    """Whole-word occurrences of names in text, longest first, never overlapping.

    names holds (name, case_sensitive, key), or is a NameTable of them. Matching folds
    accents, apostrophes and no-break spaces; case is ignored unless the name is
    case-sensitive. Time is linear in the text (each match is checked against the
    characters it covers, not against the matches taken); a text over NAMES_MAX_CHARS
    characters raises TextTooLong.
    """
    if len(text) > NAMES_MAX_CHARS:
        raise TextTooLong(
            f"the text has {len(text):,} characters; names are found in at most {NAMES_MAX_CHARS:,}"
        )
    table = names if isinstance(names, NameTable) else NameTable(names)
    folded = {False: FoldedText.of(text)}
    present = set(WORD.findall(folded[False].text))
    entries = {
        id(e): e for word in present & table.by_first_word.keys() for e in table.by_first_word[word]
    }
    candidates = set()
    for words, pattern, case_sensitive, key in [*entries.values(), *table.wordless]:
        if not words <= present:
            continue  # some of its words are absent: skip its regex
        if case_sensitive not in folded:
            folded[True] = FoldedText.of(text, keep_case=True)
        source = folded[case_sensitive]
        for match in re.finditer(pattern, source.text):
            start, end = source.original_span(match.start(), match.end())
            candidates.add(NameMatch(start, end, key))
    # Longest first, then leftmost; a match is taken when none of its characters is taken.
    taken, covered = [], bytearray(len(text))
    for candidate in sorted(candidates, key=lambda m: (m.start - m.end, m.start, str(m.key))):
        if covered.find(1, candidate.start, candidate.end) == -1:
            covered[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
            taken.append(candidate)
    return sorted(taken, key=lambda m: m.start)


def figure_in_passage(figure: str, passage: str) -> bool:
    """Whether a fact's figure is written in its passage (case, spaces and quotes aside)."""
    return fold(figure, keep_accents=True) in fold(passage, keep_accents=True)
