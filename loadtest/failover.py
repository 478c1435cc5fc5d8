"""The load test with replicas: readers, editors, pgbouncer; a standby, then the primary, down.

    make loadtest REPLICAS=2      (python loadtest/run.py with REPLICAS set; see run.py)

1. `make replicas`' servers (ops/replicas.py: primary 5441, standbys 5442 and 5443,
   pgbouncer 6441; created or started as needed), holding the load archive in `archive_load`
   (built on the primary as run.py builds it, replicated to the standbys).
2. gunicorn in production mode with DATABASE_URL and DATABASE_REPLICA_URLS through pgbouncer
   (DJANGO_PGBOUNCER=1, persistent connections with health checks).
3. locust: the readers of locustfile.py plus LOAD_EDITORS editors, who save a record in the
   admin and read its public page. A steady run, then a run during which the first standby
   is stopped for LOAD_OUTAGE_SECONDS (10) and started, then the primary.

Where reads went: each server's transactions (pg_stat_database), sampled twice a second.
Figures go to loadtest/results/replicas.md and replicas.json.
"""

import datetime
import json
import os
import secrets
import sys
import threading
import time
from pathlib import Path

import psycopg2
import run as base  # loadtest/run.py: the archive, gunicorn, locust and their figures

sys.path.insert(0, str(base.ROOT))
from ops.replicas import DEFAULT_BASE, Replicas  # noqa: E402

DATABASE = "archive_load"
# The environment variables of the command, named in the report when they are set.
COMMAND_SETTINGS = ("LOAD_ARTICLES", "LOAD_USERS", "LOAD_DURATION", "LOAD_EDITORS", "LOAD_WORKERS")
EDITOR = {"username": "loadtest-editor", "password": secrets.token_urlsafe(16)}


class Sampler(threading.Thread):
    """Each server's committed and rolled-back transactions, every half second."""

    def __init__(self, ports: list[int]):
        super().__init__(daemon=True)
        self.ports = ports
        self.samples: list[dict] = []  # {"t": time, port: count or None}
        self.done = threading.Event()
        self.connections: dict[int, object] = {}

    def count(self, port: int) -> int | None:
        try:
            if port not in self.connections:
                self.connections[port] = psycopg2.connect(
                    host="127.0.0.1", port=port, user="postgres", dbname=DATABASE,
                    connect_timeout=1,
                )  # fmt: skip
                self.connections[port].autocommit = True
            with self.connections[port].cursor() as cursor:
                cursor.execute(
                    "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s",
                    [DATABASE],
                )
                return cursor.fetchone()[0]
        except psycopg2.Error:
            self.connections.pop(port, None)
            return None

    def run(self):
        while not self.done.is_set():
            self.samples.append({"t": time.time(), **{p: self.count(p) for p in self.ports}})
            self.done.wait(0.5)

    def transactions(self, start: float, end: float) -> dict[int, int]:
        """Each server's transactions between two times (its samples while it answered)."""
        totals = {}
        for port in self.ports:
            counts = [s[port] for s in self.samples if start <= s["t"] <= end and s[port]]
            # A restart resets nothing (stats survive a clean stop); sum the rises only.
            totals[port] = sum(max(0, b - a) for a, b in zip(counts, counts[1:], strict=False))
        return totals

    def first_busy(self, port: int, after: float, minimum: int = 5) -> float | None:
        """When the server next ran more than `minimum` transactions in one sample."""
        samples = [s for s in self.samples if s["t"] >= after]
        for previous, sample in zip(samples, samples[1:], strict=False):
            counts = previous[port], sample[port]
            if None not in counts and counts[1] - counts[0] > minimum:
                return sample["t"]
        return None


