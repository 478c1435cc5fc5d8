"""Where a query's words stand in a text, marked in escaped HTML and cut into snippets."""

import re
from functools import cache, lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.search.query import parse_query
from articles.search.words import STEMMERS, stem, stemming_language
from articles.text import fold

# Characters folded when the pattern below is made: Latin, Greek, Cyrillic and the rest of
# the first 12,288 code points, ligatures, full-width forms.
FOLDED_RANGES = ((0, 0x3000), (0xFB00, 0xFB50), (0xFF00, 0xFFF0))


@cache
def _folding_to() -> tuple[dict[str, str], str]:
    """Per folded character, the characters that fold to it (both cases, every accent), as
    the inside of a regex class; and those that fold to several characters (œ, ß, ﬁ)."""
    sources: dict[str, list[str]] = {}
    several = []
    for low, high in FOLDED_RANGES:
        for code in range(low, high):
            folded = fold(chr(code))
            if len(folded) == 1:
                sources.setdefault(folded, []).append(chr(code))
            elif len(folded) > 1:
                several.append(chr(code))
    escaped = {folded: "".join(map(re.escape, chars)) for folded, chars in sources.items()}
    return escaped, "".join(map(re.escape, several))


# A word of the original text, as TOKEN splits the folded one: combining accents (of text
# written decomposed) belong to their word.
COMBINING = r"[\u0300-\u036f]"
WORD_CHAR = rf"[\w{COMBINING[1:-1]}]"
ORIGINAL_TOKEN = rf"\d+(?:\.\d+)+|{WORD_CHAR}+"


@lru_cache(maxsize=1000)
def _words_starting(prefixes: frozenset[str]) -> re.Pattern:
    """The words of an original (unfolded) text that may fold to a word starting with one
    of the prefixes; only these few are then folded, where folding the whole text would
    visit every character. For words, the pattern starts with a class of first characters,
    which lets the regex engine skip to them (several times faster than starting with a
    lookaround); numbers ("1.5") take the general pattern."""
    sources, several = _folding_to()

    def folding_to(char: str) -> str:
        return f"[{sources.get(char, re.escape(char))}{several}]"

    def source(chars: str) -> str:  # each character as it may be written, with accents
        return "".join(f"{folding_to(char)}{COMBINING}*" for char in chars)

    if any(not prefix[0].isalpha() for prefix in prefixes):
        alternatives = "|".join(map(source, sorted(prefixes)))
        return re.compile(rf"(?<!{WORD_CHAR})(?=(?:{alternatives})){ORIGINAL_TOKEN}")
    firsts = "".join(sorted({sources.get(p[0], re.escape(p[0])) for p in prefixes}))
    rests = "|".join(
        [f"(?<={folding_to(p[0])}){COMBINING}*{source(p[1:])}" for p in sorted(prefixes)]
        + [f"(?<=[{several}])"]  # "ﬁsh" is checked by folding the word
    )
    return re.compile(rf"[{firsts}{several}](?<!{WORD_CHAR}.)(?:{rests}){WORD_CHAR}*")


def targets_of(words: set[str], *, exact: bool) -> dict[str, set[str]]:
    """Per language, the folded (and unless exact, stemmed) words to highlight."""
    if exact:
        return {language: set(words) for language in STEMMERS}
    return {language: {stem(w, language) for w in words} for language in STEMMERS}


def hit_spans(
    text: str, language: str, targets: set[str], *, exact: bool, limit: int | None = None
) -> list[tuple[int, int]]:
    """Offsets of the words of text whose folded (and stemmed) form is a target."""
    if not targets:
        return []
    prefixes = frozenset(target[:3] for target in targets)  # a stem keeps its word's start
    language = stemming_language(language)
    spans = []
    for match in _words_starting(prefixes).finditer(text):
        word = fold(match.group())
        if word[:3] not in prefixes:
            continue
        if (word if exact else stem(word, language)) in targets:
            spans.append(match.span())
            if limit and len(spans) == limit:
                break
    return spans


def query_hits(text: str, language: str, query: str, mode: str | None) -> list[tuple[int, int]]:
    """Offsets of a search query's words in a text (the article page's #hit-1, #hit-2...)."""
    parsed = parse_query(query)
    if not parsed:
        return []
    exact = mode == "exact"
    targets = targets_of(parsed.words, exact=exact)[stemming_language(language)]
    return hit_spans(text, language, targets, exact=exact)


def marked(text: str, spans: list[tuple[int, int]]) -> SafeString:
    """The text escaped, then the spans wrapped in <mark>."""
    pieces, position = [], 0
    for start, end in spans:
        pieces.append(escape(text[position:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # every piece of text was escaped


def _clusters(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """(start, end, index of its first span) of runs of hits separated only by spaces or
    punctuation (“middle class”, “middle-class”): a phrase is one unit, never cut."""
    clusters: list[list[int]] = []
    for index, (start, end) in enumerate(spans):
        gap = text[clusters[-1][1] : start] if clusters else "x"
        if len(gap) <= 3 and not re.search(r"\w", gap):
            clusters[-1][1] = end
            continue
        clusters.append([start, end, index])
    return [tuple(cluster) for cluster in clusters]


def _line_bounds(text: str, position: int) -> tuple[int, int]:
    """The line (paragraph) of the text holding a position."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end == -1 else end


def snippets(text: str, spans: list[tuple[int, int]], *, width: int = 90, limit: int = 2):
    """Keyword-in-context windows around the first hits, each marked, each within one
    paragraph, none overlapping or repeating another, a phrase never cut between two. Each
    says which hit it opens with (`hit`, 1-based: the article page's #hit-N)."""
    windows: list[tuple[int, int, int]] = []
    seen: set[str] = set()
    for start, end, index in _clusters(text, spans):
        if windows and start < windows[-1][1]:
            continue  # already shown
        line_start, line_end = _line_bounds(text, start)
        left = max(line_start, start - width, windows[-1][1] if windows else 0)
        right = min(line_end, max(end, start) + width)
        if left > line_start:
            space = text.find(" ", left, start)
            left = start if space == -1 else space + 1
        if right < line_end:
            space = text.find(" ", right, line_end)
            right = line_end if space == -1 else space
        shown = " ".join(text[left:right].split()).casefold()
        if shown in seen:
            continue  # the same sentence again (a pull quote, a repeated caption)
        seen.add(shown)
        windows.append((left, right, index + 1))
        if len(windows) == limit:
            break
    result = []
    for left, right, hit in windows:
        inside = [(s - left, e - left) for s, e in spans if left <= s and e <= right]
        result.append(
            {
                "html": marked(text[left:right], inside),
                "hit": hit,
                "starts_inside": left > 0 and text[left - 1] != "\n",
                "ends_inside": right < len(text) and text[right] != "\n",
            }
        )
    return result
