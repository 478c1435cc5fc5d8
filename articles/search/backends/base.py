"""What a search engine must do for the archive: the interface each backend implements."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

# Ranking, on both engines: the articles whose headline matches the query come first, then
# those whose headline and lede together match it, then the rest (and the articles matched
# only through a record they name), each group ranked within itself. A page is read group
# by group (see ResultList): page 1 of a word found in half the archive ranks the few
# hundred articles with it in their headline, not every article that has it.


@dataclass(frozen=True)
class Tier:
    """One group of the matching articles: its condition, its rank (higher first), and
    where the engine has one, a condition keeping the hits' ids (once known) that costs less
    than the caller's filters."""

    condition: Q
    rank: object
    among: Callable[[list[int]], Q] | None = None


class SearchBackend:
    """An engine: matching, ranking groups, and the upkeep of its index and vocabulary."""

    def match(self, clauses, excluded, *, exact: bool) -> Q:
        """The articles whose text matches every clause and none of the excluded terms."""
        raise NotImplementedError

    def tiers(self, clauses, excluded, matched: Q, *, exact: bool, plain: bool) -> list[Tier]:
        """The ranking's groups, best first (see Tier); `plain`: no record named."""
        raise NotImplementedError

    def id_list(self, ids: list[int]):
        """A subquery giving these ids, passed as one parameter."""
        raise NotImplementedError

    def every_match(self, queryset) -> list:
        """All the rows of a match."""
        return list(queryset)

    def match_ids(self, clauses, excluded, *, exact: bool, searched) -> Callable | None:
        """Where the engine has a faster way to the ids of every match, a function giving
        them; else None."""
        return None

    def articles_index(self, articles) -> None:
        """Add new articles to the index (nothing where the index is generated)."""

    def article_index(self, article) -> None:
        """(Re)write one article's entry."""

    def article_unindex(self, article_id: int) -> None:
        """Remove a deleted article's entry."""

    def known_words(self, table: str, words: list[str]) -> list[str]:
        """Those of the words the vocabulary table has, asked with one parameter."""
        raise NotImplementedError

    def nearest_words(self, candidates, word: str):
        """Narrow the vocabulary's candidates for a correction of word, nearest first."""
        return candidates
