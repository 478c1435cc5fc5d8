"""Cite pages and downloads: an article's "Cite this" page, the permalinks of trade facts and
quotes, their BibTeX, RIS and CSL-JSON; and robots.txt."""

import re

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from articles import citations
from articles.models import Article, Quote, TradeFact
from articles.search import marked

# A sentence ends at . ! ? or … (and closing quotes) before a capital or digit, or at a line end.
SENTENCE_END = re.compile(r"[.!?…][”»\"')\]]*\s+(?=[“«\"'(\[]?[A-ZÀ-ÖØ-Þ0-9])|\n")


def passage_in_sentence(body: str, start: int, end: int) -> dict:
    """The sentence (or sentences) holding body[start:end], with the passage marked."""
    left = 0
    for match in SENTENCE_END.finditer(body, 0, start):
        left = match.end()
    following = SENTENCE_END.search(body, max(end, start + 1) - 1)
    right = following.end() if following else len(body)
    right = max(right, end)
    sentence = body[left:right].rstrip()
    return marked(sentence, [(start - left, min(end, left + len(sentence)) - left)])


def _article(slug: str) -> Article:
    return get_object_or_404(Article.objects.with_listing_data(), slug=slug)


def _fact(pk: int) -> TradeFact:
    """An approved fact whose passage is still in its article: what the site shows."""
    facts = TradeFact.objects.public().select_related(
        "article__publisher", "speaker", "subject_organisation", "subject_place", "initiative"
    )
    return get_object_or_404(facts, pk=pk)


def _quote(pk: int) -> Quote:
    return get_object_or_404(
        Quote.objects.public().select_related("article__publisher", "person"), pk=pk
    )


def _cited(request, kind: str, record):
    accessed = timezone.localdate()
    if kind == "article":
        url = request.build_absolute_uri(record.get_absolute_url())
        return citations.cited_article(record, url, accessed)
    url = request.build_absolute_uri(reverse(f"articles:{kind}-permalink", args=[record.pk]))
    if kind == "fact":
        return citations.cited_fact(record, url, accessed)
    return citations.cited_quote(record, url, accessed)


def _download(cited, fmt: str) -> HttpResponse:
    if fmt not in citations.DOWNLOADS:
        raise Http404("Unknown citation format (use bib, ris or json).")
    content_type, write = citations.DOWNLOADS[fmt]
    response = HttpResponse(write(cited), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{cited.key}.{fmt}"'
    return response


def _downloads(kind: str, key) -> list[dict]:
    names = {"bib": "BibTeX", "ris": "RIS", "json": "CSL-JSON"}
    return [
        {
            "format": fmt,
            "label": label,
            "url": reverse(f"articles:{kind}-cite-file", args=[key, fmt]),
        }
        for fmt, label in names.items()
    ]


@require_safe
def article_cite(request, slug):
    """/articles/<slug>/cite/: the article's citation in Chicago, APA and MLA, and downloads."""
    article = _article(slug)
    cited = _cited(request, "article", article)
    return render(
        request,
        "articles/article_cite.html",
        {
            "article": article,
            "cited": cited,
            "formatted": citations.all_formatted(cited),
            "downloads": _downloads("article", article.slug),
        },
    )


@require_safe
def article_cite_file(request, slug, fmt):
    return _download(_cited(request, "article", _article(slug)), fmt)


def _passage_page(request, kind: str, record):
    article = record.article
    field = "headline" if record.in_headline else "body"  # the text the offsets are into
    text = Article.objects.values_list(field, flat=True).get(pk=article.pk)
    cited = _cited(request, kind, record)
    return render(
        request,
        "articles/passage_detail.html",
        {
            "kind": kind,
            "record": record,
            "article": article,
            "sentence": passage_in_sentence(text, record.start, record.end),
            "in_article_url": record.get_absolute_url(),
            "cited": cited,
            "formatted": citations.all_formatted(cited),
            "downloads": _downloads(kind, record.pk),
        },
    )


@require_safe
def fact_permalink(request, pk):
    """/facts/<id>/: a trade fact, its passage in its sentence, and its citation."""
    return _passage_page(request, "fact", _fact(pk))


@require_safe
def fact_cite_file(request, pk, fmt):
    return _download(_cited(request, "fact", _fact(pk)), fmt)


@require_safe
def quote_permalink(request, pk):
    """/quotes/<id>/: a quote, its passage in its sentence, and its citation."""
    return _passage_page(request, "quote", _quote(pk))


@require_safe
def quote_cite_file(request, pk, fmt):
    return _download(_cited(request, "quote", _quote(pk)), fmt)


@require_safe
def robots_txt(request):
    """Pages may be crawled; the admin and the raw source texts may not."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /articles/*/raw/",
        "Allow: /",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
