"""The query language: words (all must match), "phrases", OR between terms, -exclusions."""

import re
from dataclasses import dataclass, field

from articles.search.words import MAX_WORD_LENGTH, words_of

MAX_QUERY_LENGTH = 500
MAX_TERMS = 12


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # folded; more than one word is a phrase
    original: str

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    def __str__(self):
        return f'"{" ".join(self.words)}"' if self.is_phrase else self.words[0]


@dataclass
class ParsedQuery:
    """AND of clauses, each an OR of terms; minus the excluded terms."""

    clauses: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def __bool__(self):
        return bool(self.clauses)

    @property
    def terms(self) -> list[Term]:
        return [term for clause in self.clauses for term in clause]

    @property
    def words(self) -> set[str]:
        """Every folded word the terms search for."""
        return {word for term in self.terms for word in term.words}

    def explain(self) -> str:
        parts = [
            " OR ".join(map(str, c)) if len(c) == 1 else f"({' OR '.join(map(str, c))})"
            for c in self.clauses
        ]
        text = " AND ".join(parts)
        if self.excluded:
            text += "".join(f" NOT {term}" for term in self.excluded)
        return text


QUOTES = str.maketrans({"“": '"', "”": '"', "«": '"', "»": '"', "„": '"', "‟": '"'})
RAW_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


def quoted(text: str) -> str:
    """A part of the query as the reader typed it, in quotes (repr's choice of quotes, but a
    backslash shown once); repr() itself where it holds a character that does not print."""
    if not text.isprintable():
        return repr(text)
    return f'"{text}"' if "'" in text and '"' not in text else f"'{text}'"


def parse_query(text: str) -> ParsedQuery:
    """Words (all must match), "exact phrase", OR between terms, -exclude.

    Anything else (operators of other syntaxes, stray punctuation, unbalanced quotes) is
    ignored and reported in `ignored`, never an error.
    """
    parsed = ParsedQuery()
    text = (text or "").replace("\x00", " ")
    if len(text) > MAX_QUERY_LENGTH:
        parsed.ignored.append(f"everything after the first {MAX_QUERY_LENGTH} characters")
        text = text[:MAX_QUERY_LENGTH]
    text = text.translate(QUOTES)
    if text.count('"') % 2:
        parsed.ignored.append("an unbalanced quotation mark")
        position = text.rindex('"')
        text = text[:position] + " " + text[position + 1 :]
    pending_or = False
    for match in RAW_TOKEN.finditer(text):
        negated_phrase, phrase, bare = match.groups()
        raw = match.group(0)
        if bare == "OR":
            if parsed.clauses and not pending_or:
                pending_or = True
            else:
                parsed.ignored.append("a lone OR")
            continue
        negated = bool(negated_phrase) or (bare is not None and bare.startswith("-"))
        content = phrase if phrase is not None else bare.lstrip("-")
        words = tuple(words_of(content))
        if any(len(word) > MAX_WORD_LENGTH for word in words):
            parsed.ignored.append(f"words longer than {MAX_WORD_LENGTH} characters")
            words = tuple(word for word in words if len(word) <= MAX_WORD_LENGTH)
        if not words:
            parsed.ignored.append(quoted(raw))
            pending_or = False
            continue
        if bare is not None and len(words) > 1 and not re.fullmatch(r"[\w'’-]+", content):
            parsed.ignored.append(f"the punctuation in {quoted(raw)}")
        term = Term(words, content)
        if negated:
            parsed.excluded.append(term)
        elif pending_or:
            parsed.clauses[-1].append(term)
        else:
            parsed.clauses.append([term])
        pending_or = False
    if pending_or:
        parsed.ignored.append("a lone OR")
    if len(parsed.terms) + len(parsed.excluded) > MAX_TERMS:
        parsed.ignored.append(f"terms after the first {MAX_TERMS}")
        parsed.clauses = parsed.clauses[:MAX_TERMS]
        parsed.excluded = parsed.excluded[: max(0, MAX_TERMS - len(parsed.terms))]
    if not parsed.clauses and parsed.excluded:
        parsed.ignored.append("exclusions with nothing to search for")
        parsed.excluded = []
    return parsed
