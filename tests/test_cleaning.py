from pathlib import Path

import pytest

from articles.cleaning import clean_text
from tests.conftest import SEED_FILES

# Lines of the five texts that are page furniture, not article text, and must go.
FURNITURE = {
    "Skip to main content",
    "Leave a Reply",
    "Comments (0)",
    "Text: | Print|",
    "Most popular in 24h",
    "Archived Content",
    "Media partners:",
    "Copyright ©1999-2018 Chinanews.com. All rights reserved.",
    "Reproduction in whole or in part without permission is prohibited.",
    "Follow related authors and topics",
    "Authors and topics you follow will be added to your personal news feed in Following.",
    "Interact with The Globe",
    "1",
    "2014-11-08 09:04 Xinhua Web Editor: Gu Liping",
}


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_cleaner_keeps_every_line_of_article_text(path):
    raw = path.read_text(encoding="utf-8")
    body = clean_text(raw).body
    kept = [
        line.strip() for line in raw.splitlines() if line.strip() and line.strip() not in FURNITURE
    ]
    for line in kept:
        assert line.replace("[Special coverage]", "") in body


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_cleaner_removes_every_furniture_line(path):
    raw = path.read_text(encoding="utf-8")
    body_lines = clean_text(raw).body.split("\n\n")
    assert not FURNITURE & set(body_lines)
    assert "[Special coverage]" not in "".join(body_lines)


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Skip to main content", "skip link"),
        ("Leave a Reply", "comment form"),
        ("Comments (12)", "comment counter"),
        ("Text: | Print|", "print/share widget"),
        ("Copyright ©1999-2018 Chinanews.com. All rights reserved.", "copyright line"),
        ("© 2017 Example Media", "copyright line"),
        ("Share this article", "share widget"),
        ("Interact with The Globe", "call to action"),
        ("Connect with us", "call to action"),
        ("Most read", "related-content box"),
        ("Facebook | Twitter | Email", "share widget"),
        ("2019-05-02 14:10 Reuters Web Editor: Ann Li", "timestamp and credit line"),
    ],
)
def test_cleaner_names_the_rule_for_each_removal(line, rule):
    cleaned = clean_text(f"A sentence.\n{line}\nAnother sentence.")
    assert cleaned.body == "A sentence.\n\nAnother sentence."
    assert cleaned.removed == [(rule, line)]


def test_cleaner_drops_the_headline_line_and_trailing_spaces():
    cleaned = clean_text("The Headline\n\nFirst paragraph.  \nSecond.", headline="The Headline")
    assert cleaned.body == "First paragraph.\n\nSecond."


def test_sentences_that_look_like_furniture_inside_text_are_kept():
    raw = "Readers may share this article's view.\nHe said: leave a reply by Friday."
    assert (
        clean_text(raw).body
        == "Readers may share this article's view.\n\nHe said: leave a reply by Friday."
    )


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_founding_bodies_are_what_the_cleaner_made_before_its_rules_were_general(path):
    """tests/data/cleaned holds the bodies as the site-specific rules made them."""
    import yaml

    entries = yaml.safe_load((path.parent / "manifest.yaml").read_text(encoding="utf-8"))
    headline = next(e["headline"] for e in entries["articles"] if e["file"] == path.name)
    saved = (Path(__file__).parent / "data" / "cleaned" / path.name).read_text(encoding="utf-8")
    assert clean_text(path.read_text(encoding="utf-8"), headline=headline).body == saved


def test_a_number_alone_on_its_line_inside_the_text_is_kept():
    raw = "1\nThe company said on Monday that it had opened new offices.\n10\nThat is all."
    cleaned = clean_text(raw)
    assert cleaned.body == (
        "The company said on Monday that it had opened new offices.\n\n10\n\nThat is all."
    )
    assert cleaned.removed == [("counter before the text", "1")]


def test_a_link_label_after_a_sentence_goes_but_brackets_inside_text_stay():
    raw = "Trade grew.[Live updates]\nWe have people working [on it] now."
    assert clean_text(raw).body == "Trade grew.\n\nWe have people working [on it] now."
