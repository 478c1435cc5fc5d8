"""The trade facts and quotes of the matching articles whose own text holds a query word."""

from articles.models import Quote, TradeFact
from articles.search import highlight
from articles.search.words import stemming_language


def matching_passages(
    hits, targets: dict[str, set[str]], *, kind: str, exact: bool, limit=200, hit_set=None
):
    """Facts (kind "facts") or quotes of the articles `hits`, those whose text holds one of
    the targets (per language), each with its text `highlighted`. With `hit_set` (the hits'
    ids, a bitmap), the public passages are read and kept if their article is a hit: the
    ids are not sent to the database (passages are few beside the articles)."""
    model, text_field = (TradeFact, "passage") if kind == "facts" else (Quote, "text")
    tie_break = ("figure",) if kind == "facts" else ()
    candidates = (
        model.objects.public()
        .select_related("article", "speaker" if kind == "facts" else "person")
        .defer(*(f"article__{name}" for name in ("raw_text", "imported_values")))
        # In the article's order; facts of one passage by their figure (not by id, which
        # an export and re-import renumber).
        .order_by(
            "-article__published_on", "article_id", "-in_headline", "start", "end", *tie_break, "pk"
        )
    )
    if hit_set is None:
        candidates = candidates.filter(article__in=hits)[:limit]
    else:
        candidates = [c for c in candidates.iterator() if c.article_id in hit_set][:limit]
    found = []
    for item in candidates:
        text = getattr(item, text_field)
        language = item.article.language
        words = targets[stemming_language(language)]
        spans = highlight.hit_spans(text, language, words, exact=exact)
        if spans:
            item.highlighted = highlight.marked(text, spans)
            found.append(item)
    return found
