"""Passage-pasting forms: a fact, quote or mention tied to its passage (admin pages, inlines)."""

from django import forms

from articles.text import PassageNotFound, figure_in_passage, locate_passage


class PassageForm(forms.ModelForm):
    """Ties a fact, quote or mention to its passage: paste the passage and the offsets are
    found in the article's body; offsets typed by hand are checked against it."""

    text_field = "passage"
    occurrence = forms.IntegerField(
        required=False,
        min_value=1,
        help_text="If the passage occurs more than once in the article, which one (1, 2...).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in (self.text_field, "start", "end"):  # one or the other is enough
            if name in self.fields:
                self.fields[name].required = False

    def clean(self):
        data = super().clean()
        article = data.get("article") or getattr(self.instance, "article", None)
        if article is None or self.errors:
            return data
        text, start, end = data.get(self.text_field), data.get("start"), data.get("end")
        if text:
            try:
                start, end = locate_passage(article.body, text, data.get("occurrence"))
            except PassageNotFound as error:
                raise forms.ValidationError({self.text_field: str(error)}) from None
        elif start is not None and end is not None:
            if not 0 <= start < end <= len(article.body):
                raise forms.ValidationError({"end": "These offsets are not inside the article."})
        else:
            raise forms.ValidationError({self.text_field: "Paste the passage from the article."})
        data["start"], data["end"] = start, end
        data[self.text_field] = article.body[start:end]
        self.instance.start, self.instance.end = start, end
        self.instance.anchored = True  # found in the text just now
        return data


class FactForm(PassageForm):
    def clean(self):
        data = super().clean()
        figure, passage = data.get("figure"), data.get("passage")
        if figure and passage and not figure_in_passage(figure, passage):
            raise forms.ValidationError({"figure": "The figure must be written in the passage."})
        return data


class QuoteForm(PassageForm):
    text_field = "text"


class MentionForm(PassageForm):
    text_field = "surface"
