"""Full-text search over the articles, in English and French, on PostgreSQL and SQLite.

One entry point, `search_articles()`, hides the backend:
- PostgreSQL: weighted generated tsvector columns (headline A, lede B, body C) with per-article
  language configurations that fold accents (`archive_en`, `archive_fr`, `archive_exact`),
  GIN indexes, a tsquery built from the parsed query; the articles whose headline or lede
  match come first, ranked by ts_rank over a small vector of those two (see RankedArticles).
- SQLite: an FTS5 table fed with tokens folded and stemmed here in Python (Snowball, the same
  algorithms PostgreSQL uses), ranked by bm25 with the same weights.
The query language (words, "phrases", OR, -exclusions) is parsed here, once, for both; user text
reaches SQL only as bound parameters made of folded word characters.
"""

import difflib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

import snowballstemmer
from django.contrib.postgres.search import TrigramDistance
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Length
from django.db.models.lookups import In
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import ENTITY_MODELS, Alias, Article, SearchIndexRow, SearchTerm
from articles.text import fold

MAX_QUERY_LENGTH = 500
MAX_TERMS = 12
MAX_WORD_LENGTH = 60
MODES = ("stemmed", "exact")
TOKEN = re.compile(r"\d+(?:\.\d+)+|\w+")
STEMMERS = {"en": "english", "fr": "french"}


# Words --------------------------------------------------------------------------------------


# TOKEN's words without the one-letter ones (elisions: l', d', s), digits kept.
INDEXED_TOKEN = re.compile(r"\d+(?:\.\d+)+|\w\w+|\d")


def words_of(text: str) -> list[str]:
    """Folded words (accents, case, typographic apostrophes), without one-letter elisions."""
    return INDEXED_TOKEN.findall(fold(text))


class _Stems(dict):
    """word -> Snowball stem in one language, computed when first asked; kept, since word
    frequencies are Zipfian (a long import meets a few hundred thousand words), and read with
    `map(stems.__getitem__, words)`, which visits a text's words without a Python call each."""

    limit = 500_000

    def __init__(self, language: str):
        super().__init__()
        self.stemmer = snowballstemmer.stemmer(STEMMERS[language])

    def __missing__(self, word: str) -> str:
        if len(self) >= self.limit:
            self.clear()
        self[word] = stemmed = self.stemmer.stemWord(word)
        return stemmed


STEMS = {language: _Stems(language) for language in STEMMERS}


def stem(word: str, language: str) -> str:
    """Snowball stem, as PostgreSQL's english_stem and french_stem give it."""
    return STEMS[language][word]


def index_tokens(text: str, language: str | None) -> str:
    """Text as the SQLite index holds it: folded words, stemmed unless language is None."""
    words = words_of(text)
    if language is None:
        return " ".join(words)
    return " ".join(map(STEMS[language].__getitem__, words))


# Parsing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # folded; more than one word is a phrase
    original: str

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    def __str__(self):
        return f'"{" ".join(self.words)}"' if self.is_phrase else self.words[0]


@dataclass
class ParsedQuery:
    """AND of clauses, each an OR of terms; minus the excluded terms."""

    clauses: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def __bool__(self):
        return bool(self.clauses)

    @property
    def terms(self) -> list[Term]:
        return [term for clause in self.clauses for term in clause]

    def explain(self) -> str:
        parts = [
            " OR ".join(map(str, c)) if len(c) == 1 else f"({' OR '.join(map(str, c))})"
            for c in self.clauses
        ]
        text = " AND ".join(parts)
        if self.excluded:
            text += "".join(f" NOT {term}" for term in self.excluded)
        return text


QUOTES = str.maketrans({"“": '"', "”": '"', "«": '"', "»": '"', "„": '"', "‟": '"'})
RAW_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


