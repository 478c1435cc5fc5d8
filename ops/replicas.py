"""Make, start, stop and remove a PostgreSQL primary, its hot standbys and a pgbouncer here.

    python ops/replicas.py up       (make replicas): primary 5441, standbys 5442 5443, bouncer 6441
    python ops/replicas.py status   (make replicas-status)
    python ops/replicas.py down     (make replicas-down): stops them, removes their directories

Each server is its own data directory (initdb, then `pg_basebackup -R` with a replication
slot per standby) under one base directory, run with pg_ctl as the `postgres` OS user; nothing
goes to /etc/postgresql, and the clusters of this machine (the main one on 5432, the load
test's on 5433) are never touched: `Replicas` refuses those ports. The test suite
(tests/test_replicas.py) and `make loadtest REPLICAS=2` use the same class on other ports.
"""

import argparse
import os
import pwd
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
RESERVED_PORTS = {5432, 5433}  # the main cluster and the load test's dedicated one
OS_USER = "postgres"  # neither PostgreSQL nor pgbouncer runs as root

# Small servers that share two cores with everything else.
SERVER_SETTINGS = """
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = '{socket_dir}'
max_connections = 100
shared_buffers = 64MB
max_wal_senders = 10
max_replication_slots = 10
wal_level = replica
hot_standby = on
hot_standby_feedback = on
wal_receiver_status_interval = 1s
logging_collector = off
"""

PGBOUNCER_INI = """
[databases]
{databases}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir = {directory}
pidfile = {directory}/pgbouncer.pid
logfile = {directory}/pgbouncer.log
auth_type = trust
auth_file = {directory}/userlist.txt
admin_users = postgres
; Transaction pooling: a server connection is lent to a client for one transaction.
pool_mode = transaction
max_client_conn = 400
default_pool_size = 20
; A server that is down or slow fails the client's query within seconds, not minutes, so
; the archive can take the replica out of rotation and read elsewhere.
server_connect_timeout = 2
server_login_retry = 1
query_wait_timeout = 2
; Check a pooled server connection each time it is lent: one to a server that has restarted
; since is dropped, not handed to the archive as "server closed the connection unexpectedly".
server_check_delay = 0
ignore_startup_parameters = extra_float_digits
"""


def as_postgres(command: list) -> list:
    """The command run as the postgres OS user (as is when this process already is it)."""
    command = [str(part) for part in command]
    if os.geteuid() == 0:
        return ["runuser", "-u", OS_USER, "--", *command]
    return command


