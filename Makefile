# Tapsyrys — the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
MANAGE := $(PY) manage.py
DEMO_ENV := DJANGO_SETTINGS_MODULE=config.settings.demo
TEST_ENV := DJANGO_SETTINGS_MODULE=config.settings.test
BENCH_SCALE ?= national
TEST_WORKERS ?= 2
# One gunicorn process (the locmem cache and eager tasks live in it), threads for concurrency.
DEMO_BIND ?= 127.0.0.1:8000
GUNICORN := $(VENV)/bin/gunicorn config.wsgi --chdir $(CURDIR) --bind $(DEMO_BIND) --workers 1 \
	--threads 8 --worker-class gthread --timeout 120 --no-control-socket --access-logfile -
# `make mutation` tests on a database of its own (pytest-django adds the test_ prefixes).
MUTATION_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tapsyrys_mutation

.PHONY: demo dev test setup system-deps lint check messages compilemessages bench load mutation clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed compilemessages

# Debian packages the app and the browser tests need (Chromium, gettext, fonts, pango for PDF).
system-deps:
	@bash scripts/system_deps.sh

compilemessages: $(VENV)/.installed
	@bash scripts/compile_messages.sh $(PY)

# The embedded default as a real deployment: DEBUG off, whitenoise, gunicorn, SQLite in WAL.
demo: setup
	$(DEMO_ENV) $(MANAGE) migrate --noinput -v 0
	$(DEMO_ENV) $(MANAGE) collectstatic --noinput -v 0
	$(DEMO_ENV) $(MANAGE) seed_demo
	$(DEMO_ENV) $(GUNICORN)

# For developers: DEBUG on and runserver's autoreload, same database and seed as the demo.
dev: setup
	DJANGO_DEBUG=1 $(DEMO_ENV) $(MANAGE) migrate --noinput -v 0
	DJANGO_DEBUG=1 $(DEMO_ENV) $(MANAGE) seed_demo
	DJANGO_DEBUG=1 $(DEMO_ENV) $(MANAGE) runserver 127.0.0.1:8000

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: setup
	$(TEST_ENV) $(MANAGE) check
	$(DEMO_ENV) $(MANAGE) makemigrations --check --dry-run
	$(PY) scripts/check_messages.py

test: system-deps setup lint check
	$(TEST_ENV) $(VENV)/bin/pytest -n $(TEST_WORKERS)

messages: $(VENV)/.installed
	@bash scripts/make_messages.sh $(PY)

bench: system-deps setup
	$(PY) bench/run.py --scale $(BENCH_SCALE)

# gunicorn (2 workers, Redis shared) on the database `make bench` seeded, under a 30 s wrk load of
# the public portal, then the plain floor; README: "Reading the bench".
load: system-deps setup
	$(PY) bench/load.py

# Mutation testing of the pure rule modules (every tapsyrys/*/rules.py, core/bin.py, core/money.py)
# against the rule tests; not part of `make test` (it takes minutes). README: "Mutation testing".
mutation: setup
	DATABASE_URL=$(MUTATION_DATABASE_URL) $(PY) scripts/mutation.py

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles mutants
