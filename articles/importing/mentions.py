"""Mention linking: every name and alias of the archive's records, found in article texts."""

from dataclasses import dataclass
from functools import cached_property

from articles.captions import captions, in_a_credit
from articles.models import ENTITY_MODELS, Alias, Article, Mention, Tombstone
from articles.text import NameTable, find_names, fold


@dataclass
class NameIndex:
    """Every name and alias of every record, for mention linking."""

    names: list[tuple[str, bool, tuple[str, int]]]

    @classmethod
    def build(cls) -> "NameIndex":
        names = []
        for field_name, model in ENTITY_MODELS.items():
            for record in model.objects.all():
                names.extend((name, False, (field_name, record.pk)) for name in record.names)
        for alias in Alias.objects.all():
            names.append((alias.name, alias.case_sensitive, alias.record_key))
        return cls(names)

    @cached_property
    def table(self) -> NameTable:
        return NameTable(self.names)

    @cached_property
    def folded(self) -> frozenset[str]:
        """Every name and alias folded (fold): what candidate records leave out."""
        return frozenset(fold(name) for name, *_ in self.names)


def mention_key(article: Article, key: tuple[str, int], surface: str) -> str:
    """How a deleted mention is remembered: article, record and the name as written."""
    return f"{article.slug}|{key[0]}|{key[1]}|{fold(surface)}"


def mentions_refused(slugs) -> set[str]:
    """The keys (mention_key) of the mentions an editor deleted from these articles."""
    prefixes = tuple(f"{slug}|" for slug in slugs)
    if not prefixes:
        return set()
    keys = Tombstone.objects.filter(kind="mention").values_list("key", flat=True)
    if len(prefixes) == 1:
        keys = keys.filter(key__startswith=prefixes[0])
    return {key for key in keys if key.startswith(prefixes)}


def mentions_found(*, article: Article, index: NameIndex) -> list[Mention]:
    """Unsaved mentions of every known name found in an article's headline (unless supplied)
    and body, but for those in a photographer's credit under a caption (not a mention)."""
    credits = captions(article.body, article.credits)
    return [
        Mention(
            article=article,
            in_headline=in_headline,
            start=match.start,
            end=match.end,
            surface=text[match.start : match.end],
            **{f"{match.key[0]}_id": match.key[1]},
        )
        for in_headline, text in article.passage_texts
        for match in find_names(text, index.table)
        if in_headline or not in_a_credit(match.start, match.end, credits)
    ]


def mentions_new(
    *, article: Article, index: NameIndex, refused: set[str], linked=()
) -> list[Mention]:
    """The unsaved mentions to link in an article: those found in its headline and body, less
    those that overlap a span already `linked` ((in_headline, start, end)) and those an
    editor deleted (`refused`)."""
    return [
        mention
        for mention in mentions_found(article=article, index=index)
        if not any(
            mention.in_headline == in_headline and mention.start < end and start < mention.end
            for in_headline, start, end in linked
        )
        and not (refused and mention_key(article, mention.record_key, mention.surface) in refused)
    ]


def mentions_link(*, article: Article, index: NameIndex) -> int:
    """Link every known name in the article's headline and body that is not linked yet;
    return how many.

    Mentions already there (an editor's among them) are kept, and a mention an editor deleted
    is not linked again (see Tombstone).
    """
    mentions = mentions_new(
        article=article,
        index=index,
        refused=mentions_refused([article.slug]),
        linked=list(
            article.mentions.filter(anchored=True).values_list("in_headline", "start", "end")
        ),
    )
    Mention.objects.bulk_create(mentions)
    return len(mentions)
