"""Who reported a quote: a quote lying inside another person's quote is second-hand."""

from articles.models import Quote


def mark_reporters(quotes, among=None) -> list:
    """Set `reported_by` (a Person, or None) on each quote: the speaker of a quote of the same
    article that encloses it (“He’d say, ‘Jack, you’ve got to…’” is Ma reporting Trudeau).
    `among`: the quotes that may enclose them (with their person), if at hand; else one
    query reads those of the quotes' articles."""
    quotes = list(quotes)
    article_ids = {quote.article_id for quote in quotes}
    if among is None:
        among = (
            Quote.objects.public().filter(article_id__in=article_ids).select_related("person")
            if article_ids
            else []
        )
    enclosing = {}
    for outer in among:
        enclosing.setdefault(outer.article_id, []).append(outer)
    for quote in quotes:
        quote.reported_by = next(
            (
                outer.person
                for outer in enclosing.get(quote.article_id, [])
                if outer.pk != quote.pk
                and outer.person_id != quote.person_id
                and outer.in_headline == quote.in_headline
                and outer.start <= quote.start
                and quote.end <= outer.end
            ),
            None,
        )
    return quotes
