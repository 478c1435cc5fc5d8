"""Re-import: bring an article in line with its corrected source, keeping editors' changes."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from articles.cleaning import clean_text
from articles.importing.manifests import ArticleSpec, sha256
from articles.importing.mentions import NameIndex, mentions_link
from articles.importing.records import publisher_get
from articles.models import Article, Mention, Place, Quote, TradeFact
from articles.text import relocate_passage

# Fields an import sets and a later import may update, unless an editor has changed them;
# the body too (compared by its SHA-256).
IMPORTED_FIELDS = (
    "headline",
    "headline_basis",
    "publisher",
    "publisher_basis",
    "url",
    "credits",
    "language",
    "published_on",
    "date_precision",
    "date_basis",
    "date_note",
    "dateline",
)


def source_values(spec: ArticleSpec, body: str) -> dict[str, str]:
    """What an import sets, as strings (slugs for records, a hash for the body)."""
    values = {name: str(getattr(spec, name) or "") for name in IMPORTED_FIELDS}
    return {**values, "publisher": slugify(spec.publisher)[:200], "body": sha256(body)}


def article_values(article: Article) -> dict[str, str]:
    """What the article holds now, in the form of source_values()."""
    values = {name: str(getattr(article, name) or "") for name in IMPORTED_FIELDS}
    dateline = article.dateline.slug if article.dateline else ""
    return {
        **values,
        "publisher": article.publisher.slug,
        "dateline": dateline,
        "body": sha256(article.body),
    }


@dataclass
class ArticleUpdate:
    """What a re-import changed in one article, and what it left to the editors."""

    changed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # changed by an editor: left as they are
    text_changed: bool = False
    flagged: int = 0  # passages no longer in the text


def article_update(*, article: Article, spec: ArticleSpec, index: NameIndex) -> ArticleUpdate:
    """Bring an article in line with its (maybe corrected) source and manifest entry.

    A field changes only if it still holds what the last import set: an editor's correction
    is kept and named in `kept`. If the body changes, facts, quotes and mentions move with
    their passages; those no longer in the text are flagged for review, not deleted.
    """
    update = ArticleUpdate(text_changed=spec.raw_sha256 != article.raw_sha256)
    body = clean_text(spec.raw_text, headline=spec.headline).body
    new, current, last = source_values(spec, body), article_values(article), article.imported_values
    old_texts = article.headline, article.body
    with transaction.atomic():
        for name, value in new.items():
            if value == current[name]:
                continue
            if last.get(name) != current[name]:
                update.kept.append(name)
                continue
            if name == "body":
                article.body = body
            elif name == "publisher":
                article.publisher = publisher_get(spec)
            elif name == "dateline":
                article.dateline = Place.objects.filter(slug=spec.dateline).first()
            else:
                setattr(article, name, getattr(spec, name))
            update.changed.append(name)
        if update.text_changed:
            article.raw_text, article.raw_sha256 = spec.raw_text, spec.raw_sha256
            article.source_name = spec.path.name
        if update.changed or update.text_changed or new != last:
            article.imported_values = new
            article._change_reason = "import"  # noqa: SLF001
            article.save()
        if (article.headline, article.body) != old_texts:
            update.flagged = passages_follow(article=article, index=index)
    return update


def passages_reanchor(*, article: Article) -> int:
    """After the article's headline or body changed: move each fact, quote and mention to
    where its passage now stands (the occurrence nearest its old place); flag those no longer in the
    text (anchored=False, hidden from the public site). Returns how many are flagged."""
    flagged = 0
    for model, text_field in ((TradeFact, "passage"), (Quote, "text"), (Mention, "surface")):
        for item in model.objects.filter(article=article):
            text, source = getattr(item, text_field), article.text_of(item.in_headline)
            if item.anchored and source[item.start : item.end] == text:
                continue
            span = relocate_passage(source, text, near=item.start)
            if span:
                item.start, item.end = span
            item.anchored = span is not None
            flagged += span is None
            item._change_reason = "passage re-anchored: the article's text changed"  # noqa: SLF001
            item.save()
    return flagged


def passages_follow(*, article: Article, index: NameIndex | None = None) -> int:
    """After the article's headline or body changed (by a re-import or an editor): re-anchor
    its passages and link the names of the new text; returns how many passages are flagged."""
    flagged = passages_reanchor(article=article)
    mentions_link(article=article, index=index if index is not None else NameIndex.build())
    return flagged
