"""Search and import benchmark on a synthetic archive, on SQLite and PostgreSQL in one run.

    python bench/run.py --sizes 10000 100000      (make bench SIZES="10000 100000")

For each engine and size, a worker process builds a fresh database, imports N synthetic
articles through the archive's one import entry point, `articles_import()` (mention linking,
candidate facts and indexing included), then times a fixed query set through
`search_articles()` (raw SQL), the full search page, a naive `icontains` scan and
django-watson, and the list and record pages with their query counts. Results go to
bench/results/results.json and bench/results/results.md.
"""

import argparse
import contextlib
import datetime
import importlib
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/{name}"
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "archive_bench")  # parallel runs: own names
PHRASES = ["small business", "trade mission", "middle class"]
PLANTED = {"lobsters": 0.02, "cherries": 0.02, "maple": 0.01}
BATCH = 500  # articles per import transaction
RAW_ROWS = 20_000  # rows written raw for the import's baseline


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# Synthetic archive ---------------------------------------------------------------------------


class Corpus:
    """Articles of 400-800 words drawn by real word frequencies (wordfreq), in English and
    French, with names of the archive's records planted in them."""

    def __init__(self, names: list[str], seed: int = 17):
        import wordfreq

        self.random = random.Random(seed)
        self.words, self.weights = {}, {}
        for language in ("en", "fr"):
            words = [w for w in wordfreq.top_n_list(language, 20000) if w.isalpha()]
            self.words[language] = words
            self.weights[language] = [wordfreq.word_frequency(w, language) for w in words]
        self.names = names

    def text(self, language: str, count: int) -> list[str]:
        return self.random.choices(self.words[language], self.weights[language], k=count)

    def article(self, number: int) -> dict:
        rnd = self.random
        language = "fr" if rnd.random() < 0.2 else "en"
        words = self.text(language, rnd.randint(400, 800))
        for name in rnd.sample(self.names, rnd.randint(1, 4)):
            words.insert(rnd.randrange(len(words)), name)
        for phrase in PHRASES:
            if rnd.random() < 0.05:
                words.insert(rnd.randrange(len(words)), phrase)
        for word, share in PLANTED.items():
            if rnd.random() < share:
                words.insert(rnd.randrange(len(words)), word)
        paragraphs = [" ".join(words[i : i + 80]) + "." for i in range(0, len(words), 80)]
        headline = " ".join(self.text(language, 8)).capitalize()
        published = datetime.date(2005, 1, 1) + datetime.timedelta(days=rnd.randrange(7300))
        return {
            "number": number,
            "language": language,
            "headline": headline,
            "raw": headline + "\n\n" + "\n\n".join(paragraphs) + "\n",
            "published_on": published,
        }


def spec_of(item: dict):
    from articles.importing import ArticleSpec

    return ArticleSpec(
        path=Path(f"synthetic-{item['number']:06d}.txt"),
        raw_text=item["raw"],
        slug=f"synthetic-{item['number']:06d}",
        headline=item["headline"],
        headline_basis="stated",
        publisher=f"Synthetic Daily {item['number'] % 7}",
        publisher_website="",
        publisher_basis="stated",
        url="",
        credits="",
        language=item["language"],
        published_on=item["published_on"],
        date_precision="day",
        date_basis="stated",
        date_note="",
        dateline="",
    )


# Measuring ---------------------------------------------------------------------------------


def summary(samples: list[float]) -> dict:
    samples = sorted(samples)
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.95))], 2),
    }


def timed(function, repeat: int) -> dict:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return summary(samples)


def timed_sql(function, repeat: int) -> dict:
    """Like timed(), counting only the statements that read the full-text index (not the
    lookup of record names that every search makes first)."""
    samples = []
    for _ in range(repeat):
        with counting_queries() as statements:
            function()
        samples.append(
            sum(ms for sql, ms in statements if "search_vector" in sql or "articles_search" in sql)
        )
    return summary(samples)


