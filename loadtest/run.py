"""Load test and PostgreSQL outage of the archive in production mode (issue 7).

    python loadtest/run.py        (make loadtest; LOAD_USERS="32 64" LOAD_DURATION=2m)

1. The load archive on PostgreSQL: the five texts and their records (`import_articles`), then
   N synthetic articles of the search benchmark (bench/run.py). Reused when the database
   already holds N of them (building 10,000 takes about five minutes).
2. gunicorn in production mode on 127.0.0.1 (DEBUG off, a random secret key, static files
   collected, no HTTPS redirect since it is plain HTTP).
3. locust, headless (loadtest/locustfile.py): the mixed workload at each user count; then a
   smaller run during which PostgreSQL is stopped for a few seconds and started again, once
   without and once with persistent connections.

By default the database is a dedicated cluster (`15/load` on port 5433, created if missing),
so that stopping it disturbs nobody else's tests. LOAD_DATABASE_URL, LOAD_DB_STOP and
LOAD_DB_START point it at another server. Figures go to loadtest/results/results.md and
results.json; logs (gunicorn's included) to loadtest/logs/.
"""

import argparse
import csv
import datetime
import json
import os
import secrets
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "loadtest"
RESULTS = HERE / "results"
LOGS = HERE / "logs"
BIN = Path(sys.executable).parent

# The dedicated cluster (the PostgreSQL installed here is 15; the main cluster is 15/main:5432).
PG_VERSION, CLUSTER, PORT = "15", "load", 5433
DEFAULT_DATABASE_URL = f"postgres://postgres@127.0.0.1:{PORT}/archive_load"
PG_CTL = f"pg_ctlcluster --skip-systemctl-redirect {PG_VERSION} {CLUSTER}"


def sh(command: list[str] | str, **kwargs) -> subprocess.CompletedProcess:
    if isinstance(command, str):
        command = shlex.split(command)
    return subprocess.run(command, check=True, text=True, **kwargs)


# The database -------------------------------------------------------------------------------


def cluster_ensure() -> None:
    """Create the dedicated cluster if it is missing, and start it if it is down."""
    if not Path(f"/etc/postgresql/{PG_VERSION}/{CLUSTER}").exists():
        print(f"Creating PostgreSQL cluster {PG_VERSION}/{CLUSTER} on port {PORT} ...", flush=True)
        # Trust on local connections only, as the main cluster has; not started at boot.
        options = f"--port {PORT} --start-conf manual {PG_VERSION} {CLUSTER} -- --auth=trust"
        sh(f"pg_createcluster {options}")
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(PORT)]).returncode:
        sh(f"{PG_CTL} start")


def psql(database_url: str, sql: str, database: str = "postgres") -> str:
    """Run SQL on another database of the same server (the maintenance one by default)."""
    url = urlsplit(database_url)._replace(path=f"/{database}").geturl()
    return sh(["psql", url, "-qtAc", sql], capture_output=True).stdout.strip()


def synthetic_count(database_url: str) -> int:
    name = urlsplit(database_url).path.lstrip("/")
    try:
        count = psql(
            database_url,
            "SELECT count(*) FROM articles_article WHERE slug LIKE 'synthetic-%'",
            database=name,
        )
    except subprocess.CalledProcessError:  # no such database or table yet
        return -1
    return int(count)


def database_recreate(database_url: str) -> None:
    name = urlsplit(database_url).path.lstrip("/")
    psql(database_url, f"DROP DATABASE IF EXISTS {name}")
    psql(database_url, f"CREATE DATABASE {name}")