def run(command: list, **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("timeout", 120)
    return subprocess.run(as_postgres(command), check=True, text=True, **kwargs)


def psql(port: int, sql: str, database: str = "postgres") -> str:
    command = [PG_BIN / "psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", database]
    return run([*command, "-qtAXc", sql], capture_output=True, timeout=30).stdout.strip()


def ready(port: int) -> bool:
    probe = [PG_BIN / "pg_isready", "-q", "-h", "127.0.0.1", "-p", port, "-t", "2"]
    return subprocess.run(as_postgres(probe), timeout=10).returncode == 0


@dataclass
class Replicas:
    """A primary on `primary_port`, one standby per port of `standby_ports`, a pgbouncer."""

    base: Path
    primary_port: int = 5441
    standby_ports: tuple[int, ...] = (5442, 5443)
    pgbouncer_port: int = 6441
    databases: tuple[str, ...] = ("archive",)
    fast: bool = False  # fsync off: for throwaway test clusters only
    started: list = field(default_factory=list)

    def __post_init__(self):
        self.base = Path(self.base)
        ports = {self.primary_port, *self.standby_ports, self.pgbouncer_port}
        if ports & RESERVED_PORTS:
            raise ValueError(f"ports {sorted(ports & RESERVED_PORTS)} belong to other clusters")

    # Where things are

    def data_dir(self, port: int) -> Path:
        return self.base / f"pg-{port}"

    @property
    def ports(self) -> list[int]:
        return [self.primary_port, *self.standby_ports]

    def direct_url(self, port: int, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{port}/{database}"

    def pooled_name(self, port: int, database: str) -> str:
        """pgbouncer's name for DATABASE on the server on PORT."""
        return database if port == self.primary_port else f"{database}_{port}"

    def pooled_url(self, port: int, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.pgbouncer_port}/" + self.pooled_name(
            port, database
        )

    def environment(self, database: str = "archive") -> dict[str, str]:
        """DATABASE_URL and DATABASE_REPLICA_URLS through pgbouncer, and the pgbouncer switch."""
        return {
            "DATABASE_URL": self.pooled_url(self.primary_port, database),
            "DATABASE_REPLICA_URLS": ",".join(
                self.pooled_url(port, database) for port in self.standby_ports
            ),
            "DJANGO_PGBOUNCER": "1",
        }

    # Making them

    def up(self) -> None:
        """Create what is missing and start what is stopped; returns once all answer."""
        self.base.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            pw = pwd.getpwnam(OS_USER)
            os.chown(self.base, pw.pw_uid, pw.pw_gid)
        if not (self.data_dir(self.primary_port) / "PG_VERSION").exists():
            self._initdb()
        self.start(self.primary_port)
        for database in self.databases:
            exists = f"SELECT 1 FROM pg_database WHERE datname = '{database}'"
            if psql(self.primary_port, exists) != "1":
                psql(self.primary_port, f'CREATE DATABASE "{database}"')
        for port in self.standby_ports:
            if not (self.data_dir(port) / "PG_VERSION").exists():
                self._basebackup(port)
            self.start(port)
        self.pgbouncer_start()
        self.wait_replayed()

    def _settings(self, port: int) -> str:
        text = SERVER_SETTINGS.format(port=port, socket_dir=self.data_dir(port))
        if self.fast:
            text += "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
        return text

    def _initdb(self) -> None:
        directory = self.data_dir(self.primary_port)
        print(f"initdb {directory} (port {self.primary_port})", flush=True)
        run([PG_BIN / "initdb", "-D", directory, "-U", "postgres", "--auth=trust", "-E", "UTF8",
             "--locale=C.UTF-8"], capture_output=True)  # fmt: skip
        with (directory / "postgresql.conf").open("a") as conf:
            conf.write(self._settings(self.primary_port))

    def _basebackup(self, port: int) -> None:
        directory = self.data_dir(port)
        slot = f"standby_{port}"
        print(f"pg_basebackup {directory} (port {port}, slot {slot})", flush=True)
        if psql(self.primary_port, f"SELECT 1 FROM pg_replication_slots WHERE slot_name='{slot}'"):
            psql(self.primary_port, f"SELECT pg_drop_replication_slot('{slot}')")
        run([PG_BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", self.primary_port, "-U", "postgres",
             "-D", directory, "-R", "-C", "-S", slot, "-X", "stream", "-c", "fast"],
            capture_output=True)  # fmt: skip
        with (directory / "postgresql.conf").open("a") as conf:
            conf.write(self._settings(port))  # the last `port =` wins over the primary's

    # Running them

    def start(self, port: int) -> None:
        if ready(port):
            return
        directory = self.data_dir(port)
        run([PG_BIN / "pg_ctl", "-D", directory, "-l", directory / "server.log", "-w", "-t", "60",
             "start"], capture_output=True)  # fmt: skip
        self.started.append(port)

    def stop(self, port: int, mode: str = "fast") -> None:
        directory = self.data_dir(port)
        if (directory / "postmaster.pid").exists():
            run([PG_BIN / "pg_ctl", "-D", directory, "-m", mode, "-w", "-t", "60", "stop"],
                capture_output=True)  # fmt: skip

    def pgbouncer_start(self) -> None:
        directory = self.base / "pgbouncer"
        directory.mkdir(exist_ok=True)
        lines = []
        for database in self.databases:
            for port in self.ports:
                name = self.pooled_name(port, database)
                lines.append(f"{name} = host=127.0.0.1 port={port} dbname={database}")
        (directory / "pgbouncer.ini").write_text(
            PGBOUNCER_INI.format(
                databases="\n".join(lines), port=self.pgbouncer_port, directory=directory
            )
        )
        (directory / "userlist.txt").write_text('"postgres" ""\n')
        if os.geteuid() == 0:
            pw = pwd.getpwnam(OS_USER)
            for path in (directory, *directory.iterdir()):
                os.chown(path, pw.pw_uid, pw.pw_gid)
        if self.pgbouncer_pid():
            run(["kill", "-HUP", self.pgbouncer_pid()])  # reload the configuration
            return
        run([PGBOUNCER, "-d", directory / "pgbouncer.ini"], capture_output=True)
        for _ in range(50):
            if ready(self.pgbouncer_port):
                return
            time.sleep(0.1)
        raise RuntimeError(f"pgbouncer did not start; see {directory / 'pgbouncer.log'}")

    def pgbouncer_pid(self) -> int | None:
        pidfile = self.base / "pgbouncer" / "pgbouncer.pid"
        try:
            pid = int(pidfile.read_text().strip())
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, ValueError, IndexError):
            return None
        return None if state == "Z" else pid  # a zombie left for a parent that never reaps it

    def wait_replayed(self, timeout: float = 30) -> None:
        """Until every running standby has replayed the primary's current WAL position."""
        target = psql(self.primary_port, "SELECT pg_current_wal_insert_lsn()")
        deadline = time.monotonic() + timeout
        for port in self.standby_ports:
            if not ready(port):
                continue
            sql = f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"
            while psql(port, sql) != "t":
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the standby on {port} has not replayed {target}")
                time.sleep(0.05)

    def status(self) -> list[str]:
        lines = []
        for port in self.ports:
            role = "primary" if port == self.primary_port else "standby"
            if not ready(port):
                lines.append(f"{port} {role}: down ({self.data_dir(port)})")
                continue
            lsn = "pg_current_wal_lsn" if port == self.primary_port else "pg_last_wal_replay_lsn"
            lines.append(f"{port} {role}: up, WAL position {psql(port, f'SELECT {lsn}()')}")
        pid = self.pgbouncer_pid()
        lines.append(f"{self.pgbouncer_port} pgbouncer: " + (f"up (pid {pid})" if pid else "down"))
        return lines

    def down(self) -> None:
        """Stop pgbouncer and every server, and remove the base directory."""
        pid = self.pgbouncer_pid()
        if pid:
            subprocess.run(["kill", str(pid)], check=False)
            for _ in range(50):
                if not self.pgbouncer_pid():
                    break
                time.sleep(0.1)
        for port in reversed(self.ports):
            try:
                self.stop(port, mode="immediate")
            except subprocess.SubprocessError as error:
                print(f"stopping {port}: {error}", file=sys.stderr)
        shutil.rmtree(self.base, ignore_errors=True)


DEFAULT_BASE = Path(os.environ.get("REPLICAS_DIR", "/var/lib/postgresql/archive-replicas"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["up", "status", "down"])
    parser.add_argument("--standbys", type=int, default=int(os.environ.get("REPLICAS", "2")))
    parser.add_argument("--base", type=Path, default=DEFAULT_BASE)
    args = parser.parse_args()
    replicas = Replicas(args.base, standby_ports=(5442, 5443)[: args.standbys])
    if args.action == "up":
        replicas.up()
        print("\n".join(replicas.status()))
        print("\nThe archive through pgbouncer (put these in .env or the environment):")
        for name, value in replicas.environment().items():
            print(f"{name}={value}")
    elif args.action == "status":
        print("\n".join(replicas.status()))
    else:
        replicas.down()
        print(f"stopped and removed {args.base}")


if __name__ == "__main__":
    main()
