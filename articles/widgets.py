"""A select box rendered in Python: the same HTML as Django's template, without a template
include per option (a filter form's record lists made most of a list page's time)."""

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    """Django's widgets/attrs.html: ` name="value"`, a bare name for True, none for False."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        elif value is not False:
            parts.append(format_html(' {}="{}"', name, str(value)))
    return "".join(parts)


MANY = 50  # a list of values longer than this is kept rendered too
_rendered: dict = {}  # (archive version, query of the choices, name, value, attrs) -> HTML


class QuickSelect(forms.Select):
    """forms.Select, rendered without templates (optgroups included); a list of records or
    of values (a fact's units), which changes only when the archive does, kept rendered per
    archive version."""

    def render(self, name, value, attrs=None, renderer=None):
        from articles.versioning import current_version

        queryset = getattr(self.choices, "queryset", None)
        many = queryset is not None or len(self.choices) > MANY
        version = current_version() if many else None
        if version is None:
            return self._render(name, value, attrs)
        key = (
            version,
            repr(list(self.choices)) if queryset is None else str(queryset.query),
            name,
            str(value),
            repr(self.build_attrs(self.attrs, attrs)),
        )
        html = _rendered.get(key)
        if html is None:
            if len(_rendered) > 1000:
                _rendered.clear()
            html = _rendered[key] = self._render(name, value, attrs)
        return html

    def _render(self, name, value, attrs):
        context = self.get_context(name, value, attrs)["widget"]
        lines = [format_html('<select name="{}"', context["name"]) + _attrs(context["attrs"]) + ">"]
        for group_name, group_choices, _ in context["optgroups"]:
            if group_name:
                lines.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in group_choices:
                lines.append(
                    format_html('\n  <option value="{}"', str(option["value"]))
                    + _attrs(option["attrs"])
                    + format_html(">{}</option>\n", option["label"])  # the template's newline
                )
            if group_name:
                lines.append("\n  </optgroup>")
        lines.append("\n</select>")
        return mark_safe("".join(lines))  # every part escaped above


class QuickSelectMultiple(QuickSelect, forms.SelectMultiple):
    """forms.SelectMultiple rendered like QuickSelect: several records of one kind."""
