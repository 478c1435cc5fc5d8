"""An import killed with SIGKILL mid-import leaves no partial article (nor batch); running it again
completes the batch without duplicates. Runs a real `manage.py` process against a database
of its own, on the engine the suite runs on."""

import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CHECK = """
import json
from articles.models import Article
from django.db import connection
rows = [(a.slug, a.mentions.count(), a.raw_sha256) for a in Article.objects.all()]
indexed = None
if connection.vendor == "sqlite":
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_search")
        indexed = cursor.fetchone()[0]
print(json.dumps({"rows": rows, "indexed": indexed}))
"""


@pytest.fixture
def own_database(tmp_path):
    """A DATABASE_URL for a fresh database on the suite's engine, dropped afterwards."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if "sqlite" in engine:
        yield f"sqlite:///{tmp_path / 'killed.sqlite3'}"
        return
    import psycopg2

    options = settings.DATABASES["default"]
    name = f"archive_killed_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(
        dbname="postgres",
        user=options["USER"],
        host=options["HOST"],
        port=options["PORT"],
        password=options["PASSWORD"],
    )
    admin.autocommit = True
    admin.cursor().execute(f"CREATE DATABASE {name}")
    yield f"postgres://{options['USER']}@{options['HOST']}:{options['PORT']}/{name}"
    admin.cursor().execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.close()


def manage(database_url, *args, **popen):
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    if popen:
        return subprocess.Popen(command, env=env, cwd=ROOT, text=True, **popen)
    return subprocess.run(command, env=env, cwd=ROOT, text=True, capture_output=True, check=True)


def test_killed_import_leaves_no_partial_article_and_resumes(own_database, tmp_path):
    manage(own_database, "migrate", "--noinput")
    manage(own_database, "import_articles")  # the seed records, so mentions can be linked
    entries, count = [], 40
    for number in range(count):
        name = f"batch-{number:02d}.txt"
        text = f"Story {number}. Alibaba Group met Justin Trudeau in Hangzhou. " * 200
        (tmp_path / name).write_text(text, encoding="utf-8")
        entries.append(
            {
                "file": name,
                "headline": f"Batch story {number}",
                "headline_basis": "supplied",
                "publisher": "Wire",
                "language": "en",
                "published_on": "2018-01-02",
                "date_basis": "stated",
            }
        )
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text(yaml.safe_dump({"articles": entries}))

    process = manage(
        own_database, "import_articles", "--batch-size", "5", str(manifest), stdout=subprocess.PIPE
    )
    seen = []
    for line in process.stdout:
        if line.startswith("imported batch-story"):
            seen.append(line.split()[1])
        if len(seen) == 3:
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait()
    assert process.returncode == -signal.SIGKILL

    state = json.loads(manage(own_database, "shell", "-c", CHECK).stdout.splitlines()[-1])
    batch = [row for row in state["rows"] if row[0].startswith("batch-story")]
    assert 3 <= len(batch) < count  # killed mid-import
    assert len(batch) % 5 == 0  # whole batches of 5 (one transaction each), none in part
    assert all(mentions > 0 for _, mentions, _ in batch)  # no article without its mentions
    if state["indexed"] is not None:
        assert state["indexed"] == len(state["rows"])  # none without its search row

    again = manage(own_database, "import_articles", str(manifest)).stdout
    assert f"{count - len(batch)} imported, {len(batch)} unchanged" in again
    final = json.loads(manage(own_database, "shell", "-c", CHECK).stdout.splitlines()[-1])
    batch = [row for row in final["rows"] if row[0].startswith("batch-story")]
    assert len(batch) == count and len({sha for _, _, sha in batch}) == count