def archive_build(size: int) -> None:
    """The five texts and their records, then `size` synthetic articles (bench/run.py)."""
    from django.core.management import call_command
    from django.db import connection

    from articles.importing import NameIndex, articles_import
    from bench.run import Corpus, spec_of

    call_command("import_articles", verbosity=0)
    index = NameIndex.build()
    corpus = Corpus(sorted({name for name, case_sensitive, _ in index.names if not case_sensitive}))
    start = time.perf_counter()
    for first in range(0, size, 500):
        specs = [spec_of(corpus.article(n)) for n in range(first, min(first + 500, size))]
        articles_import(specs=specs, index=index, batch_size=500)
        print(f"  {first + len(specs):,} articles, {time.perf_counter() - start:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def targets() -> dict:
    """What the simulated users visit: real slugs and search words with their hit counts."""
    from articles.models import Article, Initiative, Person, Publisher
    from articles.search import search_articles

    seeds = Article.objects.exclude(slug__startswith="synthetic-").values_list("slug", flat=True)
    sample = (
        Article.objects.filter(slug__startswith="synthetic-")
        .order_by("?")
        .values_list("slug", flat=True)[:500]
    )
    words = {
        "common": ["would", "people", "world", "years", "gouvernement"],
        "rare": ["lobsters", "cherries", "maple", "ser", "Fredericton"],
        "phrase": ['"small business"', '"trade mission"', '"middle class"', '"Jack Ma"'],
    }
    hits = {
        word: search_articles(word).articles.count() for group in words.values() for word in group
    }
    return {
        "articles": [*seeds, *sample],  # the five texts (facts, quotes) and 500 synthetic
        "people": list(Person.objects.values_list("slug", flat=True)),
        "initiatives": list(Initiative.objects.values_list("slug", flat=True)),
        "publishers": list(Publisher.objects.values_list("slug", flat=True)),
        "years": sorted({d.year for d in Article.objects.dates("published_on", "year")}),
        "words": words,
        "hits": hits,
    }


# The server and the load ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


@contextmanager
def gunicorn(workers: int, log: Path, **env: str):
    """gunicorn serving the archive on a free port; yields its base URL once /healthz is 200."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                BIN / "gunicorn",
                "archive.wsgi",
                *f"--bind 127.0.0.1:{port} --workers {workers}".split(),
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(60):
                if status_of(f"{url}/healthz") == 200:
                    break
                time.sleep(0.5)
            else:
                raise RuntimeError(f"gunicorn did not answer on {url}; see {log}")
            yield url
        finally:
            server.terminate()
            server.wait(timeout=30)


def locust(url: str, users: int, duration: str, prefix: Path, **env: str) -> subprocess.Popen:
    """locust headless in the background; its figures go to PREFIX_stats.csv and _failures.csv."""
    options = (
        f"--headless --host {url} --users {users} --spawn-rate {max(1, users // 8)} "
        f"--run-time {duration} --reset-stats --only-summary --csv {prefix} --loglevel WARNING"
    )
    return subprocess.Popen(
        [BIN / "locust", "-f", HERE / "locustfile.py", *options.split()],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
    )


def stats_read(prefix: Path) -> dict:
    """locust's per-name figures, and the errors by message."""

    def row_of(row):
        return {
            "name": row["Name"],
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 1),
            "p50_ms": int(row["50%"]),
            "p95_ms": int(row["95%"]),
            "p99_ms": int(row["99%"]),
        }

    with open(f"{prefix}_stats.csv", newline="") as stats:
        rows = [row_of(row) for row in csv.DictReader(stats) if row["Request Count"] != "0"]
    with open(f"{prefix}_failures.csv", newline="") as failures:
        errors = [
            {"name": row["Name"], "error": row["Error"], "count": int(row["Occurrences"])}
            for row in csv.DictReader(failures)
        ]
    total = rows.pop()  # the "Aggregated" row
    return {**total, "by_type": rows, "errors": errors}


def load_run(url: str, users: int, duration: str) -> dict:
    print(f"{users} users for {duration} ...", flush=True)
    before = os.getloadavg()
    run = locust(url, users, duration, LOGS / f"users-{users}")
    run.wait()
    result = {"users": users, "duration": duration, **stats_read(LOGS / f"users-{users}")}
    return {**result, "loadavg_before": before, "loadavg_after": os.getloadavg()}


