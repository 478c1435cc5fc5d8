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


def test_aliases_match_across_typographic_and_possessive_variants():
    text = "Single’s Day, singles day, SINGLES’ DAY and O’Neil’s shop; d’Alibaba"
    names = [("Singles' Day", False, "day"), ("O'Neil", False, "oneil"), ("Alibaba", False, "a")]
    assert [(text[m.start : m.end], m.key) for m in find_names(text, names)] == [
        ("Single’s Day", "day"),
        ("singles day", "day"),
        ("SINGLES’ DAY", "day"),
        ("O’Neil", "oneil"),
        ("Alibaba", "a"),
    ]


def test_a_megabyte_of_names_is_found_in_one_pass():
    # 50,000 copies of the same sentence: the old search compared each match with every
    # match taken (over 10^9 comparisons here, minutes); each is now checked in one step.
    sentence = "Jack Ma met Justin Trudeau in Hangzhou, China. "
    text = sentence * (1_000_000 // len(sentence))
    names = [
        ("Jack Ma", False, "ma"),
        ("Ma", True, "ma"),
        ("Justin Trudeau", False, "trudeau"),
        ("Trudeau", False, "trudeau"),
        ("Hangzhou", False, "hangzhou"),
        ("China", False, "china"),
    ]
    matches = find_names(text, names)
    copies = len(text) // len(sentence)
    assert len(matches) == 4 * copies
    assert [text[m.start : m.end] for m in matches[:4]] == [
        "Jack Ma",
        "Justin Trudeau",
        "Hangzhou",
        "China",
    ]
    assert matches[-1].start == len(text) - len("China. ")


def test_name_finding_refuses_a_text_over_its_size_limit():
    from articles.text import NAMES_MAX_CHARS, TextTooLong

    with pytest.raises(TextTooLong, match="at most 8,000,000"):
        find_names("x" * (NAMES_MAX_CHARS + 1), [("x", False, 1)])


def test_a_name_written_without_apostrophe_matches_its_possessive_forms():
    text = "Single’s Day, singles’ day, SINGLES DAY, single day; Jones' plan and Jones’s"
    names = [("Singles Day", False, "day"), ("Jones", False, "jones")]
    assert [(m.start, m.end, text[m.start : m.end]) for m in find_names(text, names)] == [
        (0, 12, "Single’s Day"),
        (14, 26, "singles’ day"),
        (28, 39, "SINGLES DAY"),
        (53, 58, "Jones"),
        (69, 74, "Jones"),
    ]


def test_hyphens_dashes_and_primes_match_their_plain_forms():
    text = "e\u2010commerce, e\u2011commerce, e\u2212commerce, Gateway \u203217, Gateway ´17"
    names = [("e-commerce", False, "e"), ("Gateway '17", False, "g")]
    assert [text[m.start : m.end] for m in find_names(text, names)] == [
        "e\u2010commerce",
        "e\u2011commerce",
        "e\u2212commerce",
        "Gateway \u203217",
        "Gateway ´17",
    ]


def test_soft_hyphens_and_zero_width_spaces_are_invisible_to_names():
    text = "Ali\u00adbaba hired Jack\u200b Ma.\ufeff"
    names = [("Alibaba", False, "a"), ("Jack Ma", False, "ma")]
    assert [(m.start, m.end, m.key) for m in find_names(text, names)] == [
        (0, 8, "a"),
        (15, 23, "ma"),
    ]
    assert locate_passage(text, "Alibaba hired") == (0, 14)
