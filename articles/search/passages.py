"""The trade facts and quotes of the matching articles whose own text holds a query word."""

from articles.models import Quote, TradeFact
from articles.search import highlight
from articles.search.words import stemming_language


def matching_passages(hits, targets: dict[str, set[str]], *, kind: str, exact: bool, limit=200):
    """Facts (kind "facts") or quotes of the articles `hits`, those whose text holds one of
    the targets (per language), each with its text `highlighted`."""
    model, text_field = (TradeFact, "passage") if kind == "facts" else (Quote, "text")
    candidates = (
        model.objects.public()
        .filter(article__in=hits)
        .select_related("article", "speaker" if kind == "facts" else "person")
        .order_by("-article__published_on", "article_id", "start")[:limit]
    )
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