def outage_run(url: str, args, conn_max_age: int) -> dict:
    """A load run with PostgreSQL stopped for a while in the middle of it."""
    print(
        f"Outage with CONN_MAX_AGE={conn_max_age}: {args.outage_users} users for "
        f"{args.outage_duration} s, PostgreSQL stopped at {args.outage_at} s for "
        f"{args.outage_seconds} s ...",
        flush=True,
    )
    prefix = LOGS / f"outage-conn-max-age-{conn_max_age}"
    log = prefix.with_suffix(".log")
    log.unlink(missing_ok=True)
    before = os.getloadavg()
    run = locust(
        url, args.outage_users, f"{args.outage_duration}s", prefix, LOADTEST_REQUEST_LOG=str(log)
    )
    time.sleep(args.outage_at)
    stopping = time.time()
    sh(args.db_stop)
    stopped = time.time()
    time.sleep(args.outage_seconds)
    starting = time.time()
    sh(args.db_start)
    while subprocess.run(
        ["psql", args.database_url, "-qc", "SELECT 1"], capture_output=True
    ).returncode:
        time.sleep(0.1)
    back = time.time()
    run.wait()
    requests = [json.loads(line) for line in log.read_text().splitlines()]
    after_back = [r for r in requests if r["started"] >= back]
    first_ok = min((r["ended"] for r in after_back if r["status"] == 200), default=None)
    other = [r for r in requests if r["status"] != 200 and r["outcome"] != "503 page"]
    return {
        "conn_max_age": conn_max_age,
        "users": args.outage_users,
        "requests": len(requests),
        "ok": sum(r["status"] == 200 for r in requests),
        "503_page": sum(r["outcome"] == "503 page" for r in requests),
        "other_errors": len(other),
        "other_error_kinds": sorted({f"{r['status']} {r['outcome']}" for r in other}),
        "stop_seconds": round(stopped - stopping, 2),
        "down_seconds": round(back - stopped, 2),
        "start_seconds": round(back - starting, 2),
        "first_200_after_back_s": round(first_ok - back, 2) if first_ok else None,
        "errors_after_back": sum(r["status"] != 200 for r in after_back),
        "loadavg_before": before,
        "loadavg_after": os.getloadavg(),
    }


# Report ---------------------------------------------------------------------------------------


def loads(run: dict) -> str:
    return " / ".join(
        ", ".join(f"{v:.2f}" for v in run[key]) for key in ("loadavg_before", "loadavg_after")
    )


