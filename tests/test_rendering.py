from articles.rendering import Span, body_html


def test_text_is_escaped_before_marks_are_added():
    html = body_html(
        "<script>alert(1)</script> & Ma", [Span(28, 30, "mention", href="/p/ma/", css="m")]
    )
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; " in html
    assert '<a class="m" href="/p/ma/">Ma</a>' in html


def test_overlapping_spans_nest_and_anchor_once():
    body = "He said “we sold 20,000 lobsters” today.\n\nNext paragraph."
    spans = [
        Span(9, 32, "quote", anchor="quote-1", css="quote"),
        Span(0, 40, "fact", anchor="fact-1", css="fact"),
        Span(17, 23, "mention", href="/x/", css="mention"),
    ]
    html = body_html(body, spans)
    assert html.count('id="fact-1"') == 1 and html.count('id="quote-1"') == 1
    assert html.count("<p>") == 2
    # the quote is outermost where it applies, the mention innermost
    mention = '<a class="mention" href="/x/">20,000</a>'
    assert f'<span class="quote"><mark class="fact">{mention}</mark></span>' in html


def test_paragraphs_split_spans_without_breaking_markup():
    html = body_html("One.\n\nTwo.", [Span(0, 9, "fact", anchor="fact-2", css="fact")])
    assert html.split("\n") == [
        '<p><mark class="fact" id="fact-2">One.</mark></p>',
        '<p><mark class="fact">Two</mark>.</p>',
    ]
