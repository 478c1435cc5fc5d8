"""The archive's vocabulary, and the "did you mean" query drawn from it."""

import difflib

from django.db.models.functions import Length

from articles.models import SearchTerm
from articles.search.backends import backend
from articles.search.query import ParsedQuery
from articles.search.words import MAX_WORD_LENGTH, TOKEN, stem
from articles.text import fold


def vocabulary_add(text: str, language: str) -> None:
    """Add an article's new words to the vocabulary that suggestions are drawn from."""
    vocabulary_add_many([(text, language)])


def vocabulary_add_many(texts) -> None:
    """Add the new words of many (text, language) pairs; a word keeps its first language and
    written form."""
    surfaces: dict[str, tuple[str, str]] = {}
    for text, language in texts:
        for surface in dict.fromkeys(TOKEN.findall(text.replace("’", "'"))):
            if surface not in surfaces:
                surfaces[surface] = (fold(surface), language)
    words: dict[str, tuple[str, str]] = {}
    for surface, (word, language) in surfaces.items():
        if 2 < len(word) <= MAX_WORD_LENGTH and not word.isdigit():
            words.setdefault(word, (surface, language))
    # Asked with one parameter: a list of thousands of parameters costs more to build in
    # Python than the query takes.
    for word in backend().known_words(SearchTerm._meta.db_table, list(words)):
        del words[word]
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=w, display=d, language=lang) for w, (d, lang) in words.items()],
        batch_size=1000,
        ignore_conflicts=True,
    )


def _correction(word: str) -> str | None:
    """The closest archive word to one the archive does not have, unless it is only another
    form of the same word (same stem in the language the archive word was found in)."""
    if not 4 <= len(word) <= MAX_WORD_LENGTH or word.isdigit():
        return None
    if SearchTerm.objects.filter(word=word).exists():
        return None
    near = (
        SearchTerm.objects.alias(length=Length("word"))
        .filter(word__startswith=word[0], length__range=(len(word) - 2, len(word) + 2))
        .only("word", "display", "language")
    )
    candidates = {term.word: term for term in backend().nearest_words(near, word)[:5000]}
    close = [candidates[c] for c in difflib.get_close_matches(word, list(candidates), 3, 0.8)]
    if any(stem(term.word, term.language) == stem(word, term.language) for term in close):
        return None  # the archive has this word in another form: stemming finds it
    return close[0].display if close else None


def suggestion(parsed: ParsedQuery) -> str | None:
    """A “did you mean” query drawn from the archive's own vocabulary, or None."""
    changed, shown = False, []
    for term in parsed.terms:
        fixed = []
        for word in term.words:
            correction = _correction(word)
            changed |= correction is not None
            fixed.append(correction or word)
        shown.append(f'"{" ".join(fixed)}"' if term.is_phrase else fixed[0])
    return " ".join(shown) if changed else None
