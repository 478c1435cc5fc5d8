# The two commands of the README: `make run` serves the archive, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

-include .env
export

.PHONY: install run serve migrate load test lint format clean bench loadtest replicas replicas-status replicas-down

$(BIN)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

install: $(BIN)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

load: migrate
	$(BIN)/python manage.py import_articles

run: load
	$(BIN)/python manage.py runserver $(HOST)

# Production mode on HOST (docs/production.md): DEBUG off, static files collected for
# WhiteNoise, gunicorn. DJANGO_SECRET_KEY comes from the environment or .env, else a random
# key is made for this run. Plain HTTP here, so the HTTPS redirect is off unless
# DJANGO_SECURE_SSL_REDIRECT=1.
serve: load
	export DJANGO_DEBUG=0 \
		DJANGO_SECURE_SSL_REDIRECT=$${DJANGO_SECURE_SSL_REDIRECT:-0} \
		DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')} \
	&& $(BIN)/python manage.py collectstatic --noinput --verbosity 0 \
	&& exec $(BIN)/gunicorn archive.wsgi --bind $(HOST) --access-logfile -

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Search and import benchmark on SQLite and PostgreSQL (bench/run.py); results in bench/results/.
# JOBS=2 runs the two engines' workers at once.
# BENCH_ARGS=--reuse keeps the databases an earlier run built (see bench/run.py --help).
SIZES ?= 10000
JOBS ?= 1
BENCH_ARGS ?=
# Saved pages imported through the import pipeline (bench/import_pages.py), on both engines.
BENCH_PAGES ?= 10000
bench: install
	$(BIN)/python -m pip install --quiet -r bench/requirements.lock
	$(BIN)/python bench/run.py --sizes $(SIZES) --jobs $(JOBS) $(BENCH_ARGS)
	$(BIN)/python bench/import_pages.py --pages $(BENCH_PAGES)

# Load test and PostgreSQL outage (loadtest/run.py) on a dedicated PostgreSQL cluster, with
# gunicorn in production mode; results in loadtest/results/. LOAD_USERS="32 64" LOAD_DURATION=2m.
# REPLICAS=2: through pgbouncer to a primary and two standbys (`make replicas`), stopping one
# standby then the primary under load; results in loadtest/results/replicas.md.
loadtest: install
	$(BIN)/python -m pip install --quiet -r bench/requirements.lock -r loadtest/requirements.lock
	$(BIN)/python loadtest/run.py

# A primary (5441), REPLICAS hot standbys (5442, 5443; default 2) and pgbouncer (6441), as
# the postgres OS user under /var/lib/postgresql/archive-replicas (ops/replicas.py); never
# the clusters on 5432 or 5433. Prints the DATABASE_URL and DATABASE_REPLICA_URLS to use.
replicas:
	$(PYTHON) ops/replicas.py up

replicas-status:
	$(PYTHON) ops/replicas.py status

replicas-down:
	$(PYTHON) ops/replicas.py down

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
