"""Passage-pasting forms: a fact, quote or mention tied to its passage (admin pages, inlines)."""

from django import forms

from articles.text import PassageNotFound, figure_in_passage, locate_passage


class PassageForm(forms.ModelForm):
    """Ties a fact, quote or mention to its passage: paste the passage and the offsets are
    found in the article's body, or else in its headline; offsets typed by hand are checked
    against the text the passage is in."""

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

    def _located(self, article, text: str, occurrence) -> tuple[bool, int, int]:
        """(in_headline, start, end) of a pasted passage: in the text it was in, else the
        other one (the body first for a new passage)."""
        order = (True, False) if self.instance.in_headline else (False, True)
        errors = []
        for in_headline in order:
            try:
                return in_headline, *locate_passage(article.text_of(in_headline), text, occurrence)
            except PassageNotFound as error:
                errors.append(str(error))
        raise forms.ValidationError({self.text_field: errors[0]})

    def clean(self):
        data = super().clean()
        article = data.get("article") or getattr(self.instance, "article", None)
        if article is None or self.errors:
            return data
        text, start, end = data.get(self.text_field), data.get("start"), data.get("end")
        in_headline = self.instance.in_headline
        if text:
            in_headline, start, end = self._located(article, text, data.get("occurrence"))
        elif start is not None and end is not None:
            if not 0 <= start < end <= len(article.text_of(in_headline)):
                raise forms.ValidationError({"end": "These offsets are not inside the article."})
        else:
            raise forms.ValidationError({self.text_field: "Paste the passage from the article."})
        data["in_headline"], data["start"], data["end"] = in_headline, start, end
        data[self.text_field] = article.text_of(in_headline)[start:end]
        self.instance.in_headline, self.instance.start, self.instance.end = in_headline, start, end
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