def parse_query(text: str) -> ParsedQuery:
    """Words (all must match), "exact phrase", OR between terms, -exclude.

    Anything else (operators of other syntaxes, stray punctuation, unbalanced quotes) is
    ignored and reported in `ignored`, never an error.
    """
    parsed = ParsedQuery()
    text = (text or "").replace("\x00", " ")
    if len(text) > MAX_QUERY_LENGTH:
        parsed.ignored.append(f"everything after the first {MAX_QUERY_LENGTH} characters")
        text = text[:MAX_QUERY_LENGTH]
    text = text.translate(QUOTES)
    if text.count('"') % 2:
        parsed.ignored.append("an unbalanced quotation mark")
        position = text.rindex('"')
        text = text[:position] + " " + text[position + 1 :]
    pending_or = False
    for match in RAW_TOKEN.finditer(text):
        negated_phrase, phrase, bare = match.groups()
        raw = match.group(0)
        if bare == "OR":
            if parsed.clauses and not pending_or:
                pending_or = True
            else:
                parsed.ignored.append("a lone OR")
            continue
        negated = bool(negated_phrase) or (bare is not None and bare.startswith("-"))
        content = phrase if phrase is not None else bare.lstrip("-")
        words = tuple(words_of(content))
        if any(len(word) > MAX_WORD_LENGTH for word in words):
            parsed.ignored.append(f"words longer than {MAX_WORD_LENGTH} characters")
            words = tuple(word for word in words if len(word) <= MAX_WORD_LENGTH)
        if not words:
            parsed.ignored.append(repr(raw))
            pending_or = False
            continue
        if bare is not None and len(words) > 1 and not re.fullmatch(r"[\w'’-]+", content):
            parsed.ignored.append(f"the punctuation in {raw!r}")
        term = Term(words, content)
        if negated:
            parsed.excluded.append(term)
        elif pending_or:
            parsed.clauses[-1].append(term)
        else:
            parsed.clauses.append([term])
        pending_or = False
    if pending_or:
        parsed.ignored.append("a lone OR")
    if len(parsed.terms) + len(parsed.excluded) > MAX_TERMS:
        parsed.ignored.append(f"terms after the first {MAX_TERMS}")
        parsed.clauses = parsed.clauses[:MAX_TERMS]
        parsed.excluded = parsed.excluded[: max(0, MAX_TERMS - len(parsed.terms))]
    if not parsed.clauses and parsed.excluded:
        parsed.ignored.append("exclusions with nothing to search for")
        parsed.excluded = []
    return parsed


# Entities named in the query ----------------------------------------------------------------


@dataclass(frozen=True)
class EntityMatch:
    entity: object
    written: str  # the query words that named it


_names_cache: dict[str, object] = {}


def _entity_names() -> dict[str, list[object]]:
    """Folded name or alias -> records, over every record type. Kept in the process while
    the history of those records (every save and delete is recorded there) is unchanged, so
    that an editor's change made through another server process shows at once; one small
    query per search checks it instead of reading every record."""
    version = _names_version()
    if _names_cache.get("version") != version:
        _names_cache.update(version=version, names=_entity_names_load())
    return _names_cache["names"]


@cache
def _names_version_sql() -> str:
    tables = [model.history.model._meta.db_table for model in (*ENTITY_MODELS.values(), Alias)]
    latest = ", ".join(
        f"(SELECT max(history_date) FROM {t}), (SELECT count(*) FROM {t})" for t in tables
    )
    return f"SELECT {latest}"


def _names_version() -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(_names_version_sql())
        return cursor.fetchone()


def _entity_names_load() -> dict[str, list[object]]:
    names: dict[str, list] = {}
    for model in ENTITY_MODELS.values():
        for record in model.objects.all():
            for name in record.names:
                names.setdefault(" ".join(words_of(name)), []).append(record)
    for alias in Alias.objects.select_related(*ENTITY_MODELS):
        names.setdefault(" ".join(words_of(alias.name)), []).append(alias.entity)
    return names


