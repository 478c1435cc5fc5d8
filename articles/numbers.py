"""Read the value of a figure as written in English or French text.

"20,000 lobsters" -> 20000; "$25-billion (U.S.)" -> 25000000000; "89,2 millions de dollars"
-> 89200000; "half a million jobs" -> 500000; "Vingt-deux organisations" -> 22; "third" -> 3;
"une quinzaine" -> 15.
"""

import re
from decimal import Decimal, InvalidOperation

SCALES = {
    "thousand": 10**3,
    "mille": 10**3,
    "k": 10**3,
    "million": 10**6,
    "millions": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "billions": 10**9,
    "milliard": 10**9,
    "milliards": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
}

WORDS = {
    "en": {
        "zero": 0,
        "one": 1,
        "a": 1,
        "an": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "thirteen": 13,
        "fourteen": 14,
        "fifteen": 15,
        "sixteen": 16,
        "seventeen": 17,
        "eighteen": 18,
        "nineteen": 19,
        "twenty": 20,
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
        "hundred": 100,
        "half": Decimal("0.5"),
        "dozen": 12,
        "first": 1,
        "second": 2,
        "third": 3,
        "fourth": 4,
        "fifth": 5,
        "sixth": 6,
        "seventh": 7,
        "eighth": 8,
        "ninth": 9,
        "tenth": 10,
    },
    "fr": {
        "zéro": 0,
        "un": 1,
        "une": 1,
        "deux": 2,
        "trois": 3,
        "quatre": 4,
        "cinq": 5,
        "six": 6,
        "sept": 7,
        "huit": 8,
        "neuf": 9,
        "dix": 10,
        "onze": 11,
        "douze": 12,
        "treize": 13,
        "quatorze": 14,
        "quinze": 15,
        "seize": 16,
        "vingt": 20,
        "trente": 30,
        "quarante": 40,
        "cinquante": 50,
        "soixante": 60,
        "cent": 100,
        "demi": Decimal("0.5"),
        "premier": 1,
        "première": 1,
        "deuxième": 2,
        "second": 2,
        "seconde": 2,
        "troisième": 3,
        "quatrième": 4,
        "cinquième": 5,
        "sixième": 6,
        "septième": 7,
        "huitième": 8,
        "neuvième": 9,
        "dixième": 10,
    },
}

# French approximations: "une quinzaine d'années" is about 15 years (qualifier "about").
APPROXIMATE = {
    "dizaine": 10,
    "douzaine": 12,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "centaine": 100,
    "millier": 1000,
}
ORDINALS = {
    word
    for words in WORDS.values()
    for word in words
    if word.endswith(("ième", "first", "second", "third", "th")) or word.startswith("premi")
}
ORDINALS |= {"seconde", "second"}

DIGITS = re.compile(
    r"(?P<number>\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    r"(?:\s*-?\s*(?P<scale>thousand|millions?|milliards?|billions?|trillion|bn|k|m)\b)?",
    re.I,
)


class FigureError(ValueError):
    pass


def integral_or_decimal(value: Decimal) -> Decimal:
    return Decimal(int(value)) if value == value.to_integral_value() else value


def parse_number(digits: str, language: str) -> Decimal:
    """'20,000' -> 20000; '89,2' (French) -> 89.2; '1.4' -> 1.4; '30 000' -> 30000."""
    text = re.sub(r"[\u00a0\u202f ]", "", digits)
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text) and language != "fr":
        text = text.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", text) and language == "fr":
        text = text.replace(".", "").replace(",", ".")
    elif language == "fr":
        text = text.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(,\d{3})+", text):
        text = text.replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise FigureError(f"not a number: {digits!r}") from error


def parse_words(figure: str, language: str) -> Decimal | None:
    """A value written in words: 'half a million', 'Vingt-deux', 'one billion', 'third'."""
    words = WORDS.get(language, WORDS["en"])
    tokens = re.findall(r"[^\W\d_]+", figure.casefold())
    total, current, found = Decimal(0), Decimal(0), False
    for token in tokens:
        if token in SCALES and token not in {"k", "m", "bn"}:
            scale = SCALES[token]
            total += (current or 1) * scale
            current, found = Decimal(0), True
        elif token in APPROXIMATE and language == "fr":
            current = (current or 1) * APPROXIMATE[token]  # "une quinzaine": 1 x 15
            found = True
        elif token in words:
            value = Decimal(words[token])
            if token in {"a", "an"} and current:
                continue
            if value == 100:
                current = (current or 1) * 100
            elif value == Decimal("0.5"):
                current = (current or 1) * value
            else:
                current += value
            found = True
        elif found:
            break
    return integral_or_decimal(total + current) if found else None


def parse_figure(figure: str, language: str = "en") -> Decimal:
    """The value of a figure as written; raises FigureError if it holds no number."""
    match = DIGITS.search(figure)
    if match:
        value = parse_number(match.group("number"), language)
        if match.group("scale"):
            value *= SCALES[match.group("scale").casefold()]
        elif after := re.match(r"\s+([^\W\d_]+)", figure[match.end() :]):
            scale_word = after.group(1).casefold()
            if scale_word in SCALES and len(scale_word) > 2:
                value *= SCALES[scale_word]
        return integral_or_decimal(value)
    value = parse_words(figure, language)
    if value is None:
        raise FigureError(f"no number in {figure!r}")
    return value
