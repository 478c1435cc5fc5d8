"""Build a benchmark archive: N synthetic articles through the import pipeline, or by copying.

    python bench/build.py --engine postgresql --size 10000
    python bench/build.py --engine postgresql --size 100000 --copies-of 10000

The first imports N articles of bench/run.py's generator through `articles_import_batch()`
(mention linking and indexing included), recording the import figures bench/run.py --reuse
reads. The second is the bulk path for sizes the pipeline would take hours over on a shared
machine: it copies the database of the smaller size and adds copies of its synthetic
articles in SQL (INSERT ... SELECT: new ids, slugs and checksums, dates shifted through the
same 20 years, mentions and search rows copied; PostgreSQL's generated vectors computed by
the INSERT, its GIN indexes built afterwards). The database names come from
BENCH_DB_PREFIX, as in bench/run.py.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402

STRIDE = 1_000_000  # copy k of article id i gets id i + k * STRIDE


def setup(engine: str, size: int, reuse: bool) -> None:
    os.environ["DATABASE_URL"] = run.fresh_database(engine, size, reuse=reuse)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()


def pipeline(engine: str, size: int) -> None:
    """Import `size` synthetic articles through the archive's import service."""
    setup(engine, size, reuse=False)
    from django.core.management import call_command

    from articles.importing import NameIndex, entities_load, seed_paths, yaml_read

    call_command("migrate", verbosity=0)
    _, annotations_path = seed_paths()
    entities_load(data=yaml_read(annotations_path), source=annotations_path)
    index = NameIndex.build()
    names = sorted({name for name, case_sensitive, _ in index.names if not case_sensitive})
    figures = run.import_synthetic(engine, size, run.Corpus(names), index)
    figures["built"] = "import pipeline"
    run.imported_path(engine, size).write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures))


def copy_database(engine: str, source: int, size: int) -> None:
    """The database of `size` starts as a copy of that of `source`."""
    if engine == "sqlite":
        run.fresh_database(engine, size)
        src = run.fresh_database(engine, source, reuse=True).removeprefix("sqlite:///")
        shutil.copyfile(
            src, run.fresh_database(engine, size, reuse=True).removeprefix("sqlite:///")
        )
        return
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qAtc"]
    name, template = f"{run.DB_PREFIX}_{size}", f"{run.DB_PREFIX}_{source}"
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run([*psql, f"CREATE DATABASE {name} TEMPLATE {template}"], check=True)


def quoted(name: str) -> str:
    return f'"{name}"'


def columns(cursor, table: str, engine: str) -> list[str]:
    if engine == "sqlite":
        cursor.execute(f"PRAGMA table_info({table})")
        return [row[1] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
        "AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def replicate(engine: str, source: int, size: int) -> None:
    """Copies of the `source` synthetic articles until there are `size`."""
    copy_database(engine, source, size)
    setup(engine, size, reuse=True)
    from django.db import connection, transaction

    start = time.perf_counter()
    copies = -(-size // source) - 1
    with connection.cursor() as cursor:
        gin = []
        if engine == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'articles_article' "
                "AND indexdef LIKE '%% USING gin %%'"
            )
            gin = cursor.fetchall()
            for name, _ in gin:
                cursor.execute(f"DROP INDEX {name}")
        names = columns(cursor, "articles_article", engine)
        for k in range(1, copies + 1):
            first = k * source
            wanted = min(source, size - first)
            shifted = {
                "id": f"id + {k * STRIDE}",
                "slug": f"'synthetic-' || substr('000000' || "
                f"(CAST(substr(slug, 11) AS INTEGER) + {first}), -6, 6)",
                "source_name": f"'synthetic-' || substr('000000' || "
                f"(CAST(substr(slug, 11) AS INTEGER) + {first}), -6, 6) || '.txt'",
                "raw_sha256": f"substr('{k:08d}' || raw_sha256, 1, 64)",
            }
            if engine == "postgresql":
                number = f"(substr(slug, 11)::int + {first})::text"
                shifted["slug"] = f"'synthetic-' || lpad({number}, 6, '0')"
                shifted["source_name"] = shifted["slug"] + " || '.txt'"
                shifted["published_on"] = (
                    f"DATE '2005-01-01' + ((published_on - DATE '2005-01-01') + {k * 733}) % 7300"
                )
            else:
                shifted["published_on"] = (
                    "date('2005-01-01', '+' || CAST((julianday(published_on) - "
                    f"julianday('2005-01-01') + {k * 733}) % 7300 AS INTEGER) || ' days')"
                )
            chosen = ", ".join(shifted.get(c, quoted(c)) for c in names)
            where = f"slug LIKE 'synthetic-%%' AND id < {STRIDE}"
            copied = (
                f"SELECT id - {k * STRIDE} FROM articles_article "
                f"WHERE id > {k * STRIDE} AND id < {(k + 1) * STRIDE}"
            )
            with transaction.atomic():
                cursor.execute(
                    f"INSERT INTO articles_article ({', '.join(map(quoted, names))}) "
                    f"SELECT {chosen} "
                    f"FROM articles_article WHERE {where} "
                    f"AND CAST(substr(slug, 11) AS INTEGER) < {wanted}"
                )
                mention = [c for c in columns(cursor, "articles_mention", engine) if c != "id"]
                moved = f"article_id + {k * STRIDE}"
                picked = ", ".join(moved if c == "article_id" else f'"{c}"' for c in mention)
                cursor.execute(
                    f"INSERT INTO articles_mention ({', '.join(map(quoted, mention))}) "
                    f"SELECT {picked} "
                    f"FROM articles_mention WHERE article_id IN ({copied})"
                )
                if engine == "sqlite":
                    fts = "lang, headline, lede, body, headline_exact, lede_exact, body_exact"
                    cursor.execute(
                        f"INSERT INTO articles_search (rowid, {fts}) SELECT rowid + {k * STRIDE}, "
                        f"{fts} FROM articles_search WHERE rowid IN ({copied})"
                    )
            print(f"copy {k}: {time.perf_counter() - start:.0f} s", flush=True)
        for _, definition in gin:
            cursor.execute(definition)
        if engine == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('articles_article', 'id'), "
                "(SELECT max(id) FROM articles_article))"
            )
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    figures = json.loads(run.imported_path(engine, source).read_text())
    figures["built"] = (
        f"the {source:,} articles of the import pipeline and {copies} copies made in SQL "
        f"({time.perf_counter() - start:.0f} s); import figures are those of the {source:,}"
    )
    run.imported_path(engine, size).write_text(json.dumps(figures, indent=2))
    print(figures["built"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], required=True)
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--copies-of", type=int, help="build by copying the archive of this size")
    args = parser.parse_args()
    run.RESULTS.mkdir(parents=True, exist_ok=True)
    if args.copies_of:
        replicate(args.engine, args.copies_of, args.size)
    else:
        pipeline(args.engine, args.size)


if __name__ == "__main__":
    main()
