"""Three CSL rules that citeproc-py 0.11 does not follow: two patched into it on import, one
applied to its output.

1. "Substituted variables are suppressed in the rest of the output" (CSL 1.0.2, cs:substitute):
   citeproc-py suppresses a variable only when `<substitute>` names it directly, but the
   official APA, MLA and Chicago styles substitute through a macro (`<text macro="title"/>`),
   so an article without an author printed its headline twice. Here, the variables that the
   successful substitute actually rendered are suppressed.
2. "cs:label ... is only rendered if the selected variable is non-empty": citeproc-py renders
   the label's term regardless, so Chicago printed a stray "Edition" for every newspaper
   article (its `label-edition` macro). Here, a label of an absent variable renders nothing.
3. The en-US locale's `punctuation-in-quote="true"`: "commas and periods following rendered
   quoted text are placed inside the closing quotation mark". citeproc-py ignores the option,
   so Chicago and MLA printed “Title”. instead of “Title.”; `punctuation_in_quote` moves them.

All are checked by tests/test_citations.py; delete this module when citeproc-py follows them.
"""

import re

from citeproc import model
from citeproc.source import VariableError

_variable = model.Text._variable
_substitute = model.Substitute.render
_label = model.Label.process


def _recording_variable(self, item, context):
    text = _variable(self, item, context)
    rendered = getattr(context.get_layout(), "substituted", None)
    if text and rendered is not None:
        rendered.append((self.tag, self.get("variable")))
    return text


def _suppressing_substitute(self, item, context=None, **kwargs):
    layout = context.get_layout()
    outer, layout.substituted = getattr(layout, "substituted", None), []
    try:
        text = _substitute(self, item, context=context, **kwargs)
        rendered = layout.substituted
    finally:
        layout.substituted = outer
    if text:
        for tag, variable in rendered:
            layout.repressed.setdefault(tag, []).append(variable)
    return text


def _label_of_present_variable(self, item, variable=None, plural=None, context=None, **kwargs):
    name = variable or self.get("variable")
    if name and name != "locator":
        try:
            item.reference[name.replace("-", "_")]
        except VariableError:
            return None
    return _label(self, item, variable=variable, plural=plural, context=context, **kwargs)


model.Text._variable = _recording_variable
model.Substitute.render = _suppressing_substitute
model.Label.process = _label_of_present_variable


CLOSING_QUOTE_THEN_PUNCTUATION = re.compile(r"(”)([.,])")


def punctuation_in_quote(text: str) -> str:
    """American usage, as the en-US locale of the three styles asks: ”. → .” and ”, → ,”."""
    return CLOSING_QUOTE_THEN_PUNCTUATION.sub(r"\2\1", text)