def prepare(replicas: Replicas, args) -> dict:
    """The archive on the primary (built or reused), the editor's account, the targets."""
    direct = replicas.direct_url(replicas.primary_port, DATABASE)
    os.environ.update(
        DATABASE_URL=direct,
        DJANGO_SETTINGS_MODULE="archive.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_CONN_MAX_AGE="0",
    )
    built = base.synthetic_count(direct) == args.articles
    if not built:
        base.database_recreate(direct)
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connections

    from articles.models import Place

    call_command("migrate", verbosity=0)
    if built:
        print(f"Reusing the archive of {args.articles:,} articles in {direct}")
    else:
        print(f"Building an archive of {args.articles:,} articles in {direct} ...")
        base.archive_build(args.articles)
    call_command("collectstatic", interactive=False, verbosity=0)
    editor, _ = User.objects.get_or_create(username=EDITOR["username"])
    editor.is_staff = editor.is_superuser = True
    editor.set_password(EDITOR["password"])
    editor.save()
    targets = base.targets()
    places = Place.objects.order_by("slug").values(
        "pk", "name", "name_fr", "slug", "kind", "parent", "description"
    )
    targets |= {"editor": EDITOR, "editable_places": list(places[: args.editors])}
    connections.close_all()
    replicas.wait_replayed(timeout=300)
    return targets


def phase_of(started: float, events: dict) -> str:
    if started < events["standby_stopped"]:
        return "1 before"
    if started < events["standby_back"]:
        return "2 standby down"
    if started < events["primary_stopped"]:
        return "3 between"
    if started < events["primary_back"]:
        return "4 primary down"
    return "5 after"


def outcome_of(record: dict) -> str:
    if record["status"] in (200, 302) and record["outcome"] == "ok":
        return "ok"
    return f"{record['status']} {record['outcome']}"


def failover_run(url: str, replicas: Replicas, args, sampler: Sampler, env: dict) -> dict:
    users, seconds, gap = args.outage_users, args.outage_seconds, args.outage_at
    duration = 3 * gap + 2 * seconds + 30  # stopping and starting a server takes a while too
    print(
        f"Failover: {users} users ({args.editors} editors) for {duration} s; standby "
        f"{replicas.standby_ports[0]} stopped at {gap} s for {seconds} s, then the primary ...",
        flush=True,
    )
    prefix = base.LOGS / "replicas-failover"
    log = prefix.with_suffix(".log")
    log.unlink(missing_ok=True)
    run = base.locust(url, users, f"{duration}s", prefix, LOADTEST_REQUEST_LOG=str(log), **env)
    events = {"start": time.time()}
    for name, port in [("standby", replicas.standby_ports[0]), ("primary", replicas.primary_port)]:
        time.sleep(gap)
        events[f"{name}_stopped"] = time.time()
        replicas.stop(port)
        time.sleep(seconds)
        events[f"{name}_starting"] = time.time()
        replicas.start(port)
        events[f"{name}_back"] = time.time()
    run.wait()
    events["end"] = time.time()
    requests = [json.loads(line) for line in log.read_text().splitlines()]
    phases: dict[str, dict] = {}
    failed_pages: dict[str, dict] = {}
    for record in requests:
        kind = "editors" if record["name"].startswith("editor") else "readers"
        phase = phases.setdefault(phase_of(record["started"], events), {})
        counts = phase.setdefault(kind, {})
        outcome = outcome_of(record)
        counts[outcome] = counts.get(outcome, 0) + 1
        if outcome != "ok":
            pages = failed_pages.setdefault(phase_of(record["started"], events), {})
            pages[record["name"]] = pages.get(record["name"], 0) + 1
    saved = [r for r in requests if r["name"] == "editor save" and r["status"] == 302]
    after = [r["ended"] for r in saved if r["started"] >= events["primary_back"]]
    first_save = min(after, default=None)
    standby_busy = sampler.first_busy(replicas.standby_ports[0], events["standby_back"])
    return {
        "users": users,
        "editors": args.editors,
        "duration_s": duration,
        "outage_s": seconds,
        "requests": len(requests),
        "phases": dict(sorted(phases.items())),
        "failed_pages": dict(sorted(failed_pages.items())),
        "standby_recovery_s": round(standby_busy - events["standby_back"], 2)
        if standby_busy
        else None,
        "primary_recovery_s": round(first_save - events["primary_back"], 2) if first_save else None,
        "transactions": {
            phase: sampler.transactions(start, end)
            for phase, start, end in [
                ("2 standby down", events["standby_stopped"], events["standby_back"]),
                ("4 primary down", events["primary_stopped"], events["primary_back"]),
            ]
        },
        "saves_acknowledged": acknowledged(requests),
        "events": {k: round(v - events["start"], 2) for k, v in events.items()},
    }