def entities_in(parsed: ParsedQuery) -> list[list[EntityMatch]]:
    """Per clause, the records its terms name. A run of one-word clauses may name one record
    ("New Brunswick" typed without quotes); the longest run wins."""
    names = _entity_names()
    found: list[list[EntityMatch]] = [[] for _ in parsed.clauses]
    single = {i for i, c in enumerate(parsed.clauses) if len(c) == 1 and not c[0].is_phrase}
    for size in (4, 3, 2):
        for start in range(len(parsed.clauses) - size + 1):
            run = range(start, start + size)
            if not all(i in single and not found[i] for i in run):
                continue
            key = " ".join(parsed.clauses[i][0].words[0] for i in run)
            written = " ".join(parsed.clauses[i][0].original for i in run)
            for record in names.get(key, []):
                for i in run:
                    found[i].append(EntityMatch(record, written))
    for index, clause in enumerate(parsed.clauses):
        if found[index]:
            continue
        for term in clause:
            for record in names.get(" ".join(term.words), []):
                found[index].append(EntityMatch(record, term.original))
    return found


def _linked_article_ids(matches: list[EntityMatch]):
    condition = Q(pk__in=[])
    for match in matches:
        condition |= Q(pk__in=Article.objects.linked_to(match.entity).values("pk"))
    return condition


# Backends -----------------------------------------------------------------------------------
#
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


def _postgres_tsquery(terms_by_clause) -> str:
    """A to_tsquery() text: 'a' & ('b' | 'c' <-> 'd'). Words are folded \\w+ only."""

    def term_text(term: Term) -> str:
        return " <-> ".join(f"'{word}'" for word in term.words)

    return " & ".join(f"({' | '.join(term_text(t) for t in clause)})" for clause in terms_by_clause)


class PostgresBackend:
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
        unwanted = self._condition(_postgres_tsquery([excluded]), "search_vector", exact=exact)
        return ~Q(pk__in=Article.objects.filter(unwanted).values("pk"))

    def match(self, clauses, excluded, *, exact: bool) -> Q:
        """The articles whose text matches."""
        condition = self._condition(_postgres_tsquery(clauses), "search_vector", exact=exact)
        return condition & self._without(excluded, exact=exact)

    def tiers(self, clauses, excluded, matched: Q, *, exact: bool, plain: bool) -> list[Tier]:
        """Headline, then headline and lede (both small generated vectors with their own GIN
        index, ranked over the lede's vector, which is kept in the row), then the rest, ranked
        over the whole text's vector, which is read from TOAST storage and decompressed: the
        costly part, reached only by the pages that go that far."""
        query = _postgres_tsquery(clauses)
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
        """A subquery giving these ids, passed as one parameter."""
        return RawSQL("SELECT unnest(%s::bigint[])", ["{" + ",".join(map(str, ids)) + "}"])

    def every_match(self, queryset) -> list:
        """All the rows of a match. The planner prices `@@` as cheap and, for a common word,
        scans the table instead, decompressing every article's vector (30x slower at 100,000
        articles); the index lists the matches without reading a vector."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            return list(queryset)

    def match_ids(self, clauses, excluded, *, exact: bool, searched):
        return None  # the ids are read with the filters, through the articles table's indexes


def _fts5_phrase(term: Term, stems: bool, language: str) -> str:
    words = [stem(w, language) if stems else w for w in term.words]
    return '"' + " ".join(words) + '"'  # words are folded \w+ or digits.digits: safe to quote


class SqliteBackend:
    fields = ("headline", "lede", "body")

    def _expression(self, clauses, excluded, *, exact: bool, fields=fields) -> str:
        """An FTS5 query: per language, the article's language and its words in these
        fields, none of the excluded ones anywhere."""
        suffix = "_exact" if exact else ""
        columns = " ".join(f"{field}{suffix}" for field in fields)
        every = " ".join(f"{field}{suffix}" for field in self.fields)
        by_language = []
        for language in STEMMERS:
            groups = [
                "(" + " OR ".join(_fts5_phrase(t, not exact, language) for t in clause) + ")"
                for clause in clauses
            ]
            query = f"{{{columns}}} : ({' AND '.join(groups)})"
            for term in excluded:
                query += f" NOT {{{every}}} : {_fts5_phrase(term, not exact, language)}"
            by_language.append(f'(lang : "{language}" AND ({query}))')
        return " OR ".join(by_language)

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
        """A subquery giving these ids, passed as one parameter."""
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])

    def every_match(self, queryset) -> list:
        return list(queryset)

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


def backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()


# Index maintenance (SQLite; PostgreSQL's columns are generated) -----------------------------


def _lede_and_rest(body: str) -> tuple[str, str]:
    lede, _, rest = body.partition("\n\n")
    return lede, rest


def _index_row(article) -> list:
    """rowid, language, headline, lede and the rest stemmed, then the same exact."""
    language = article.language if article.language in STEMMERS else "en"
    fields = [words_of(text) for text in (article.headline, *_lede_and_rest(article.body))]
    stemmed = [" ".join(map(STEMS[language].__getitem__, words)) for words in fields]
    return [article.pk, language, *stemmed, *(" ".join(words) for words in fields)]


INDEX_INSERT = (
    "INSERT INTO articles_search (rowid, lang, headline, lede, body, headline_exact, "
    "lede_exact, body_exact) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
)


def article_index(article) -> None:
    """(Re)write an article's row of the SQLite FTS5 table."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM articles_search WHERE rowid = %s", [article.pk])
        cursor.execute(INDEX_INSERT, _index_row(article))


