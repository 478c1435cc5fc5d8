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


class QuickSelect(forms.Select):
    """forms.Select, rendered without templates (optgroups included)."""

    def render(self, name, value, attrs=None, renderer=None):
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
