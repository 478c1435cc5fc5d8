"""PostgreSQL search: weighted generated tsvector columns with GIN indexes, ranked by ts_rank.

Generated, weighted `tsvector` columns of the whole text (headline A, lede B, the rest C), of
headline and lede, and of the headline alone, each stemmed with the article's language
configuration (`archive_en`, `archive_fr`) and exact (`archive_exact`), all folding accents
(migrations 0003, 0009, 0010). User text reaches SQL only as bound parameters made of folded
word characters.
"""

from django.contrib.postgres.search import TrigramDistance
from django.db import connection, connections, transaction
from django.db.models import BooleanField, FloatField, Q
from django.db.models.expressions import RawSQL

from articles.models import Article
from articles.search.backends.base import SearchBackend, Tier
from articles.search.query import Term


def tsquery(terms_by_clause) -> str:
    """A to_tsquery() text: 'a' & ('b' | 'c' <-> 'd'). Words are folded \\w+ only."""

    def term_text(term: Term) -> str:
        return " <-> ".join(f"'{word}'" for word in term.words)

    return " & ".join(f"({' | '.join(term_text(t) for t in clause)})" for clause in terms_by_clause)


class PostgresBackend(SearchBackend):
    configs = {"en": "archive_en", "fr": "archive_fr"}
    weights = "'{0.1, 0.2, 0.4, 1.0}'"  # D, C (the rest of the body), B (lede), A (headline)

    def _condition(self, query: str, column: str, *, exact: bool) -> Q:
        """column @@ the query, parsed by the article's language configuration (an OR of one
        condition per language, which the planner reads from the GIN index, as it cannot a
        CASE)."""
        if exact:
            sql = f"{column}_exact @@ to_tsquery('archive_exact', %s)"
            return Q(RawSQL(sql, [query], output_field=BooleanField()))
        parts, params = [], []
        for language, config in self.configs.items():
            parts.append(f"(language = %s AND {column} @@ to_tsquery('{config}', %s))")
            params += [language, query]
        return Q(RawSQL(f"({' OR '.join(parts)})", params, output_field=BooleanField()))

    def _rank(self, query: str, column: str, *, exact: bool) -> RawSQL:
        """ts_rank of the column's vector, by the article's language configuration."""
        if exact:
            sql = f"ts_rank({self.weights}, {column}_exact, to_tsquery('archive_exact', %s))"
            return RawSQL(sql, [query], output_field=FloatField())
        cases, params = [], []
        for language, config in self.configs.items():
            cases.append(
                f"WHEN language = %s THEN ts_rank({self.weights}, {column}, "
                f"to_tsquery('{config}', %s))"
            )
            params += [language, query]
        return RawSQL(f"(CASE {' '.join(cases)} ELSE 0 END)", params, output_field=FloatField())

    def _without(self, excluded, *, exact: bool) -> Q:
        """None of the excluded terms: an anti-join on their own indexed match (inside the
        same tsquery they would make the index recheck every candidate's whole vector)."""
        if not excluded:
            return Q()
        unwanted = self._condition(tsquery([excluded]), "search_vector", exact=exact)
        return ~Q(pk__in=Article.objects.filter(unwanted).values("pk"))

    def match(self, clauses, excluded, *, exact: bool) -> Q:
        condition = self._condition(tsquery(clauses), "search_vector", exact=exact)
        return condition & self._without(excluded, exact=exact)

    def tiers(self, clauses, excluded, matched: Q, *, exact: bool, plain: bool) -> list[Tier]:
        """Headline, then headline and lede (both small generated vectors with their own GIN
        index, ranked over the lede's vector, which is kept in the row), then the rest, ranked
        over the whole text's vector, which is read from TOAST storage and decompressed: the
        costly part, reached only by the pages that go that far."""
        query = tsquery(clauses)
        headline = self._condition(query, "search_vector_headline", exact=exact)
        lead = self._condition(query, "search_vector_lead", exact=exact)
        wanted = self._without(excluded, exact=exact)
        lead_rank = self._rank(query, "search_vector_lead", exact=exact)
        return [
            Tier(headline & wanted, lead_rank),
            Tier(lead & ~headline & wanted, lead_rank),
            Tier(matched & ~lead, self._rank(query, "search_vector", exact=exact)),
        ]

    def id_list(self, ids: list[int]) -> RawSQL:
        return RawSQL("SELECT unnest(%s::bigint[])", ["{" + ",".join(map(str, ids)) + "}"])

    def every_match(self, queryset) -> list:
        """The planner prices `@@` as cheap and, for a common word, scans the table instead,
        decompressing every article's vector (30x slower at 100,000 articles); the index
        lists the matches without reading a vector."""
        database = queryset.db  # the replica a reader's page is routed to, or the primary
        with transaction.atomic(using=database), connections[database].cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            return list(queryset)

    def known_words(self, table: str, words: list[str]) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT word FROM {table} WHERE word = ANY(%s)", [words])
            return [word for (word,) in cursor.fetchall()]

    def nearest_words(self, candidates, word: str):
        """The 50 nearest by trigrams, from the GiST index (pg_trgm, migration 0011)."""
        return candidates.alias(distance=TrigramDistance("word", word)).order_by("distance")[:50]
