"""An article body as HTML: escaped text, mentions linked, facts and quotes marked in place."""

from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles.captions import Caption, paragraphs
from articles.search import query_hits

# Outer to inner: a search hit sits inside a mention, inside a fact, inside a quote; a
# photographer's credit holds whatever falls in it.
LAYERS = ("credit", "quote", "fact", "mention", "hit")
MARKS = ("mentions", "facts", "quotes")  # what a reader may hide (?hide=mentions)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    layer: str
    anchor: str = ""  # id of the element, on the span's first piece
    href: str = ""
    title: str = ""
    css: str = ""
    after: str = ""  # safe HTML put after the span's last piece, outside every tag


def _open_tag(span: Span, first_piece: bool) -> str:
    anchor = format_html(' id="{}"', span.anchor) if first_piece and span.anchor else ""
    title = format_html(' title="{}"', span.title) if span.title else ""
    if span.layer == "mention":
        return format_html('<a class="{}" href="{}"{}{}>', span.css, span.href, title, anchor)
    tag = "mark" if span.layer in ("fact", "hit") else "span"
    return format_html('<{} class="{}"{}{}>', tag, span.css, title, anchor)


def _close_tag(span: Span) -> str:
    return {"mention": "</a>", "fact": "</mark>", "hit": "</mark>"}.get(span.layer, "</span>")


def _pieces(text: str, bounds: tuple[int, int], spans: list[Span], started: set) -> list[str]:
    """text[start:end] split at every span edge inside it, each piece wrapped in the spans
    covering it (outer to inner, so tags always nest)."""
    low, high = bounds
    edges = {low, high}
    for span in spans:
        for edge in (span.start, span.end):
            if low < edge < high:
                edges.add(edge)
    edges = sorted(edges)
    pieces = []
    for left, right in zip(edges, edges[1:], strict=False):
        covering = sorted(
            (s for s in spans if s.start <= left and right <= s.end),
            key=lambda s: (LAYERS.index(s.layer), s.start, -s.end),
        )
        escaped = escape(text[left:right]).replace("\n", "<br>")
        opened = "".join(_open_tag(s, s not in started) for s in covering)
        closed = "".join(_close_tag(s) for s in reversed(covering))
        started.update(covering)
        pieces.append(f"{opened}{escaped}{closed}")
        pieces += [s.after for s in covering if s.after and s.end == right]
    return pieces


def body_html(body: str, spans: list[Span], captions: list[Caption] = ()) -> SafeString:
    """Split the body at every span edge; each piece is wrapped in the spans covering it.

    Pieces never cross a paragraph, and tags always nest, whatever the spans overlap. A photo
    caption is a caption paragraph, its photographer's credit set apart.
    """
    started: set[Span] = set()
    caption_at = {caption.start: caption for caption in captions}
    spans = spans + [Span(c.credit_start, c.end, "credit", css="photo-credit") for c in captions]
    html = []
    for bounds in paragraphs(body):
        pieces = _pieces(body, bounds, spans, started)
        if bounds[0] in caption_at:
            html.append(f'<p class="caption">{"".join(pieces)}</p>')
        else:
            html.append(f"<p>{''.join(pieces)}</p>")
    return mark_safe("\n".join(html))  # every piece of text above was escaped


def headline_html(headline: str, spans: list[Span]) -> SafeString:
    """The headline escaped, its mentions linked and its facts marked like the body's."""
    return mark_safe("".join(_pieces(headline, (0, len(headline)), spans, set())))  # escaped


def record_name(record, language: str) -> str:
    """A record's name, and for a French article its French name beside it:
    “Canadian Pavilion on Tmall Global / Pavillon du Canada”."""
    french = getattr(record, "name_fr", "")
    if language == "fr" and french and french != record.name:
        return f"{record.name} / {french}"
    return record.name


def annotation_spans(article, hidden=(), *, in_headline: bool = False) -> list[Span]:
    """The article's mentions linked, its facts and quotes marked (as prefetched), in its body
    or in its headline, but for the kinds the reader hid (MARKS): hidden mentions are plain
    text, hidden facts and quotes unmarked but still there to link to (#fact-3). A French
    article's mentions are titled with the record's French name too."""
    spans = [
        Span(
            m.start,
            m.end,
            "mention",
            href=m.entity.get_absolute_url(),
            title=record_name(m.entity, article.language),
            css=f"mention mention-{m.entity._meta.model_name}",
        )
        for m in article.mentions.all()
        if "mentions" not in hidden and m.in_headline == in_headline
    ]
    spans += [
        Span(
            f.start,
            f.end,
            "fact",
            anchor=f"fact-{f.pk}",
            title="" if "facts" in hidden else f"Trade fact: {f.figure}",
            css="fact unmarked" if "facts" in hidden else "fact",
        )
        for f in article.facts.all()
        if f.in_headline == in_headline
    ]
    spans += [
        Span(
            q.start,
            q.end,
            "quote",
            anchor=f"quote-{q.pk}",
            title="" if "quotes" in hidden else f"Quote: {q.person.name}",
            css="quote unmarked" if "quotes" in hidden else "quote",
        )
        for q in article.quotes.all()
        if q.in_headline == in_headline
    ]
    return spans


def _hit_nav(number: int, count: int) -> str:
    """“hit 2 of 5” with plain links to the previous and next hits (shown for the hit the
    address points at, by CSS: no script)."""
    previous = (
        format_html('<a href="#hit-{}" rel="prev">previous</a>', number - 1) if number > 1 else ""
    )
    following = (
        format_html('<a href="#hit-{}" rel="next">next</a>', number + 1) if number < count else ""
    )
    return format_html(
        '<span class="hit-nav">hit {} of {}{}{}</span>',
        number,
        count,
        format_html(" · {}", previous) if previous else "",
        format_html(" · {}", following) if following else "",
    )


def hit_spans(article, query: str, mode: str | None) -> list[Span]:
    """The words of a search query highlighted in an article: #hit-1, #hit-2..., each
    followed by its “hit n of N” navigation."""
    found = query_hits(article.body, article.language, query, mode)
    return [
        Span(
            start,
            end,
            "hit",
            anchor=f"hit-{number}",
            css="hit",
            after=_hit_nav(number, len(found)),
        )
        for number, (start, end) in enumerate(found, start=1)
    ]
