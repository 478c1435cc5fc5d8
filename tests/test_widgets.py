"""The Python-rendered select box gives exactly Django's HTML."""

import pytest
from django import forms

from articles.widgets import QuickSelect, QuickSelectMultiple

CHOICES = [("", "---------"), ("jack-ma", 'Jack <Ma> & "co"'), ("x", "X")]
GROUPED = [("Group <1>", [("1", "one"), ("2", "two")]), ("3", "three")]


@pytest.mark.parametrize(
    ("choices", "value"),
    [(CHOICES, "jack-ma"), (CHOICES, ""), (CHOICES, None), (GROUPED, "2"), (GROUPED, "3")],
)
def test_quick_select_renders_what_django_renders(choices, value):
    attrs = {"id": "id_person", "class": "filter", "required": True, "disabled": False}
    expected = forms.Select(choices=choices, attrs=attrs).render("person", value)
    assert QuickSelect(choices=choices, attrs=attrs).render("person", value) == expected
    assert 'value="jack-ma" selected' in expected or value != "jack-ma"


@pytest.mark.parametrize("value", [["jack-ma"], ["jack-ma", "x"], [], None])
def test_quick_select_multiple_renders_what_django_renders(value):
    attrs = {"id": "id_person"}
    expected = forms.SelectMultiple(choices=CHOICES, attrs=attrs).render("person", value)
    assert QuickSelectMultiple(choices=CHOICES, attrs=attrs).render("person", value) == expected
    assert "multiple" in expected
    assert expected.count(" selected") == len(value or [])