def articles_index(articles) -> None:
    """Add new articles to the SQLite FTS5 table, in one statement."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(INDEX_INSERT, [_index_row(article) for article in articles])


def article_unindex(article_id: int) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM articles_search WHERE rowid = %s", [article_id])


def vocabulary_add(text: str, language: str) -> None:
    """Add an article's new words to the vocabulary that suggestions are drawn from."""
    vocabulary_add_many([(text, language)])


def vocabulary_add_many(texts) -> None:
    """Add the new words of many (text, language) pairs; a word keeps its first language and
    written form."""
    surfaces: dict[str, tuple[str, str]] = {}
    for text, language in texts:
        for surface in dict.fromkeys(TOKEN.findall(text.replace("’", "'"))):
            if surface not in surfaces:
                surfaces[surface] = (fold(surface), language)
    words: dict[str, tuple[str, str]] = {}
    for surface, (word, language) in surfaces.items():
        if 2 < len(word) <= MAX_WORD_LENGTH and not word.isdigit():
            words.setdefault(word, (surface, language))
    for word in _known_words(list(words)):
        del words[word]
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=w, display=d, language=lang) for w, (d, lang) in words.items()],
        batch_size=1000,
        ignore_conflicts=True,
    )


def _known_words(words: list[str]) -> list[str]:
    """Those of the words the vocabulary has, asked with one parameter (a list of thousands
    of parameters costs more to build in Python than the query takes)."""
    table = SearchTerm._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT word FROM {table} WHERE word = ANY(%s)", [words])
        else:
            sql = f"SELECT word FROM {table} WHERE word IN (SELECT value FROM json_each(%s))"
            cursor.execute(sql, [json.dumps(words)])
        return [word for (word,) in cursor.fetchall()]


# Search -------------------------------------------------------------------------------------


