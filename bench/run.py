"""Search and import benchmark on a synthetic archive, on SQLite and PostgreSQL in one run.

    python bench/run.py --sizes 10000 100000      (make bench SIZES="10000 100000")

For each engine and size, a worker process builds a fresh database, imports N synthetic
articles through the archive's own import service (mention linking and indexing included),
then times a fixed query set through `search_articles()` (raw SQL), the full search page,
a naive `icontains` scan and django-watson, and the list and record pages with their query
counts. Results go to bench/results/results.json and bench/results/results.md.
"""

import argparse
import contextlib
import datetime
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/{name}"
PHRASES = ["small business", "trade mission", "middle class"]
PLANTED = {"lobsters": 0.02, "cherries": 0.02, "maple": 0.01}
BATCH = 500  # articles per import transaction


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
    from articles.services import ArticleSpec

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


def timed(function, repeat: int) -> dict:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.95))], 2),
    }


@contextlib.contextmanager
def counting_queries():
    """The SQL statements run inside the block (whatever DEBUG says)."""
    from django.db import connection

    statements = []

    def count(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((sql, (time.perf_counter() - start) * 1000))

    with connection.execute_wrapper(count):
        yield statements


def query_set(common: str, rare: str) -> list[dict]:
    return [
        {"name": "rare word", "q": rare},
        {"name": "common word", "q": common},
        {"name": "phrase", "q": '"small business"'},
        {"name": "OR", "q": "lobsters OR cherries"},
        {"name": "negation", "q": f"{common} -lobsters"},
        {"name": "search + filters", "q": common, "params": {"year": "2015", "language": "en"}},
        {"name": "sort=-date", "q": common, "params": {"sort": "-date"}},
        {"name": "page 50", "q": common, "params": {"page": "50"}},
    ]


def worker(engine: str, size: int, repeat: int) -> dict:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Q
    from django.test import Client

    from articles.models import Article, Person
    from articles.search import search_articles
    from articles.services import (
        NameIndex,
        articles_import_batch,
        entities_load,
        seed_paths,
        yaml_read,
    )

    call_command("migrate", verbosity=0)
    _, annotations_path = seed_paths()
    entities_load(data=yaml_read(annotations_path), source=annotations_path)
    index = NameIndex.build()
    names = sorted({name for name, case_sensitive, _ in index.names if not case_sensitive})
    corpus = Corpus(names)

    result = {
        "engine": engine,
        "size": size,
        "load_average_start": os.getloadavg(),
        "python_rss_mb_before": round(peak_rss_mb(), 1),
    }
    memory, elapsed = [], 0.0
    checkpoints = {size // 10, size // 2, size}
    for first in range(0, size, BATCH):
        specs = [spec_of(corpus.article(n)) for n in range(first, min(size, first + BATCH))]
        start = time.perf_counter()  # the import only, not the making of synthetic texts
        articles_import_batch(specs=specs, index=index)
        elapsed += time.perf_counter() - start
        done = first + len(specs)
        if any(first < point <= done for point in checkpoints):
            memory.append({"articles": done, "peak_rss_mb": round(peak_rss_mb(), 1)})
    result["import"] = {
        "batch_size": BATCH,
        "seconds": round(elapsed, 1),
        "articles_per_second": round(size / elapsed, 1),
        "peak_rss_mb": memory,
        "raw_insert": raw_insert_rate(engine),
    }
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
    rows = []
    for query in query_set(common, rare):
        params = query.get("params", {})

        def sql_only(query=query, params=params):
            articles = Article.objects.all()
            if "year" in params:
                articles = articles.filter(published_on__year=int(params["year"]))
            if "language" in params:
                articles = articles.filter(language=params["language"])
            found = search_articles(query["q"], articles=articles).articles
            if params.get("sort") == "-date":
                found = found.order_by("-published_on", "pk")
            page = int(params.get("page", 1))
            list(found.values_list("pk", flat=True)[(page - 1) * 20 : page * 20])

        def page(query=query, params=params):
            response = client.get("/search/", {"q": query["q"], **params})
            assert response.status_code == 200, response.status_code

        words = [w for w in query["q"].replace('"', "").split() if not w.startswith("-")]

        def icontains(query=query, words=words, params=params):
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
            found = Article.objects.filter(condition)
            for word in query["q"].split():
                if word.startswith("-"):
                    found = found.exclude(body__icontains=word[1:])
            if "year" in params:
                found = found.filter(published_on__year=int(params["year"]))
            page = int(params.get("page", 1))
            found.count()  # a results page says how many there are, as the search page does
            ordered = found.order_by("-published_on", "pk")
            list(ordered.values_list("pk", flat=True)[(page - 1) * 20 : page * 20])

        with counting_queries() as queries:
            page()
        row = {
            "query": query["name"],
            "q": query["q"],
            "params": params,
            "sql": timed(sql_only, repeat),
            "page": timed(page, repeat),
            "page_queries": len(queries),
            "page_sql_ms": round(sum(ms for _, ms in queries), 2),
            "icontains": timed(icontains, max(3, repeat // 5)),
        }
        rows.append(row)
    result["search"] = rows
    result["watson"] = watson_times(query_set(common, rare), repeat)

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
    return result


def raw_insert_rate(engine: str) -> dict:
    """The baseline for the import rate: the imported rows written again, raw, into a copy of
    the same indexed table. PostgreSQL: COPY into a table with the same generated tsvector
    columns and GIN indexes. SQLite has no COPY; the nearest is executemany INSERT into a
    copy of the table and of its FTS5 table, fed the tokens the import computed."""
    from django.db import connection

    with connection.cursor() as cursor:
        if engine == "postgresql":
            seconds, rows = _postgres_copy(cursor)
        else:
            seconds, rows = _sqlite_insert(cursor)
    return {
        "method": "COPY" if engine == "postgresql" else "executemany INSERT",
        "seconds": round(seconds, 1),
        "articles_per_second": round(rows / seconds, 1),
    }


def _postgres_copy(cursor) -> tuple[float, int]:
    import tempfile

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
        cursor.copy_expert(f"COPY (SELECT {columns} FROM articles_article) TO STDOUT", rows)
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
    for kind, name, sql in cursor.fetchall():
        sql = sql.replace('"articles_article"', '"bench_copy_article"')
        sql = sql.replace(" articles_search ", " bench_copy_search ")
        cursor.execute(sql.replace(f'"{name}"', f'"bench_{name}"') if kind == "index" else sql)
    cursor.execute("PRAGMA table_info(articles_article)")
    columns = ", ".join(f'"{row[1]}"' for row in cursor.fetchall())
    fts_columns = "rowid, lang, headline, lede, body, headline_exact, lede_exact, body_exact"
    seconds, count, last = 0.0, 0, 0
    while True:
        cursor.execute(
            f"SELECT {columns} FROM articles_article WHERE id > %s ORDER BY id LIMIT 500", [last]
        )
        articles = cursor.fetchall()
        if not articles:
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


def watson_times(queries: list[dict], repeat: int) -> dict:
    """django-watson over the same articles: index build time and search latency."""
    from django.core.management import call_command
    from watson import search as watson

    from articles.models import Article

    watson.register(Article, fields=("headline", "body"))
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


# Orchestration ------------------------------------------------------------------------------


def fresh_database(engine: str, size: int) -> str:
    if engine == "sqlite":
        path = RESULTS / f"bench-{size}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    name = f"archive_bench_{size}"
    for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)
    return POSTGRES_URL.format(name=name)


def markdown(results: list[dict]) -> str:
    lines = [
        "# Search benchmark",
        "",
        f"Run {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on "
        f"{os.cpu_count()} cores; `make bench` reproduces it. Times in ms, server side.",
        "",
    ]
    for r in results:
        lines += [
            f"## {r['engine']}, {r['size']:,} articles",
            "",
            f"Import: {r['import']['articles_per_second']} articles/s "
            f"({r['import']['seconds']} s, mention linking and indexing included); "
            "peak RSS "
            + ", ".join(
                f"{m['peak_rss_mb']} MB at {m['articles']:,}" for m in r["import"]["peak_rss_mb"]
            )
            + ".",
            f"Common word `{r['words']['common']}` is in "
            f"{r['words']['common_share']:.0%} of articles; rare word `{r['words']['rare']}`.",
            f"django-watson index build: {r['watson']['build_seconds']} s.",
            "",
            "| query | search SQL p50 / p95 | search page p50 / p95 (queries) | "
            "icontains p50 | watson p50 | icontains ÷ search | watson ÷ search |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in r["search"]:
            sql, page = row["sql"], row["page"]
            scan = row["icontains"]["p50_ms"]
            peer = r["watson"]["search"][row["query"]]["p50_ms"]
            lines.append(
                f"| {row['query']} | {sql['p50_ms']} / {sql['p95_ms']} | {page['p50_ms']} / "
                f"{page['p95_ms']} ({row['page_queries']}; {row['page_sql_ms']} ms) | {scan} | "
                f"{peer} | "
                f"{scan / max(sql['p50_ms'], 0.01):.1f}× | {peer / max(sql['p50_ms'], 0.01):.1f}× |"
            )
        lines += ["", "| page | p50 / p95 | queries |", "|---|---|---|"]
        for url, page in r["pages"].items():
            lines.append(f"| `{url}` | {page['p50_ms']} / {page['p95_ms']} | {page['queries']} |")
        lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000])
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--worker", nargs=2, metavar=("ENGINE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.worker:
        engine, size = args.worker[0], int(args.worker[1])
        print(json.dumps(worker(engine, size, args.repeat)))
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    results = []
    for size in args.sizes:
        for engine in args.engines:
            env = {
                **os.environ,
                "DATABASE_URL": fresh_database(engine, size),
                "DJANGO_SETTINGS_MODULE": "bench.settings",
            }
            print(f"{engine}, {size:,} articles ...", flush=True)
            done = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--worker",
                    engine,
                    str(size),
                    "--repeat",
                    str(args.repeat),
                ],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode:
                print(done.stderr[-3000:], file=sys.stderr)
                sys.exit(done.returncode)
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
            (RESULTS / "results.json").write_text(json.dumps(results, indent=2, default=str))
            (RESULTS / "results.md").write_text(markdown(results))
    print((RESULTS / "results.md").read_text())


if __name__ == "__main__":
    main()
