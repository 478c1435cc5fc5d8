"""Derive an article's body from its raw text by removing page furniture.

The raw text is never changed; the body is what a reader sees and what offsets point into.
What the cleaner removes, rule by rule (each is tested):
"""

import re
from dataclasses import dataclass, field

# Whole lines that are site furniture, not article text.
FURNITURE_LINES: list[tuple[str, re.Pattern]] = [
    ("skip link", re.compile(r"skip to (main )?content", re.I)),
    ("print/share widget", re.compile(r"text:\s*\|\s*print\s*\|?", re.I)),
    ("comment form", re.compile(r"leave a (reply|comment)", re.I)),
    ("comment counter", re.compile(r"comments?\s*\(\d+\)", re.I)),
    ("related-content box", re.compile(r"most popular( in \d+h)?|archived content", re.I)),
    ("partner links", re.compile(r"media partners:?", re.I)),
    ("copyright line", re.compile(r"(copyright\s*)?©.*|copyright\b.*all rights reserved\.?", re.I)),
    (
        "reproduction notice",
        re.compile(r"reproduction in whole or in part without permission is prohibited\.?", re.I),
    ),
    ("follow widget", re.compile(r"follow related authors and topics", re.I)),
    (
        "follow widget",
        re.compile(
            r"authors and topics you follow will be added to your personal news feed.*", re.I
        ),
    ),
    ("engagement link", re.compile(r"interact with the globe", re.I)),
    ("share widget", re.compile(r"(share( this( article)?)?|tweet|email|facebook|twitter)", re.I)),
    ("photo gallery counter", re.compile(r"\d{1,2}")),
    ("wire metadata line", re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}\b.*web editor:.*", re.I)),
]

# Furniture inside a line of article text.
FURNITURE_INLINE: list[tuple[str, re.Pattern]] = [
    ("section link", re.compile(r"\[special coverage\]", re.I)),
]


@dataclass
class CleanedText:
    body: str
    removed: list[tuple[str, str]] = field(default_factory=list)  # (rule, text removed)


def clean_text(raw: str, *, headline: str = "") -> CleanedText:
    """The body of an article: raw text less furniture, trailing spaces and its headline line.

    Paragraphs are separated by one blank line.
    """
    result = CleanedText(body="")
    paragraphs = []
    headline_seen = not headline
    for line in raw.splitlines():
        text = line.strip()
        if not text:
            continue
        rule = next((name for name, p in FURNITURE_LINES if p.fullmatch(text)), None)
        if rule:
            result.removed.append((rule, text))
            continue
        if not headline_seen and text == headline.strip():
            headline_seen = True
            result.removed.append(("headline line", text))
            continue
        for name, pattern in FURNITURE_INLINE:
            for match in pattern.finditer(text):
                result.removed.append((name, match.group()))
            text = pattern.sub("", text).strip()
        paragraphs.append(text)
    result.body = "\n\n".join(paragraphs)
    return result