@dataclass
class SearchResults:
    query_text: str
    parsed: ParsedQuery
    articles: object  # a QuerySet of every matching article, unordered
    entities: list[EntityMatch]
    entity_clauses: list[list[EntityMatch]]
    exact: bool
    searched: object = None  # the articles searched (with the caller's filters)
    tiers: list[Tier] = field(default_factory=list)  # the ranking's groups, in order
    match_ids: Callable[[], list[int]] | None = None  # where the engine has one, faster

    @property
    def mode(self) -> str:
        return "exact" if self.exact else "stemmed"

    @cached_property
    def ids(self) -> list[int]:
        """The ids of every matching article, fetched once."""
        if self.match_ids is not None:
            return self.match_ids()
        return backend().every_match(self.articles.order_by().values_list("pk", flat=True))

    @property
    def hits(self):
        """The matching articles as `id IN (their ids)`: counts, facets and passages read
        this instead of running the match again."""
        return Article.objects.filter(pk__in=backend().id_list(self.ids))

    @property
    def ranked(self) -> "ResultList":
        """The matching articles, best first: group by group (see Tier), each ranked, ties
        newest first, then by id."""
        order = [F("rank").desc(), F("published_on").desc(nulls_last=True), "pk"]
        filtered = bool(self.searched.query.where)
        groups = []
        for tier in self.tiers:
            rows = self.searched
            if filtered and tier.among:
                rows = Article.objects.filter(tier.among(self.ids))
            groups.append(rows.filter(tier.condition).annotate(rank=tier.rank).order_by(*order))
        return ResultList(groups, count=lambda: len(self.ids), rows=self.searched)

    def ordered_by(self, *order) -> "ResultList":
        groups = [self.articles.order_by(*order)]
        return ResultList(groups, count=lambda: len(self.ids), rows=self.searched)

    @property
    def stems(self) -> dict[str, set[str]]:
        """Per language, the folded (and unless exact, stemmed) words to highlight."""
        words = {w for term in self.parsed.terms for w in term.words}
        if self.exact:
            return {language: words for language in STEMMERS}
        return {language: {stem(w, language) for w in words} for language in STEMMERS}


class ResultList:
    """Articles in one order, as a Paginator reads them: a count, then one slice.

    The order is that of a list of querysets read one after the other (the ranking's groups,
    or a single one sorted by date). A slice reads the ids of its rows from the groups that
    hold them, counting a group only to skip past it, then the rows by id: sorting carries
    ids, not whole articles, and a page of the first group never ranks the others.
    """

    def __init__(self, groups: list, *, count: Callable[[], int], rows):
        self.groups, self.count, self.rows = groups, count, rows

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self[0 : self.count()])

    def __getitem__(self, window: slice) -> list:
        start, stop = window.start or 0, self.count() if window.stop is None else window.stop
        ids, offset = [], start
        for group in self.groups:
            wanted = stop - start - len(ids)
            if wanted <= 0:
                break
            found = list(group.values_list("pk", flat=True)[offset : offset + wanted])
            if not found and offset:
                offset -= group.count()  # the slice starts after this group
                continue
            ids += found
            offset = 0
        rows = {row.pk: row for row in self.rows.filter(pk__in=ids)} if ids else {}
        return [rows[pk] for pk in ids]


def search_articles(query: str, *, mode: str = "stemmed", articles=None) -> SearchResults:
    """Articles matching a query: `articles` every match, `ranked` best first.

    A blank query gives no results. A clause that names a person, organisation, place,
    initiative or event (name or alias, either language) also matches the articles linked to
    it, whatever language they are written in.
    """
    parsed = parse_query(query)
    searched = Article.objects.all() if articles is None else articles
    exact = mode == "exact"
    if not parsed:
        return SearchResults(query, parsed, searched.none(), [], [], exact, searched)
    search = backend()
    entity_clauses = entities_in(parsed)
    plain = not any(entity_clauses)
    if plain:
        condition = search.match(parsed.clauses, parsed.excluded, exact=exact)
    else:
        condition = Q()
        for clause, matches in zip(parsed.clauses, entity_clauses, strict=True):
            condition &= search.match([clause], [], exact=exact) | _linked_article_ids(matches)
        if parsed.excluded:
            unwanted = search.match([parsed.excluded], [], exact=exact)
            condition &= ~Q(pk__in=Article.objects.filter(unwanted).values("pk"))
    tiers = search.tiers(parsed.clauses, parsed.excluded, condition, exact=exact, plain=plain)
    match_ids = search.match_ids(parsed.clauses, parsed.excluded, exact=exact, searched=searched)
    entities = list({m.entity: m for clause in entity_clauses for m in clause}.values())
    return SearchResults(
        query,
        parsed,
        searched.filter(condition),
        entities,
        entity_clauses,
        exact,
        searched,
        tiers,
        match_ids if plain else None,
    )