@contextlib.contextmanager
def counting_queries():
    """The SQL statements run inside the block (whatever DEBUG says), each with the time it
    took to run and to fetch its rows: SQLite computes rows as they are fetched, after
    execute() has returned the first (psycopg2 has them all when execute() returns)."""
    from django.db import connection
    from django.db.backends.utils import CursorWrapper

    statements = []
    last = {}  # cursor -> its statement's [sql, ms]

    def count(execute, sql, params, many, context):
        entry = [sql, 0.0]
        last[id(context["cursor"])] = entry
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            entry[1] += (time.perf_counter() - start) * 1000
            statements.append(entry)

    attribute = CursorWrapper.__getattr__

    def timed_fetch(cursor, name):
        value = attribute(cursor, name)
        entry = last.get(id(cursor))
        if not name.startswith("fetch") or entry is None:
            return value

        def fetch(*args, **kwargs):
            start = time.perf_counter()
            try:
                return value(*args, **kwargs)
            finally:
                entry[1] += (time.perf_counter() - start) * 1000

        return fetch

    CursorWrapper.__getattr__ = timed_fetch
    try:
        with connection.execute_wrapper(count):
            yield statements
    finally:
        CursorWrapper.__getattr__ = attribute


def query_set(common: str, rare: str) -> list[dict]:
    return [
        {"name": "rare word", "q": rare},
        {"name": "common word", "q": common},
        {"name": "phrase", "q": '"small business"'},
        {"name": "OR", "q": "lobsters OR cherries"},
        {"name": "negation", "q": f"{common} -lobsters"},
        {"name": "search + filters", "q": common, "params": {"year": "2015", "language": "en"}},
        {"name": "search + person", "q": common, "params": {"person": "jack-ma"}},
        {"name": "search + organisation", "q": common, "params": {"organisation": "alibaba-group"}},
        {"name": "sort=-date", "q": common, "params": {"sort": "-date"}},
        {"name": "page 50", "q": common, "params": {"page": "50"}},
    ]


def filtered(params: dict):
    """The articles that the search page's filters (not sort or page) let through."""
    from articles.filters import ArticleFilter
    from articles.models import Article

    data = {k: v for k, v in params.items() if k not in ("sort", "page")}
    filterset = ArticleFilter(data, queryset=Article.objects.all())
    assert filterset.is_valid(), filterset.errors
    return filterset.qs.order_by()


