"""Serve an article's raw source byte for byte as plain text, so no browser renders it."""

from django.http import HttpResponse

from articles.models import RawSource


def raw_response(article) -> HttpResponse:
    """The bytes as received, in the charset they were read in; for articles imported before
    raw sources were kept, the raw text (received as UTF-8)."""
    raw = RawSource.objects.filter(article=article).only("data", "charset").first()
    if raw is None:
        data, charset = article.raw_text.encode("utf-8"), "utf-8"
    else:
        data, charset = bytes(raw.data), raw.charset or "utf-8"
    response = HttpResponse(data, content_type=f"text/plain; charset={charset}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Content-Disposition"] = "inline"
    return response