# Snippets and highlighting ------------------------------------------------------------------


# Characters folded when the pattern below is made: Latin, Greek, Cyrillic and the rest of
# the first 12,288 code points, ligatures, full-width forms.
FOLDED_RANGES = ((0, 0x3000), (0xFB00, 0xFB50), (0xFF00, 0xFFF0))


@cache
def _folding_to() -> tuple[dict[str, str], str]:
    """Per folded character, the characters that fold to it (both cases, every accent), as
    the inside of a regex class; and those that fold to several characters (œ, ß, ﬁ)."""
    sources: dict[str, list[str]] = {}
    several = []
    for low, high in FOLDED_RANGES:
        for code in range(low, high):
            folded = fold(chr(code))
            if len(folded) == 1:
                sources.setdefault(folded, []).append(chr(code))
            elif len(folded) > 1:
                several.append(chr(code))
    escaped = {folded: "".join(map(re.escape, chars)) for folded, chars in sources.items()}
    return escaped, "".join(map(re.escape, several))


# A word of the original text, as TOKEN splits the folded one: combining accents (of text
# written decomposed) belong to their word.
COMBINING = r"[\u0300-\u036f]"
WORD_CHAR = rf"[\w{COMBINING[1:-1]}]"
ORIGINAL_TOKEN = rf"\d+(?:\.\d+)+|{WORD_CHAR}+"


@lru_cache(maxsize=1000)
def _words_starting(prefixes: frozenset[str]) -> re.Pattern:
    """The words of an original (unfolded) text that may fold to a word starting with one
    of the prefixes; only these few are then folded, where folding the whole text would
    visit every character. For words, the pattern starts with a class of first characters,
    which lets the regex engine skip to them (several times faster than starting with a
    lookaround); numbers ("1.5") take the general pattern."""
    sources, several = _folding_to()

    def folding_to(char: str) -> str:
        return f"[{sources.get(char, re.escape(char))}{several}]"

    def source(chars: str) -> str:  # each character as it may be written, with accents
        return "".join(f"{folding_to(char)}{COMBINING}*" for char in chars)

    if any(not prefix[0].isalpha() for prefix in prefixes):
        alternatives = "|".join(map(source, sorted(prefixes)))
        return re.compile(rf"(?<!{WORD_CHAR})(?=(?:{alternatives})){ORIGINAL_TOKEN}")
    firsts = "".join(sorted({sources.get(p[0], re.escape(p[0])) for p in prefixes}))
    rests = "|".join(
        [f"(?<={folding_to(p[0])}){COMBINING}*{source(p[1:])}" for p in sorted(prefixes)]
        + [f"(?<=[{several}])"]  # "ﬁsh" is checked by folding the word
    )
    return re.compile(rf"[{firsts}{several}](?<!{WORD_CHAR}.)(?:{rests}){WORD_CHAR}*")


def hit_spans(
    text: str, language: str, targets: set[str], *, exact: bool, limit: int | None = None
) -> list[tuple[int, int]]:
    """Offsets of the words of text whose folded (and stemmed) form is a target."""
    if not targets:
        return []
    prefixes = frozenset(target[:3] for target in targets)  # a stem keeps its word's start
    language = language if language in STEMMERS else "en"
    spans = []
    for match in _words_starting(prefixes).finditer(text):
        word = fold(match.group())
        if word[:3] not in prefixes:
            continue
        if (word if exact else stem(word, language)) in targets:
            spans.append(match.span())
            if limit and len(spans) == limit:
                break
    return spans


