"""SQLite search: an FTS5 table of words folded and stemmed in Python, ranked by bm25.

The table (migration 0003) is fed with the same folded words PostgreSQL indexes, stemmed with
Snowball (the algorithms PostgreSQL uses); columns headline, lede and body, each also exact.
Its rows follow every article save and delete (articles/signals.py and the import pipeline).
"""

import json

from django.db import connection, models
from django.db.models import ExpressionWrapper, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.lookups import In

from articles.models import Article
from articles.search.backends.base import SearchBackend, Tier
from articles.search.query import Term
from articles.search.words import STEMMERS, stem, stemming_language, stems_of, words_of


class FullTextDocumentField(models.TextField):
    """FTS5's hidden column named after its table; `__match` is its MATCH operator."""


@FullTextDocumentField.register_lookup
class FullTextMatch(models.Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class SearchIndexRow(models.Model):
    """A row of SQLite's FTS5 search table (created by migration 0003; SQLite only)."""

    article = models.OneToOneField(
        Article,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        related_name="search_row",
    )
    document = FullTextDocumentField(db_column="articles_search")
    rank = models.FloatField(db_column="rank")

    class Meta:
        app_label = "articles"
        managed = False
        db_table = "articles_search"

    def __str__(self):
        return f"search row {self.pk}"


def _fts5_phrase(term: Term, stems: bool, language: str) -> str:
    words = [stem(w, language) if stems else w for w in term.words]
    return '"' + " ".join(words) + '"'  # words are folded \w+ or digits.digits: safe to quote


def _lede_and_rest(body: str) -> tuple[str, str]:
    lede, _, rest = body.partition("\n\n")
    return lede, rest


def _index_row(article) -> list:
    """rowid, language, headline, lede and the rest stemmed, then the same exact."""
    language = stemming_language(article.language)
    fields = [words_of(text) for text in (article.headline, *_lede_and_rest(article.body))]
    stemmed = [" ".join(stems_of(words, language)) for words in fields]
    return [article.pk, language, *stemmed, *(" ".join(words) for words in fields)]


INDEX_INSERT = (
    "INSERT INTO articles_search (rowid, lang, headline, lede, body, headline_exact, "
    "lede_exact, body_exact) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
)


class SqliteBackend(SearchBackend):
    fields = ("headline", "lede", "body")

    def _expression(self, clauses, excluded, *, exact: bool, fields=fields) -> str:
        """An FTS5 query: per language, the article's language and its words in these
        fields, none of the excluded ones anywhere."""
        suffix = "_exact" if exact else ""
        columns = " ".join(f"{field}{suffix}" for field in fields)
        every = " ".join(f"{field}{suffix}" for field in self.fields)
        queries = {}
        for language in STEMMERS:
            groups = [
                "(" + " OR ".join(_fts5_phrase(t, not exact, language) for t in clause) + ")"
                for clause in clauses
            ]
            query = f"{{{columns}}} : ({' AND '.join(groups)})"
            for term in excluded:
                query += f" NOT {{{every}}} : {_fts5_phrase(term, not exact, language)}"
            queries[language] = query
        if len(set(queries.values())) == 1:
            # The same words in every language (exact words, or stems that agree): every row's
            # lang is one of STEMMERS, so the language test is dropped. It is weighted 0 in
            # bm25 (migration 0003), so the ranks are the same, and FTS5 no longer reads the
            # language's postings (90,000 rows at 100,000 articles: 40 ms a query).
            return next(iter(queries.values()))
        return " OR ".join(f'(lang : "{lang}" AND ({query}))' for lang, query in queries.items())

    def _rows(self, expression: str):
        return SearchIndexRow.objects.filter(document__match=expression)

    def match(self, clauses, excluded, *, exact: bool) -> Q:
        """The FTS5 match in its own subquery, for use inside other conditions."""
        rows = self._rows(self._expression(clauses, excluded, exact=exact))
        return Q(pk__in=rows.values("article_id"))

    def tiers(self, clauses, excluded, matched: Q, *, exact: bool, plain: bool) -> list[Tier]:
        """Each group its own FTS5 match restricted to its columns, joined so that the FTS5
        table drives the query, ranked by FTS5's weighted bm25 (headline 10, lede 4, rest 1).
        Articles matched through a record may not match the words at all: in that case the
        rest are the articles matched but not in the first two groups, each ranked by a
        lookup of its own bm25."""

        def expression(fields) -> str:
            return self._expression(clauses, excluded, exact=exact, fields=fields)

        def tier(text: str) -> Tier:
            return Tier(Q(search_row__document__match=text), F("search_row__rank") * -1, among)

        def among(ids: list[int]) -> Q:
            """The FTS5 row's id in the hits: checked as the FTS5 table gives each row, before
            the article is read (filters on the article read it for every match). The `+ 0`
            keeps SQLite from asking MATCH for each id instead."""
            rowid = ExpressionWrapper(F("search_row__article") + 0, output_field=IntegerField())
            return Q(In(rowid, self.id_list(ids)))

        headline, lead = expression(("headline",)), expression(("headline", "lede"))
        tiers = [tier(headline), tier(f"({lead}) NOT ({headline})")]
        if plain:
            return [*tiers, tier(f"({expression(self.fields)}) NOT ({lead})")]
        every = self._rows(expression(self.fields))
        rank = Subquery(every.filter(article_id=OuterRef("pk")).values("rank")[:1]) * -1
        rest = matched & ~Q(pk__in=self._rows(lead).values("article_id"))
        return [*tiers, Tier(rest, Coalesce(rank, Value(0.0)))]

    def id_list(self, ids: list[int]) -> RawSQL:
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])

    def match_ids(self, clauses, excluded, *, exact: bool, searched):
        """The ids of every match, read from the FTS5 table alone, then kept if the filtered
        articles have them: joining the articles table around MATCH (or asking MATCH for
        each filtered id) reads a row per match, 2 to 10 times slower."""

        def ids() -> list[int]:
            rows = self._rows(self._expression(clauses, excluded, exact=exact))
            found = list(rows.values_list("article_id", flat=True))
            if not searched.query.where:
                return found
            kept = set(searched.values_list("pk", flat=True))
            return [pk for pk in found if pk in kept]

        return ids

    def article_index(self, article) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM articles_search WHERE rowid = %s", [article.pk])
            cursor.execute(INDEX_INSERT, _index_row(article))

    def articles_index(self, articles) -> None:
        """In one statement."""
        with connection.cursor() as cursor:
            cursor.executemany(INDEX_INSERT, [_index_row(article) for article in articles])

    def article_unindex(self, article_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM articles_search WHERE rowid = %s", [article_id])

    def known_words(self, table: str, words: list[str]) -> list[str]:
        sql = f"SELECT word FROM {table} WHERE word IN (SELECT value FROM json_each(%s))"
        with connection.cursor() as cursor:
            cursor.execute(sql, [json.dumps(words)])
            return [word for (word,) in cursor.fetchall()]
