"""Derive an article's body from its raw text by removing page furniture.

The raw text is never changed; the body is what a reader sees and what offsets point into.
The rules are general ones about what news pages put around a story, not rules for any one
site; each is named in what the cleaner reports and each is tested (tests/test_cleaning.py).
A whole line goes only when all of it is furniture: a sentence that merely mentions sharing
or replying is kept, and so is a number standing alone in the text ("10").
"""

import re
from dataclasses import dataclass, field

# A line that ends a sentence is article text, whatever words it holds.
_SENTENCE_END = re.compile(r"[.!?…:;\"”’»)]\s*$")

# Whole lines that are site furniture, not article text.
FURNITURE_LINES: list[tuple[str, re.Pattern]] = [
    ("skip link", re.compile(r"skip to (main )?(content|navigation)", re.I)),
    ("print/share widget", re.compile(r"(text|font size):\s*\|?(\s*[\w+-]+\s*\|)+\s*\w*\|?", re.I)),
    ("comment form", re.compile(r"(leave|post|add|write) a (reply|comment)", re.I)),
    ("comment counter", re.compile(r"(comments?|replies|responses)\s*\(\d+\)|\d+ comments?", re.I)),
    (
        "related-content box",
        re.compile(
            r"(most (popular|read|viewed|shared)|trending|related (articles|stories|content|news)"
            r"|recommended( for you)?|you may also like|more from [\w ]{1,30}|archived content)"
            r"( in \d+h| now| today)?:?",
            re.I,
        ),
    ),
    ("partner links", re.compile(r"(media )?partners:?|sponsored( content)?:?", re.I)),
    ("copyright line", re.compile(r"(copyright\s*)?©.*|copyright\b.*all rights reserved\.?", re.I)),
    (
        "reproduction notice",
        re.compile(
            r"(reproduction|republication|redistribution)( in whole or in part)? without "
            r"(written )?permission is (strictly )?prohibited\.?",
            re.I,
        ),
    ),
    (
        "follow widget",
        re.compile(
            r"follow (us|related (authors|topics)( and (authors|topics))?|this (author|topic))"
            r"( on [\w ]{1,20})?|.{0,40}\byou follow will be added to your [\w ]{0,20}feed.*",
            re.I,
        ),
    ),
    (
        "call to action",
        re.compile(
            r"(interact|engage|connect) with (us|[\w ]{1,30})|(subscribe|sign up|log in|register)"
            r"( (now|today|here|for [\w ]{1,30}|to [\w ]{1,30}))?|read more|advertisement",
            re.I,
        ),
    ),
    (
        "share widget",
        re.compile(
            r"((share|tweet|email|print)( this( article| story)?)?|facebook|twitter|linkedin"
            r"|whatsapp|reddit|pinterest)(\s*[|/·•]\s*(share|tweet|email|print|facebook"
            r"|twitter|linkedin|whatsapp|reddit|pinterest))*",
            re.I,
        ),
    ),
    (
        "timestamp and credit line",
        re.compile(
            r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?(\s+[\w./-]+){0,3}"
            r"(\s+(web |photo )?editor:\s*[\w .'-]{1,40})?",
            re.I,
        ),
    ),
    ("credit line", re.compile(r"(web |photo |copy )?editor:\s*[\w .'-]{1,40}", re.I)),
]

# Before the first line of prose only: a number alone on its line is a gallery or slide
# counter there ("1"), but article text anywhere after it.
# Bylines and date lines there too: they are the page's record of credits and date.
_NAME = r"[A-ZÀ-Ý][\w.'’-]+"
LEAD_IN_LINES: list[tuple[str, re.Pattern]] = [
    ("counter before the text", re.compile(r"\d{1,3}( ?/ ?\d{1,3})?|\d{1,3} of \d{1,3}")),
    (
        "byline",
        re.compile(rf"([Bb]y|[Pp]ar)\s+{_NAME}(\s+{_NAME}){{0,3}}(\s*(,|and|et|·)\s*.{{1,60}})?"),
    ),
    (
        "date line",
        re.compile(
            r"(published|updated|posted|publié|mis à jour)( on| le)?:?\s+[\w ,.:/-]{4,40}", re.I
        ),
    ),
]

# Furniture inside a line of article text: a link label set straight after a sentence.
FURNITURE_INLINE: list[tuple[str, re.Pattern]] = [
    ("section link", re.compile(r"(?<=[.!?”\"])\s*\[[A-Z][\w ]{2,30}\]\s*$")),
]


@dataclass
class CleanedText:
    body: str
    removed: list[tuple[str, str]] = field(default_factory=list)  # (rule, text removed)


def _is_prose(text: str) -> bool:
    """A sentence (a headline has no full stop), or a line too long to be a label."""
    words = len(text.split())
    return words > 20 or (words >= 3 and bool(_SENTENCE_END.search(text)))


def _furniture_rule(text: str, *, lead_in: bool) -> str | None:
    if len(text) > 200:  # furniture is short; long lines are text
        return None
    rule = next((name for name, p in FURNITURE_LINES if p.fullmatch(text)), None)
    if rule is None and lead_in:
        rule = next((name for name, p in LEAD_IN_LINES if p.fullmatch(text)), None)
    return rule


def clean_text(raw: str, *, headline: str = "") -> CleanedText:
    """The body of an article: raw text less furniture, trailing spaces and its headline line.

    Paragraphs are separated by one blank line.
    """
    result = CleanedText(body="")
    paragraphs = []
    headline_seen = not headline
    lead_in = True  # no line of prose kept yet
    for line in raw.splitlines():
        text = line.strip()
        if not text:
            continue
        rule = _furniture_rule(text, lead_in=lead_in)
        if rule:
            result.removed.append((rule, text))
            continue
        if not headline_seen and text == headline.strip():
            headline_seen = True
            result.removed.append(("headline line", text))
            continue
        for name, pattern in FURNITURE_INLINE:
            for match in pattern.finditer(text):
                result.removed.append((name, match.group().strip()))
            text = pattern.sub("", text).strip()
        lead_in = lead_in and not _is_prose(text)
        paragraphs.append(text)
    result.body = "\n\n".join(paragraphs)
    return result