def markdown(report: dict) -> str:
    lines = [
        "# Load test",
        "",
        f"Run {report['run_at']} UTC by `make loadtest` on {report['cores']} cores shared by "
        "gunicorn, PostgreSQL and locust, and possibly by other engineers' tests and benchmarks "
        "(see the load averages, 1/5/15 min, before / after each run), so absolute figures are "
        "indicative. "
        f"{report['articles']:,} synthetic articles plus the five texts on PostgreSQL "
        f"{PG_VERSION}; gunicorn, {report['workers']} sync workers, production settings; "
        "locust users wait 1-3 s between requests (loadtest/locustfile.py). Times in ms "
        "(locust rounds them to two significant figures); requests/s after ramp-up.",
        "",
        "A user waits 1-3 s (2 s on average) after each response, so N users send about "
        "N / (2 s + response time) requests/s. When doubling the users does not raise the "
        "requests/s, the server is saturated: the extra users only wait in gunicorn's queue (the "
        "p50 grows) and every request type slows alike.",
        "",
    ]
    for run in report["runs"]:
        lines += [
            f"## {run['users']} users, {run['duration']}",
            "",
            f"{run['requests']:,} requests, {run['rps']} requests/s, "
            f"p50 {run['p50_ms']} / p95 {run['p95_ms']} / p99 {run['p99_ms']} ms, "
            f"**{run['failures']} errors**. Load average {loads(run)}.",
            "",
            "| request | requests | req/s | p50 | p95 | p99 | errors |",
            "|---|---|---|---|---|---|---|",
        ]
        lines += [
            f"| `{r['name']}` | {r['requests']} | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} | "
            f"{r['p99_ms']} | {r['failures']} |"
            for r in run["by_type"]
        ]
        lines += [f"- error: {e['count']}× {e['name']}: {e['error']}" for e in run["errors"]]
        lines.append("")
    lines += [
        "## PostgreSQL stopped during the load",
        "",
        "PostgreSQL is stopped (`LOAD_DB_STOP`), left down, and started again (`LOAD_DB_START`) "
        "while locust runs; gunicorn is not restarted. A 503 counts as the 503 page only when its "
        'body is templates/503.html. "Back" is when PostgreSQL accepts connections again; '
        "recovery is the time from then to the first 200, and the errors after it are those of "
        "requests sent after it. `CONN_MAX_AGE=60` is the same run with persistent connections "
        "(`DJANGO_CONN_MAX_AGE=60`).",
        "",
        "| connections | requests | 200 | 503 page | other non-2xx | PostgreSQL down | "
        "recovery | errors after back | load average |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for run in report["outages"]:
        other = " ".join([str(run["other_errors"]), *run["other_error_kinds"]])
        lines.append(
            f"| `CONN_MAX_AGE={run['conn_max_age']}` | {run['requests']} | {run['ok']} | "
            f"{run['503_page']} | {other} | {run['down_seconds']} s | "
            f"{run['first_200_after_back_s']} s | {run['errors_after_back']} | {loads(run)} |"
        )
    lines += [
        "",
        "Search words and their hits: "
        + ", ".join(f"`{w}` {n:,}" for w, n in report["targets"]["hits"].items())
        + ".",
        "",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    env = os.environ.get
    parser.add_argument("--articles", type=int, default=int(env("LOAD_ARTICLES", "10000")))
    parser.add_argument(
        "--users", type=int, nargs="+", default=[int(u) for u in env("LOAD_USERS", "32 64").split()]
    )
    parser.add_argument("--duration", default=env("LOAD_DURATION", "2m"))
    # Sync workers, two per core: a page is CPU-bound Python (threads would share one core under
    # the GIL), and one worker can run while another waits for PostgreSQL on the same cores.
    parser.add_argument("--workers", type=int, default=int(env("LOAD_WORKERS", "4")))
    parser.add_argument("--outage-users", type=int, default=16)
    parser.add_argument("--outage-duration", type=int, default=60)
    parser.add_argument("--outage-at", type=int, default=20)
    parser.add_argument("--outage-seconds", type=int, default=int(env("LOAD_OUTAGE_SECONDS", "8")))
    parser.add_argument("--database-url", default=env("LOAD_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--db-stop", default=env("LOAD_DB_STOP", f"{PG_CTL} stop"))
    parser.add_argument("--db-start", default=env("LOAD_DB_START", f"{PG_CTL} start"))
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    LOGS.mkdir(exist_ok=True)
    RESULTS.mkdir(exist_ok=True)

    os.environ.update(
        DATABASE_URL=args.database_url,
        DJANGO_SETTINGS_MODULE="archive.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_CONN_MAX_AGE="0",
    )
    if args.database_url == DEFAULT_DATABASE_URL:
        cluster_ensure()
    built = synthetic_count(args.database_url) == args.articles
    if not built:
        database_recreate(args.database_url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)  # a reused archive may predate the code's migrations
    if built:
        print(f"Reusing the archive of {args.articles:,} articles in {args.database_url}")
    else:
        print(f"Building an archive of {args.articles:,} articles in {args.database_url} ...")
        archive_build(args.articles)
    call_command("collectstatic", interactive=False, verbosity=0)
    report = {
        "run_at": f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M}",
        "cores": os.cpu_count(),
        "articles": args.articles,
        "workers": args.workers,
        "targets": targets(),
        "runs": [],
        "outages": [],
    }
    connections.close_all()  # nothing of this process may hold a connection during the outage
    targets_file = LOGS / "targets.json"
    targets_file.write_text(json.dumps(report["targets"]))
    os.environ["LOADTEST_TARGETS"] = str(targets_file)

    with gunicorn(args.workers, LOGS / "gunicorn.log") as url:
        print(f"gunicorn on {url}, {args.workers} workers")
        for users in args.users:
            run = load_run(url, users, args.duration)
            report["runs"].append(run)
            print(
                f"  {run['rps']} requests/s, p50/p95/p99 {run['p50_ms']}/{run['p95_ms']}/"
                f"{run['p99_ms']} ms, {run['failures']} errors",
                flush=True,
            )
        report["outages"].append(outage_run(url, args, conn_max_age=0))
    with gunicorn(args.workers, LOGS / "gunicorn-persistent.log", DJANGO_CONN_MAX_AGE="60") as url:
        report["outages"].append(outage_run(url, args, conn_max_age=60))

    (RESULTS / "results.json").write_text(json.dumps(report, indent=2))
    (RESULTS / "results.md").write_text(markdown(report))
    print(markdown(report))


if __name__ == "__main__":
    main()
