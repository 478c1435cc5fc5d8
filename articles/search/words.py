"""Words as the search index holds them: folded, split, and stemmed in English or French."""

import re

import snowballstemmer

from articles.text import fold

MAX_WORD_LENGTH = 60
TOKEN = re.compile(r"\d+(?:\.\d+)+|\w+")
STEMMERS = {"en": "english", "fr": "french"}

# TOKEN's words without the one-letter ones (elisions: l', d', s), digits kept.
INDEXED_TOKEN = re.compile(r"\d+(?:\.\d+)+|\w\w+|\d")


def words_of(text: str) -> list[str]:
    """Folded words (accents, case, typographic apostrophes), without one-letter elisions."""
    return INDEXED_TOKEN.findall(fold(text))


def stemming_language(language: str | None) -> str:
    """The stemmer a text of this language is searched with (English for any other)."""
    return language if language in STEMMERS else "en"


class _Stems(dict):
    """word -> Snowball stem in one language, computed when first asked; kept, since word
    frequencies are Zipfian (a long import meets a few hundred thousand words), and read with
    `map(stems.__getitem__, words)`, which visits a text's words without a Python call each."""

    limit = 500_000

    def __init__(self, language: str):
        super().__init__()
        self.stemmer = snowballstemmer.stemmer(STEMMERS[language])

    def __missing__(self, word: str) -> str:
        if len(self) >= self.limit:
            self.clear()
        self[word] = stemmed = self.stemmer.stemWord(word)
        return stemmed


STEMS = {language: _Stems(language) for language in STEMMERS}


def stem(word: str, language: str) -> str:
    """Snowball stem, as PostgreSQL's english_stem and french_stem give it."""
    return STEMS[language][word]


def stems_of(words, language: str) -> list[str]:
    """The stems of many words in one language."""
    return list(map(STEMS[language].__getitem__, words))
