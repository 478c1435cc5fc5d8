"""Whole pages as a reader waits for them: p50 / p95, SQL share and statements, per page.

    BENCH_DB_PREFIX=bench_speed python bench/pages.py --engine postgresql --size 100000

Runs in-process (Django's test client, DEBUG off) against a database bench/build.py (or
bench/run.py) built, in four modes: `before` (facet bitmaps, hit sets and page cache off:
the code as it was), `bitmaps` (facet bitmaps on, hit sets and page cache off: every request
renders its page and matches its query, as the first search of a query after a write does),
`hitsets` (as `bitmaps`, the query's hit set read back: articles/search/hitsets.py) and
`cached` (anonymous page cache on, warm). Each page's p95 is checked against the 100 ms
target of issue 16. Results go to bench/results/pages-<engine>-<size>.json, and all such
files are summed up in bench/results/pages.md.
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402

COMMON, RARE = "would", "ser"  # in 57 % of the synthetic articles; in a few
TARGET_MS = 100
PAGES = [
    ("/search/ common word", f"/search/?q={COMMON}"),
    ("/search/ common, sort=-date", f"/search/?q={COMMON}&sort=-date"),
    ("/search/ common, page=50", f"/search/?q={COMMON}&page=50"),
    ("/search/ phrase", '/search/?q="small business"'),
    ("/search/ rare word", f"/search/?q={RARE}"),
    ("/search/ common + year, language", f"/search/?q={COMMON}&year=2015&language=en"),
    ("/people/jack-ma/", "/people/jack-ma/"),
    ("/organisations/alibaba-group/", "/organisations/alibaba-group/"),
    ("/articles/", "/articles/"),
    ("/articles/?year&language", "/articles/?year=2015&language=en"),
    ("/articles/?person", "/articles/?person=jack-ma"),
    ("/", "/"),
    ("/timeline/", "/timeline/"),
    ("/facts/", "/facts/"),
]
MODES = {
    "before": {
        "ARCHIVE_FACET_BITMAPS": False,
        "ARCHIVE_HIT_SETS": False,
        "ARCHIVE_PAGE_CACHE": False,
    },
    "bitmaps": {
        "ARCHIVE_FACET_BITMAPS": True,
        "ARCHIVE_HIT_SETS": False,
        "ARCHIVE_PAGE_CACHE": False,
    },
    "hitsets": {
        "ARCHIVE_FACET_BITMAPS": True,
        "ARCHIVE_HIT_SETS": True,
        "ARCHIVE_PAGE_CACHE": False,
    },
    "cached": {"ARCHIVE_FACET_BITMAPS": True, "ARCHIVE_HIT_SETS": True, "ARCHIVE_PAGE_CACHE": True},
}
JUDGED = "hitsets"  # the page rendered for each request, its query's hit set read back


def measure(client, url: str, repeat: int) -> dict:
    """p50 / p95 of the page, the SQL time inside it (median) and its statement count."""
    client.get(url)  # warm: the snapshot, the connection, the page cache where on
    samples, sql, statements = [], [], 0
    for _ in range(repeat):
        with run.counting_queries() as queries:
            start = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        sql.append(sum(ms for _, ms in queries))
        statements = len(queries)
    found = run.summary(samples)
    found["sql_ms"] = round(statistics.median(sql), 2)
    found["sql_share"] = round(found["sql_ms"] / max(found["p50_ms"], 0.01), 2)
    found["statements"] = statements
    found["met"] = found["p95_ms"] < TARGET_MS
    return found


def worker(engine: str, size: int, repeat: int, modes: list[str]) -> dict:
    os.environ["DATABASE_URL"] = run.fresh_database(engine, size, reuse=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client, override_settings

    from articles.models import Article

    call_command("migrate", verbosity=0)
    client = Client()
    result = {
        "engine": engine,
        "size": Article.objects.count(),
        "run_at": f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        "load_average_start": os.getloadavg(),
        "commit": run.subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip(),
        "pages": {},
    }
    for mode in modes:
        with override_settings(**MODES[mode]):
            for name, url in PAGES:
                times = repeat if mode != "before" else max(5, repeat // 2)
                result["pages"].setdefault(name, {"url": url})[mode] = measure(client, url, times)
                print(engine, size, mode, name, result["pages"][name][mode], flush=True)
    result["load_average_end"] = os.getloadavg()
    return result


def markdown(results: list[dict]) -> str:
    lines = [
        "# Pages at 10,000 and 100,000 articles (issue 16)",
        "",
        "In-process (Django test client, DEBUG off), server side, ms. *before*: facet bitmaps, "
        "hit sets and page cache off (the code as it was); *bitmaps*: facet bitmaps on, the "
        "query matched by the engine on every request (as the first search of a query after "
        "a write is); *hit sets*: the query's hit set read back (articles/search/hitsets.py), "
        "the page rendered; *cached*: an anonymous reader's page from the page cache. "
        f"Met: p95 under {TARGET_MS} ms, judged on *hit sets*. SQL: that mode's share of the "
        "page's time spent in SQL, and its statement count. `python bench/pages.py --help` "
        "says how to reproduce; bench/build.py how the archives were built. The machine has "
        "2 cores, shared with other work: load averages below.",
        "",
    ]
    for r in results:
        lines += [
            f"## {r['engine']}, {r['size']:,} articles",
            "",
            f"Run {r['run_at']}; load average {r['load_average_start'][0]:.1f} at the start, "
            f"{r['load_average_end'][0]:.1f} at the end (of the last modes run); code at commit "
            + ", ".join(f"{c} ({m})" for m, c in r.get("commits", {}).items())
            + ".",
            "",
            "| page | before p50 / p95 (stmts) | bitmaps p50 / p95 | hit sets p50 / p95 | "
            "SQL share; stmts | cached p50 / p95 | < 100 ms p95 |",
            "|---|---|---|---|---|---|---|",
        ]
        for page in r["pages"].values():
            before, cold = page.get("before"), page.get("bitmaps")
            now, cached = page.get(JUDGED), page.get("cached")

            def pair(x):
                return f"{x['p50_ms']} / {x['p95_ms']}" if x else "–"

            lines.append(
                f"| `{page['url']}` | {pair(before)}"
                + (f" ({before['statements']})" if before else "")
                + f" | {pair(cold)} | {pair(now)} | "
                + (f"{now['sql_share']:.0%}; {now['statements']}" if now else "–")
                + f" | {pair(cached)} | "
                + (("met" if now["met"] else "**not met**") if now else "–")
                + " |"
            )
        lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql"])
    parser.add_argument("--size", type=int)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--modes", nargs="+", default=list(MODES), choices=list(MODES))
    parser.add_argument("--report", action="store_true", help="only rewrite pages.md")
    args = parser.parse_args()
    if not args.report:
        result = worker(args.engine, args.size, args.repeat, args.modes)
        path = run.RESULTS / f"pages-{args.engine}-{args.size}.json"
        result["commits"] = {mode: result["commit"] for mode in args.modes}
        if path.exists():  # modes not measured again are kept from the run that measured them
            earlier = json.loads(path.read_text())
            for mode in set(MODES) - set(args.modes):
                commit = earlier.get("commits", {}).get(mode, earlier.get("commit"))
                if commit:
                    result["commits"][mode] = commit
                for name, page in earlier["pages"].items():
                    if mode in page and name in result["pages"]:
                        result["pages"][name][mode] = page[mode]
        path.write_text(json.dumps(result, indent=2))
    files = sorted(run.RESULTS.glob("pages-*.json"))
    results = [json.loads(f.read_text()) for f in files]
    results = [r for r in results if isinstance(r, dict) and "engine" in r]  # not import_pages'
    results.sort(key=lambda r: (r["size"], r["engine"] != "sqlite"))
    (run.RESULTS / "pages.md").write_text(markdown(results))


if __name__ == "__main__":
    main()
