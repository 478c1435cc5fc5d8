"""Photo captions in an article's text: the paragraphs that end with a photographer's credit."""

import re
from dataclasses import dataclass

# "Photo: Adrian Wyld", "photos Xinhua/Ju Huanzong": what a credits line names as photographs.
PHOTO_CREDIT = re.compile(r"\bphotos?\b\s*(?:by\b)?\s*:?\s*([^;]+)", re.IGNORECASE)


def paragraphs(body: str):
    """(start, end) of each paragraph: the text between blank lines."""
    start = 0
    for separator in re.finditer(r"\n\s*\n", body):
        yield start, separator.start()
        start = separator.end()
    yield start, len(body)


def photo_credits(credits: str) -> list[str]:
    """The photographers a credits line names: "Xinhua; photos Xinhua/Ju Huanzong; web
    editor Gu Liping" gives ["Xinhua/Ju Huanzong"]."""
    return [found.strip() for found in PHOTO_CREDIT.findall(credits or "") if found.strip()]


@dataclass(frozen=True)
class Caption:
    start: int  # the paragraph
    end: int
    credit_start: int  # where the photographer's credit begins, inside the paragraph


def captions(body: str, credits: str) -> list[Caption]:
    """The paragraphs ending with a photographer's credit from the credits line, written
    "(Xinhua/Ju Huanzong)" or run on to the caption ("…Hangzhou, China.Adrian Wyld")."""
    names = photo_credits(credits)
    found = []
    for start, end in paragraphs(body):
        text = body[start:end].rstrip()
        for name in names:
            for written in (f"({name})", name):
                if text.endswith(written) and len(text) > len(written):
                    found.append(Caption(start, end, start + len(text) - len(written)))
                    break
            else:
                continue
            break
    return found


def in_a_credit(start: int, end: int, found: list[Caption]) -> bool:
    """Whether the text from start to end lies in a caption's credit (not a mention)."""
    return any(c.credit_start <= start and end <= c.end for c in found)
