import pytest

from articles.text import PassageNotFound, find_names, locate_passage

TEXT = "Alibaba’s head office.\u00a0« Un plus grand accès », a dit M.\u00a0Gallant. Gallant again."


def test_passage_with_plain_spaces_and_quotes_finds_typographic_original():
    start, end = locate_passage(TEXT, "Alibaba's head office. \" Un plus")
    assert TEXT[start:end] == "Alibaba’s head office.\u00a0« Un plus"


def test_passage_must_match_accents_exactly():
    with pytest.raises(PassageNotFound, match="not found"):
        locate_passage(TEXT, "grand acces")


def test_repeated_passage_needs_an_occurrence():
    with pytest.raises(PassageNotFound, match="occurs 2 times"):
        locate_passage(TEXT, "Gallant")
    start, _ = locate_passage(TEXT, "Gallant", occurrence=2)
    assert TEXT[start:].startswith("Gallant again")


def test_names_match_whole_words_ignoring_case_accents_and_apostrophes():
    text = "L’ACCÈS d’Alibaba; alibabas; Nouveau\u2011Brunswick"
    names = [
        ("Alibaba", False, "alibaba"),
        ("accès", False, "acces"),
        ("Nouveau-Brunswick", False, "nb"),
    ]
    matches = find_names(text, names)
    assert [(text[m.start : m.end], m.key) for m in matches] == [
        ("ACCÈS", "acces"),
        ("Alibaba", "alibaba"),
        ("Nouveau\u2011Brunswick", "nb"),
    ]


def test_case_sensitive_name_skips_ordinary_word():
    text = "A gallant effort by Mr. Gallant; ma maison, Ma said."
    names = [("Gallant", True, "gallant"), ("Ma", True, "ma"), ("Mr. Gallant", False, "gallant")]
    found = [text[m.start : m.end] for m in find_names(text, names)]
    assert found == ["Mr. Gallant", "Ma"]


def test_longest_name_wins_over_a_shorter_one_inside_it():
    text = "Alibaba Group and Alibaba"
    names = [("Alibaba", False, 1), ("Alibaba Group", False, 1)]
    assert [text[m.start : m.end] for m in find_names(text, names)] == ["Alibaba Group", "Alibaba"]