def acknowledged(requests: list[dict]) -> dict[str, int]:
    saves: dict[str, int] = {}
    for record in requests:
        if record["name"] == "editor save" and record["status"] == 302:
            saves[record["place"]] = saves.get(record["place"], 0) + 1
    return saves


def lost_saves(replicas: Replicas, saves: dict[str, int]) -> int:
    """Saves the editors were told succeeded whose text the primary does not hold."""
    lost = 0
    for slug, count in saves.items():
        description = base.psql(
            replicas.direct_url(replicas.primary_port, DATABASE),
            f"SELECT description FROM articles_place WHERE slug = '{slug}'",
            database=DATABASE,
        )
        stored = int(description.split()[3]) if description.startswith("Load test edit") else 0
        lost += max(0, count - stored)
    return lost


def markdown(report: dict) -> str:
    steady, failover = report["steady"], report["failover"]
    ports = report["ports"]
    names = {str(ports[0]): "primary", **{str(p): f"standby {p}" for p in ports[1:]}}

    def shares(transactions: dict) -> str:
        total = sum(transactions.values()) or 1
        return ", ".join(
            f"{names[str(port)]} {count:,} ({100 * count / total:.0f}%)"
            for port, count in transactions.items()
        )

    lines = [
        "# Load test with read replicas",
        "",
        f"Run {report['run_at']} UTC by `make loadtest REPLICAS={len(ports) - 1}"
        f"{report['command_extra']}` on {report['cores']} cores shared by gunicorn "
        f"({report['workers']} sync workers), pgbouncer, {len(ports)} PostgreSQL 15 servers, "
        "locust and other engineers' tests and benchmarks: the figures are noisy and "
        f"indicative (load averages before / after: {base.loads(steady)}). "
        f"{report['articles']:,} synthetic articles plus the five texts. Every database is "
        "reached through pgbouncer (transaction pooling, port 6441); gunicorn uses persistent "
        "connections with health checks (`DJANGO_CONN_MAX_AGE=60`). The primary and the "
        "standbys are on the same two cores, so a replica adds no capacity here: this run "
        "shows where reads go and what survives a failure, not a speed-up.",
        "",
        f"## Steady: {steady['users']} users ({report['editors']} of them editors), "
        f"{steady['duration']}",
        "",
        f"{steady['requests']:,} requests, {steady['rps']} requests/s, "
        f"p50 {steady['p50_ms']} / p95 {steady['p95_ms']} / p99 {steady['p99_ms']} ms, "
        f"**{steady['failures']} errors**.",
        "",
        f"Where the transactions went: {shares(steady['transactions'])} (a reader's page is "
        "one or a few transactions; editors, logins and sessions are on the primary).",
        "",
        "| request | requests | req/s | p50 | p95 | p99 | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in steady["by_type"]:
        lines.append(
            f"| `{row['name']}` | {row['requests']:,} | {row['rps']} | {row['p50_ms']} | "
            f"{row['p95_ms']} | {row['p99_ms']} | {row['failures']} |"
        )
    for error in steady["errors"]:
        lines.append(f"\nError: `{error['name']}` {error['error']} × {error['count']}")
    lines += [
        "",
        f"## Failover: {failover['users']} users ({failover['editors']} editors), "
        f"{failover['duration_s']} s",
        "",
        f"Standby {ports[1]} stopped (`pg_ctl stop -m fast`) at "
        f"{failover['events']['standby_stopped']} s for {failover['outage_s']} s and started "
        f"again; then the primary, at {failover['events']['primary_stopped']} s for "
        f"{failover['outage_s']} s. gunicorn and pgbouncer are not restarted. Each request "
        "is counted in the phase it started in; `ok` is a 200 (or an editor's 302 after a "
        "save), `503 saving unavailable page` the editors' templates/503_saving.html.",
        "",
        "| phase | readers | editors |",
        "|---|---|---|",
    ]
    for phase, kinds in failover["phases"].items():
        cells = [
            ", ".join(f"{outcome} {n}" for outcome, n in sorted(kinds.get(kind, {}).items()))
            for kind in ("readers", "editors")
        ]
        lines.append(f"| {phase} | {cells[0] or '—'} | {cells[1] or '—'} |")
    for phase, pages in failover["failed_pages"].items():
        listed = ", ".join(f"`{name}` {n}" for name, n in sorted(pages.items()))
        lines.append(f"\nNot ok, {phase}: {listed}.")
    lines += [
        "",
        "Transactions per server while the standby was down: "
        f"{shares(failover['transactions']['2 standby down'])}; while the primary was down: "
        f"{shares(failover['transactions']['4 primary down'])}.",
        "",
        f"Recovery: the standby ran reads again {failover['standby_recovery_s']} s after it "
        "was back (its health is re-checked every 2 s per worker); the first editor's save "
        f"succeeded {failover['primary_recovery_s']} s after the primary was back. Saves "
        f"acknowledged (302): {sum(failover['saves_acknowledged'].values())}; of those, "
        f"**{report['lost_saves']} missing** from the primary afterwards.",
        "",
    ]
    return "\n".join(lines)


def main(args, standbys: int) -> None:
    replicas = Replicas(
        DEFAULT_BASE, standby_ports=(5442, 5443)[:standbys], databases=("archive", DATABASE)
    )
    replicas.up()
    targets = prepare(replicas, args)
    targets_file = base.LOGS / "targets-replicas.json"
    targets_file.write_text(json.dumps(targets))
    locust_env = {"LOADTEST_TARGETS": str(targets_file), "LOADTEST_EDITORS": str(args.editors)}
    server_env = {**replicas.environment(DATABASE), "DJANGO_CONN_MAX_AGE": "60"}
    server_env["DJANGO_SECURE_COOKIES"] = "0"  # plain HTTP: the editors' cookies must come back
    sampler = Sampler(replicas.ports)
    sampler.start()
    report = {
        "run_at": f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M}",
        "command_extra": "".join(
            f" {name}={os.environ[name]}" for name in COMMAND_SETTINGS if name in os.environ
        ),
        "cores": os.cpu_count(),
        "articles": args.articles,
        "workers": args.workers,
        "editors": args.editors,
        "ports": replicas.ports,
    }
    with base.gunicorn(args.workers, base.LOGS / "gunicorn-replicas.log", **server_env) as url:
        users = args.users[0]
        print(f"gunicorn on {url}; {users} users for {args.duration} ...", flush=True)
        start = time.time()
        before = os.getloadavg()
        base.locust(url, users, args.duration, base.LOGS / "replicas-steady", **locust_env).wait()
        steady = {"users": users, "duration": args.duration}
        steady |= base.stats_read(base.LOGS / "replicas-steady")
        steady |= {"loadavg_before": before, "loadavg_after": os.getloadavg()}
        steady["transactions"] = sampler.transactions(start, time.time())
        report["steady"] = steady
        print(f"  {steady['rps']} requests/s, {steady['failures']} errors", flush=True)
        report["failover"] = failover_run(url, replicas, args, sampler, locust_env)
    sampler.done.set()
    replicas.wait_replayed(timeout=60)
    report["lost_saves"] = lost_saves(replicas, report["failover"]["saves_acknowledged"])
    (base.RESULTS / "replicas.json").write_text(json.dumps(report, indent=2))
    (base.RESULTS / "replicas.md").write_text(markdown(report))
    print(markdown(report))


if __name__ == "__main__":
    print(__doc__)
    sys.exit(Path(__file__).name + ": run it as `make loadtest REPLICAS=2`")