def marked(text: str, spans: list[tuple[int, int]]) -> SafeString:
    """The text escaped, then the spans wrapped in <mark>."""
    pieces, position = [], 0
    for start, end in spans:
        pieces.append(escape(text[position:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # every piece of text was escaped


def snippets(text: str, spans: list[tuple[int, int]], *, width: int = 90, limit: int = 2):
    """Keyword-in-context windows around the first hits, each marked."""
    windows = []
    for start, end in spans:
        if windows and start < windows[-1][1]:
            continue
        left = max(0, start - width)
        right = min(len(text), end + width)
        left = text.rfind(" ", 0, left) + 1 if left else 0
        space = text.find(" ", right)
        right = len(text) if space == -1 else space
        windows.append((left, right))
        if len(windows) == limit:
            break
    result = []
    for left, right in windows:
        inside = [(s - left, e - left) for s, e in spans if left <= s and e <= right]
        result.append(
            {
                "html": marked(text[left:right], inside),
                "starts_inside": left > 0,
                "ends_inside": right < len(text),
            }
        )
    return result


def _correction(word: str) -> str | None:
    """The closest archive word to one the archive does not have, unless it is only another
    form of the same word (same stem in the language the archive word was found in)."""
    if not 4 <= len(word) <= MAX_WORD_LENGTH or word.isdigit():
        return None
    if SearchTerm.objects.filter(word=word).exists():
        return None
    near = (
        SearchTerm.objects.alias(length=Length("word"))
        .filter(word__startswith=word[0], length__range=(len(word) - 2, len(word) + 2))
        .only("word", "display", "language")
    )
    if connection.vendor == "postgresql":  # the nearest by trigrams, from the GiST index
        near = near.alias(distance=TrigramDistance("word", word)).order_by("distance")[:50]
    candidates = {term.word: term for term in near[:5000]}
    close = [candidates[c] for c in difflib.get_close_matches(word, list(candidates), 3, 0.8)]
    if any(stem(term.word, term.language) == stem(word, term.language) for term in close):
        return None  # the archive has this word in another form: stemming finds it
    return close[0].display if close else None


def suggestion(parsed: ParsedQuery) -> str | None:
    """A “did you mean” query drawn from the archive's own vocabulary, or None."""
    changed, shown = False, []
    for term in parsed.terms:
        fixed = []
        for word in term.words:
            correction = _correction(word)
            changed |= correction is not None
            fixed.append(correction or word)
        shown.append(f'"{" ".join(fixed)}"' if term.is_phrase else fixed[0])
    return " ".join(shown) if changed else None


def entity_notes(results: SearchResults, articles) -> dict[int, list[str]]:
    """Why an article matched through a record rather than its words, e.g. a French article
    found by an English name: {article id: ["mentions New Brunswick as “Nouveau-Brunswick”"]}."""
    from articles.models import Mention

    if not results.entities:
        return {}
    notes: dict[int, list[str]] = {}
    ids = [article.pk for article in articles]
    for match in results.entities:
        field_name = match.entity._meta.model_name
        surfaces: dict[int, set[str]] = {}
        mentions = Mention.objects.public().filter(article_id__in=ids, **{field_name: match.entity})
        for article_id, surface in mentions.values_list("article_id", "surface"):
            surfaces.setdefault(article_id, set()).add(surface)
        for article_id, written in surfaces.items():
            others = sorted(w for w in written if fold(w) != fold(match.written))
            if others:
                shown = ", ".join(f"“{w}”" for w in others)
                asked = (
                    "" if fold(match.written) == fold(str(match.entity)) else f" ({match.written})"
                )
                notes.setdefault(article_id, []).append(f"names {match.entity}{asked} as {shown}")
    return notes


def matching_passages(results: SearchResults, kind: str, limit: int = 200) -> list:
    """Trade facts or quotes of the matching articles whose own text holds a query word."""
    from articles.models import Quote, TradeFact

    model, text_field = (TradeFact, "passage") if kind == "facts" else (Quote, "text")
    candidates = (
        model.objects.public()
        .filter(article__in=results.hits)
        .select_related("article", "speaker" if kind == "facts" else "person")
        .order_by("-article__published_on", "article_id", "start")[:limit]
    )
    stems = results.stems
    found = []
    for item in candidates:
        text = getattr(item, text_field)
        language = item.article.language
        spans = hit_spans(text, language, stems.get(language, stems["en"]), exact=results.exact)
        if spans:
            item.highlighted = marked(text, spans)
            found.append(item)
    return found