def search_row(client, query: dict, repeat: int) -> dict:
    """One query of the set, timed in every way the results compare."""
    from django.db.models import Q

    from articles.search import search_articles
    from articles.search.highlight import hit_spans, snippets

    params = query.get("params", {})
    number = int(params.get("page", 1))

    def search():
        results = search_articles(query["q"], articles=filtered(params))
        if params.get("sort") == "-date":
            return results, results.ordered_by("-published_on", "pk")
        return results, results.ranked

    def bare():
        """The match alone: WHERE tsv @@ q LIMIT 20 (FTS5: MATCH), no rank, no order."""
        list(search()[0].articles.order_by().values_list("pk", flat=True)[:20])

    def ranked():
        """The page's rows, ranked (what the page runs for its list)."""
        return list(search()[1][(number - 1) * 20 : number * 20])

    def ranked_snippets():
        results, articles = search()
        stems = results.stems
        for article in articles[(number - 1) * 20 : number * 20]:
            targets = stems.get(article.language, stems["en"])
            spans = hit_spans(article.body, article.language, targets, exact=False, limit=8)
            snippets(article.body, spans)

    def counted():
        """Count and page, as the search page needs them."""
        results, articles = search()
        len(results.ids)
        list(articles[(number - 1) * 20 : number * 20])

    page_sql = []

    def page():
        with counting_queries() as queries:
            response = client.get("/search/", {"q": query["q"], **params})
        assert response.status_code == 200, response.status_code
        page_sql.append(sum(ms for _, ms in queries))
        return queries

    words = [w for w in query["q"].replace('"', "").split() if not w.startswith("-")]

    def icontains():
        condition = Q()
        if " OR " in query["q"]:
            for word in words:
                if word != "OR":
                    condition |= Q(body__icontains=word)
        elif query["q"].startswith('"'):
            condition = Q(body__icontains=" ".join(words))
        else:
            for word in words:
                condition &= Q(body__icontains=word)
        matches = filtered(params).filter(condition)
        for word in query["q"].split():
            if word.startswith("-"):
                matches = matches.exclude(body__icontains=word[1:])
        matches.count()  # a results page says how many there are, as the search page does
        ordered = matches.order_by("-published_on", "pk")
        list(ordered.values_list("pk", flat=True)[(number - 1) * 20 : number * 20])

    return {
        "query": query["name"],
        "q": query["q"],
        "params": params,
        "hits": len(search()[0].ids),
        "bare_sql": timed_sql(bare, repeat),
        "ranked_sql": timed_sql(ranked, repeat),
        "ranked": timed(ranked, repeat),
        "ranked_snippets": timed(ranked_snippets, repeat),
        "sql": timed(counted, repeat),
        "page_queries": len(page()),
        "page": timed(page, repeat),
        "page_sql_ms": round(statistics.median(page_sql), 2),
        "icontains": timed(icontains, max(3, repeat // 5)),
    }


def worker(engine: str, size: int, repeat: int, reuse: bool = False) -> dict:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    django.setup()
    # Every module of the archive now, not when first used: code edited while a long run goes
    # on cannot then mix with the code it started with.
    importlib.import_module("archive.urls")
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from articles.importing import NameIndex, entities_load, seed_paths, yaml_read
    from articles.models import Person
    from articles.search import search_articles

    call_command("migrate", verbosity=0)
    _, annotations_path = seed_paths()
    entities_load(data=yaml_read(annotations_path), source=annotations_path)
    index = NameIndex.build()
    names = sorted({name for name, case_sensitive, _ in index.names if not case_sensitive})
    corpus = Corpus(names)

    result = {
        "engine": engine,
        "size": size,
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip(),
        "load_average_start": os.getloadavg(),
        "python_rss_mb_before": round(peak_rss_mb(), 1),
    }
    from articles.models import Article

    synthetic = Article.objects.filter(slug__startswith="synthetic-").count()
    if reuse and synthetic == size:
        result["import"] = previous_import(engine, size)
    else:
        result["import"] = import_synthetic(engine, size, corpus, index)
        result["import"]["commit"] = result["commit"]
        imported_path(engine, size).write_text(json.dumps(result["import"], indent=2))
    if engine == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE articles_article")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    # A common word (in 30-70% of articles; stop words are not indexed) and a rare one.
    for common in (w for w in corpus.words["en"][30:600] if len(w) > 4):
        share = search_articles(common).articles.count() / size
        if 0.3 <= share <= 0.7:
            break
    rare = corpus.words["en"][15000]
    result["words"] = {"common": common, "common_share": round(share, 3), "rare": rare}

    client = Client()
    result["search"] = [search_row(client, query, repeat) for query in query_set(common, rare)]
    result["watson"] = watson_times(query_set(common, rare), repeat, reuse=reuse)
    if engine == "postgresql":
        result["rum"] = rum_times(query_set(common, rare), repeat)

    ma = Person.objects.get(slug="jack-ma")
    pages = {}
    for url in [
        "/",
        "/articles/",
        "/articles/?year=2015&language=en",
        "/articles/?person=jack-ma",
        ma.get_absolute_url(),
        "/facts/",
        "/timeline/",
    ]:
        with counting_queries() as queries:
            client.get(url)
        pages[url] = {
            **timed(lambda url=url: client.get(url), max(3, repeat // 3)),
            "queries": len(queries),
        }
    result["pages"] = pages
    result["load_average_end"] = os.getloadavg()
    return result


def import_synthetic(engine: str, size: int, corpus, index) -> dict:
    """Import `size` synthetic articles in batches, through the import's one entry point
    (articles_import, as the import_articles command); the rate, memory and raw baseline."""
    from articles.importing import articles_import

    memory, elapsed = [], 0.0
    checkpoints = {size // 10, size // 2, size}
    for first in range(0, size, BATCH):
        specs = [spec_of(corpus.article(n)) for n in range(first, min(size, first + BATCH))]
        start = time.perf_counter()  # the import only, not the making of synthetic texts
        articles_import(specs=specs, index=index, batch_size=BATCH)
        elapsed += time.perf_counter() - start
        done = first + len(specs)
        if any(first < point <= done for point in checkpoints):
            memory.append({"articles": done, "peak_rss_mb": round(peak_rss_mb(), 1)})
    return {
        "batch_size": BATCH,
        "seconds": round(elapsed, 1),
        "articles_per_second": round(size / elapsed, 1),
        "peak_rss_mb": memory,
        "raw_insert": raw_insert_rate(engine),
    }


def imported_path(engine: str, size: int) -> Path:
    """Where a worker writes its import figures as soon as it has them, beside the database
    it built (a run stopped later keeps them for --reuse)."""
    return RESULTS / f"import-{engine}-{size}.json"


def previous_import(engine: str, size: int) -> dict:
    """--reuse: the import figures of the run that built this database."""
    path = imported_path(engine, size)
    if path.exists():
        return {**json.loads(path.read_text()), "reused": True}
    sys.exit(f"--reuse: no import figures for {engine} at {size} in {path}; run without it")


def raw_insert_rate(engine: str) -> dict:
    """The baseline for the import rate: imported rows (the first RAW_ROWS) written again,
    raw, into an empty copy of the same indexed table. PostgreSQL: COPY into a table with the
    same generated tsvector columns and GIN indexes. SQLite has no COPY; the nearest is
    executemany INSERT into a copy of the table and of its FTS5 table, fed the tokens the
    import computed. A smaller index takes rows faster, so the sample flatters the baseline."""
    from django.db import connection

    with connection.cursor() as cursor:
        if engine == "postgresql":
            seconds, rows = _postgres_copy(cursor)
        else:
            seconds, rows = _sqlite_insert(cursor)
    return {
        "method": "COPY" if engine == "postgresql" else "executemany INSERT",
        "rows": rows,
        "seconds": round(seconds, 1),
        "articles_per_second": round(rows / seconds, 1),
    }


def _postgres_copy(cursor) -> tuple[float, int]:
    cursor.execute(
        "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute "
        "WHERE attrelid = 'articles_article'::regclass AND attnum > 0 AND NOT attisdropped "
        "AND attgenerated = ''"
    )
    columns = cursor.fetchone()[0]
    cursor.execute(
        "CREATE TABLE bench_copy (LIKE articles_article "
        "INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING INDEXES)"
    )
    with tempfile.TemporaryFile() as rows:
        cursor.copy_expert(
            f"COPY (SELECT {columns} FROM articles_article ORDER BY id LIMIT {RAW_ROWS}) TO STDOUT",
            rows,
        )
        rows.seek(0)
        start = time.perf_counter()
        cursor.copy_expert(f"COPY bench_copy ({columns}) FROM STDIN", rows)
        seconds = time.perf_counter() - start
    count = cursor.rowcount
    cursor.execute("DROP TABLE bench_copy")
    return seconds, count


def _sqlite_insert(cursor) -> tuple[float, int]:
    from django.db import transaction

    cursor.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
        "AND tbl_name IN ('articles_article', 'articles_search') "
        "AND name NOT LIKE 'articles_search_%'"
    )
    for kind, name, sql in cursor.fetchall():  # names quoted by Django, bare by RunSQL
        sql = re.sub(r'"?\barticles_article\b"?', '"bench_copy_article"', sql)
        sql = sql.replace(" articles_search ", " bench_copy_search ")
        if kind == "index":
            sql = re.sub(rf'"?\b{name}\b"?', f'"bench_{name}"', sql, count=1)
        cursor.execute(sql)
    cursor.execute("PRAGMA table_info(articles_article)")
    columns = ", ".join(f'"{row[1]}"' for row in cursor.fetchall())
    fts_columns = "rowid, lang, headline, lede, body, headline_exact, lede_exact, body_exact"
    seconds, count, last = 0.0, 0, 0
    while True:
        cursor.execute(
            f"SELECT {columns} FROM articles_article WHERE id > %s ORDER BY id LIMIT 500", [last]
        )
        articles = cursor.fetchall()
        if not articles or count >= RAW_ROWS:
            break
        last = articles[-1][0]
        ids = [row[0] for row in articles]
        cursor.execute(
            f"SELECT {fts_columns} FROM articles_search WHERE rowid BETWEEN %s AND %s",
            [ids[0], ids[-1]],
        )
        tokens = cursor.fetchall()
        marks = ", ".join(["%s"] * len(articles[0]))
        start = time.perf_counter()
        with transaction.atomic():  # one transaction per 500 rows, as in the import
            cursor.executemany(
                f"INSERT INTO bench_copy_article ({columns}) VALUES ({marks})", articles
            )
            cursor.executemany(
                f"INSERT INTO bench_copy_search ({fts_columns}) VALUES ({', '.join(['%s'] * 8)})",
                tokens,
            )
        seconds += time.perf_counter() - start
        count += len(articles)
    cursor.execute("DROP TABLE bench_copy_article")
    cursor.execute("DROP TABLE bench_copy_search")
    return seconds, count


def watson_times(queries: list[dict], repeat: int, reuse: bool = False) -> dict:
    """django-watson over the same articles: index build time and search latency."""
    from django.core.management import call_command
    from django.db import connection
    from watson import search as watson
    from watson.models import SearchEntry

    from articles.models import Article

    watson.register(Article, fields=("headline", "body"))
    if reuse and SearchEntry.objects.count() == Article.objects.count():
        build = "reused"
    else:
        if connection.vendor == "sqlite":
            watson_sqlite_statistics(Article.objects.count())
        start = time.perf_counter()
        call_command("buildwatson", verbosity=0)
        build = round(time.perf_counter() - start, 1)
    times = {}
    for query in queries:
        text = query["q"].replace('"', "")
        times[query["name"]] = timed(
            lambda text=text: list(watson.filter(Article, text).values_list("pk", flat=True)[:20]),
            max(3, repeat // 5),
        )
    return {"build_seconds": build, "search": times}


def watson_sqlite_statistics(articles: int) -> None:
    """Tell SQLite's planner what its statistics would say of a full watson index.

    buildwatson looks each article's entry up by content type and object id. Without
    statistics on its (still empty) table, SQLite picks the content type index, which every
    entry shares, and scans the growing table once per article: at 100,000 articles the build
    had not ended after an hour. With these rows (the numbers ANALYZE writes: rows, then rows
    per distinct value) it uses the object id index, as PostgreSQL does.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE watson_searchentry")  # creates sqlite_stat1 if missing
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s",
            ["watson_searchentry"],
        )
        indexes = [(name, sql) for name, sql in cursor.fetchall() if sql]
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s", ["watson_searchentry"])
        for name, sql in indexes:
            unique = '"object_id' in sql  # object_id and object_id_int: one row each
            per_value = 1 if unique else articles
            cursor.execute(
                "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, %s, %s)",
                ["watson_searchentry", name, f"{articles} {per_value}"],
            )
        cursor.execute("ANALYZE sqlite_master")  # the planner rereads the statistics


def rum_times(queries: list[dict], repeat: int) -> dict:
    """The alternative to the archive's ranking groups: the RUM access method (optional,
    Debian's postgresql-15-rum), which orders the matches by distance inside the index
    (`ORDER BY search_vector <=> q`). Measured beside the archive's ranking, not used by it:
    its index is built here and dropped after. English configuration; no filters."""
    from django.db import DatabaseError, connection, transaction

    from articles.search import parse_query
    from articles.search.backends.postgres import tsquery as _postgres_tsquery

    with connection.cursor() as cursor:
        try:
            with transaction.atomic():
                cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        except DatabaseError as error:
            return {"available": False, "reason": str(error).strip().splitlines()[0]}
        cursor.execute("DROP INDEX IF EXISTS bench_rum")
        start = time.perf_counter()
        cursor.execute(
            "CREATE INDEX bench_rum ON articles_article USING rum (search_vector rum_tsvector_ops)"
        )
        build = round(time.perf_counter() - start, 1)
        cursor.execute("ANALYZE articles_article")
        cursor.execute(
            "SELECT pg_relation_size('bench_rum'), pg_relation_size('article_search_vector_idx')"
        )
        rum_bytes, gin_bytes = cursor.fetchone()
        times = {}
        for query in queries:
            if set(query.get("params", {})) - {"page"}:
                continue  # filters and date order: RUM would only filter after its order
            parsed = parse_query(query["q"])
            tsquery = _postgres_tsquery(parsed.clauses)
            tsquery += "".join(f" & !({_postgres_tsquery([[t]])})" for t in parsed.excluded)
            offset = (int(query.get("params", {}).get("page", 1)) - 1) * 20
            sql = (
                "SELECT id FROM articles_article WHERE search_vector @@ to_tsquery('archive_en', "
                "%s) ORDER BY search_vector <=> to_tsquery('archive_en', %s) LIMIT 20 OFFSET %s"
            )

            def run(sql=sql, tsquery=tsquery, offset=offset):
                cursor.execute(sql, [tsquery, tsquery, offset])
                cursor.fetchall()

            times[query["name"]] = timed(run, repeat)
        cursor.execute("DROP INDEX bench_rum")
    return {
        "available": True,
        "build_seconds": build,
        "index_mb": round(rum_bytes / 2**20, 1),
        "gin_index_mb": round(gin_bytes / 2**20, 1),
        "search": times,
    }


# Orchestration ------------------------------------------------------------------------------


def fresh_database(engine: str, size: int, reuse: bool = False) -> str:
    """The database of one engine and size: emptied, unless reused (kept if it exists)."""
    if engine == "sqlite":
        stem = "bench" if DB_PREFIX == "archive_bench" else DB_PREFIX
        path = RESULTS / f"{stem}-{size}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            if not reuse:
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    name = f"{DB_PREFIX}_{size}"
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qAtc"]
    exists = f"SELECT 1 FROM pg_database WHERE datname = '{name}'"
    if not reuse or not subprocess.run([*psql, exists], capture_output=True, text=True).stdout:
        for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
            subprocess.run([*psql, sql], check=True)
    return POSTGRES_URL.format(name=name)


def ratio(numerator: float, denominator: float) -> float:
    return round(numerator / max(denominator, 0.01), 1)


def targets(r: dict) -> list[tuple[str, str, bool | None]]:
    """(target, the figures, met?) for one engine and size; None where it does not apply."""
    rows = {row["query"]: row for row in r["search"]}
    common = r["words"]["common"]
    found = []
    imported = r["import"]
    raw = imported["raw_insert"]
    share = imported["articles_per_second"] / raw["articles_per_second"]
    found.append(
        (
            f"import ≥ 0.2× raw {raw['method']}",
            f"{imported['articles_per_second']} vs {raw['articles_per_second']} articles/s: "
            f"{share:.2f}×",
            share >= 0.2,
        )
    )
    memory = [m["peak_rss_mb"] for m in imported["peak_rss_mb"]]
    found.append(
        (
            "import memory flat in N",
            " → ".join(f"{m} MB" for m in memory),
            memory[-1] <= memory[0] * 1.1,
        )
    )
    if r["engine"] == "postgresql":
        relevance = [row for row in r["search"] if "sort" not in row["params"]]
        relevance = [row for row in relevance if "page" not in row["params"]]
        for row in relevance:
            limit = 15 if common in row["q"] else 5
            times = ratio(row["ranked_sql"]["p95_ms"], row["bare_sql"]["p95_ms"])
            found.append(
                (
                    f"{row['query']}: ranked page 1 p95 ≤ {limit}× bare match",
                    f"{row['ranked_sql']['p95_ms']} vs {row['bare_sql']['p95_ms']} ms: {times}×",
                    times <= limit,
                )
            )
    snippets = max(
        ratio(x["ranked_snippets"]["p50_ms"], x["ranked"]["p50_ms"]) for x in rows.values()
    )
    found.append(("snippets ≤ 1.5× the same page without", f"worst {snippets}×", snippets <= 1.5))
    page = max(ratio(x["page"]["p50_ms"], x["page_sql_ms"]) for x in rows.values())
    found.append(("search page ≤ 2× the SQL it runs", f"worst {page}×", page <= 2))
    speedups = [ratio(x["icontains"]["p50_ms"], x["sql"]["p50_ms"]) for x in rows.values()]
    median = round(statistics.median(speedups), 1)
    found.append(("median ≥ 20× faster than icontains", f"{median}×", median >= 20))
    worst = ratio(rows["common word"]["icontains"]["p50_ms"], rows["common word"]["sql"]["p50_ms"])
    found.append(("≥ 3× faster than icontains on the common word", f"{worst}×", worst >= 3))
    peer = r["watson"]["search"]
    slowest = min(rows.values(), key=lambda x: peer[x["query"]]["p50_ms"] / x["ranked"]["p50_ms"])
    edge = ratio(peer[slowest["query"]]["p50_ms"], slowest["ranked"]["p50_ms"])
    found.append(
        ("faster than django-watson on every query", f"least: {slowest['query']} {edge}×", edge > 1)
    )
    if r["engine"] == "sqlite":
        plain = rows["common word"]["sql"]["p50_ms"]
        for name in ("search + filters", "search + person", "search + organisation"):
            times = ratio(rows[name]["sql"]["p50_ms"], plain)
            found.append((f"{name} ≤ 2× unfiltered", f"{times}×", times <= 2))
    if r["engine"] == "postgresql":
        rare, common_row = rows["rare word"], rows["common word"]
        found.append(
            (
                "orientation: rare word p95 < 100 ms",
                f"{rare['sql']['p95_ms']} ms",
                rare["sql"]["p95_ms"] < 100,
            )
        )
        found.append(
            (
                "orientation: common word ranked p95 < 300 ms",
                f"{common_row['ranked']['p95_ms']} ms",
                common_row["ranked"]["p95_ms"] < 300,
            )
        )
    return found


def markdown(results: list[dict]) -> str:
    lines = [
        "# Search benchmark",
        "",
        f"Run {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on "
        f"{os.cpu_count()} cores; `make bench` reproduces it. Times in ms, server side. The "
        "machine is shared: the load averages (1, 5, 15 min) at the start and end of each "
        "worker say how busy it was; compare ratios measured in the same run.",
        "",
        "Columns: *bare* is the match alone (`WHERE tsv @@ q LIMIT 20`; SQLite: FTS5 `MATCH`), "
        "*ranked* the page's rows in relevance order; both count only the SQL that reads the "
        "full-text index. *ranked wall* is the same through `search_articles()` in Python, "
        "then with snippets; django-watson's page of 20 is compared with it. *search* is count "
        "and page, as the search page needs them, which the *icontains* scan (count and page) "
        "is compared with. *page* is the whole search page (view, template, snippets, facets) "
        "and the SQL inside it.",
        "",
    ]
    for r in results:
        imported = r["import"]
        lines += [
            f"## {r['engine']}, {r['size']:,} articles",
            "",
            f"Load average {' / '.join(f'{x:.1f}' for x in r['load_average_start'])} at the "
            f"start, {' / '.join(f'{x:.1f}' for x in r['load_average_end'])} at the end; "
            f"{r['workers_at_once']} benchmark worker(s) at once; code at commit "
            f"{r.get('commit', 'not recorded')}.",
            "",
            f"Import: {imported['articles_per_second']} articles/s in batches of "
            f"{imported['batch_size']} ({imported['seconds']} s, mention linking and indexing "
            f"included); raw {imported['raw_insert']['method']} of the first "
            f"{imported['raw_insert']['rows']:,} of those rows into an empty copy of the indexed "
            f"table: {imported['raw_insert']['articles_per_second']} articles/s. "
            "Peak RSS "
            + ", ".join(
                f"{m['peak_rss_mb']} MB at {m['articles']:,}" for m in imported["peak_rss_mb"]
            )
            + ".",
            f"Common word `{r['words']['common']}` is in "
            f"{r['words']['common_share']:.0%} of articles; rare word `{r['words']['rare']}`.",
            f"django-watson index build: {r['watson']['build_seconds']}"
            + (" s." if isinstance(r["watson"]["build_seconds"], float) else " (index reused)."),
            "",
            "| query | hits | bare p95 | ranked p95 (÷ bare) | ranked wall p50 / + snippets |"
            " search p50 / p95 | page p50 / p95 (queries; SQL) | icontains p50 (÷ search) |"
            " watson p50 (÷ ranked) |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for row in r["search"]:
            search, page = row["sql"], row["page"]
            scan = row["icontains"]["p50_ms"]
            peer = r["watson"]["search"][row["query"]]["p50_ms"]
            lines.append(
                f"| {row['query']} | {row['hits']:,} | {row['bare_sql']['p95_ms']} | "
                f"{row['ranked_sql']['p95_ms']} "
                f"({ratio(row['ranked_sql']['p95_ms'], row['bare_sql']['p95_ms'])}×) | "
                f"{row['ranked']['p50_ms']} / {row['ranked_snippets']['p50_ms']} | "
                f"{search['p50_ms']} / {search['p95_ms']} | {page['p50_ms']} / {page['p95_ms']} "
                f"({row['page_queries']}; {row['page_sql_ms']}) | "
                f"{scan} ({ratio(scan, search['p50_ms'])}×) | "
                f"{peer} ({ratio(peer, row['ranked']['p50_ms'])}×) |"
            )
        rum = r.get("rum")
        if rum and rum["available"]:
            lines += [
                "",
                f"RUM, measured beside the archive's ranking (not used by it): index built in "
                f"{rum['build_seconds']} s, {rum['index_mb']} MB (the GIN index of the same "
                f"vector: {rum['gin_index_mb']} MB); `ORDER BY search_vector <=> q LIMIT 20`, "
                "English configuration.",
                "",
                "| query | archive ranked p50 / p95 | RUM p50 / p95 |",
                "|---|---|---|",
            ]
            for row in r["search"]:
                if row["query"] in rum["search"]:
                    ours, theirs = row["ranked_sql"], rum["search"][row["query"]]
                    lines.append(
                        f"| {row['query']} | {ours['p50_ms']} / {ours['p95_ms']} | "
                        f"{theirs['p50_ms']} / {theirs['p95_ms']} |"
                    )
        elif rum:
            lines += ["", f"RUM not measured: {rum['reason']}."]
        lines += ["", "| target | figures | met |", "|---|---|---|"]
        for target, figures, met in targets(r):
            lines.append(f"| {target} | {figures} | {'yes' if met else '**no**'} |")
        lines += ["", "| page | p50 / p95 | queries |", "|---|---|---|"]
        for url, page in r["pages"].items():
            lines.append(f"| `{url}` | {page['p50_ms']} / {page['p95_ms']} | {page['queries']} |")
        lines.append("")
    return "\n".join(lines)


def results_write(results: list[dict]) -> None:
    """results.json and results.md: these results, and those of other engines and sizes
    from earlier runs (read now, so that runs of different engines may overlap)."""
    path = RESULTS / "results.json"
    done = {(r["engine"], r["size"]) for r in results}
    previous = json.loads(path.read_text()) if path.exists() else []
    merged = [r for r in previous if (r["engine"], r["size"]) not in done] + results
    merged.sort(key=lambda r: (r["size"], r["engine"] != "sqlite"))
    path.write_text(json.dumps(merged, indent=2, default=str))
    (RESULTS / "results.md").write_text(markdown(merged))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000])
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--jobs", type=int, default=1, help="workers at once (each engine and size is one)"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep a database that already holds the synthetic articles (their import figures "
        "are then those of the run that built it, from results.json)",
    )
    parser.add_argument(
        "--report", action="store_true", help="rewrite results.md from results.json only"
    )
    parser.add_argument(
        "--pages",
        action="store_true",
        help="only the whole-page table of issue 16 (bench/pages.py) for each engine and size, "
        "on databases built before (bench/build.py)",
    )
    parser.add_argument("--worker", nargs=2, metavar=("ENGINE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.report:
        results = json.loads((RESULTS / "results.json").read_text())
        (RESULTS / "results.md").write_text(markdown(results))
        return
    if args.pages:
        for size in args.sizes:
            for engine in args.engines:
                pages = [sys.executable, str(ROOT / "bench" / "pages.py"), "--engine", engine]
                pages += ["--size", str(size), "--repeat", str(args.repeat)]
                subprocess.run(pages, check=True)
        print((RESULTS / "pages.md").read_text())
        return
    if args.worker:
        engine, size = args.worker[0], int(args.worker[1])
        print(json.dumps(worker(engine, size, args.repeat, reuse=args.reuse)))
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    runs = [(size, engine) for size in args.sizes for engine in args.engines]
    results = []
    for first in range(0, len(runs), args.jobs):
        with contextlib.ExitStack() as logs:
            workers = []
            for size, engine in runs[first : first + args.jobs]:
                env = {
                    **os.environ,
                    "DATABASE_URL": fresh_database(engine, size, reuse=args.reuse),
                    "DJANGO_SETTINGS_MODULE": "bench.settings",
                }
                print(f"{engine}, {size:,} articles ...", flush=True)
                command = [sys.executable, __file__, "--worker", engine, str(size)]
                command += ["--repeat", str(args.repeat)] + ["--reuse"] * args.reuse
                log = logs.enter_context(tempfile.TemporaryFile("w+"))  # stderr, if it fails
                process = subprocess.Popen(
                    command, env=env, stdout=subprocess.PIPE, stderr=log, text=True
                )
                workers.append((process, log))
            for process, log in workers:
                out, _ = process.communicate()
                if process.returncode:
                    log.seek(0)
                    print(log.read()[-3000:], file=sys.stderr)
                    sys.exit(process.returncode)
                result = json.loads(out.strip().splitlines()[-1])
                result["workers_at_once"] = len(workers)
                results.append(result)
        results_write(results)
    print((RESULTS / "results.md").read_text())


if __name__ == "__main__":
    main()
