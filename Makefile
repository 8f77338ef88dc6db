# Tryeza: `make demo` to try it, `make test` to check it. Needs only python3 (3.11+).
PYTHON ?= python3
UV := .uv/bin/uv
VENV := .venv
MANAGE := $(VENV)/bin/python manage.py
# PostgreSQL run of the suite; CI requires it, a developer without PostgreSQL is told.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/tryeza
CHROMIUM ?= /usr/bin/chromium

.PHONY: install demo run test lint check-migrations messages browser test-sqlite test-postgres bench clean

$(UV):
	$(PYTHON) -m venv .uv
	.uv/bin/pip install --quiet uv

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	UV_PYTHON=$(PYTHON) $(UV) sync --frozen --quiet
	mkdir -p var
	touch $@

install: $(VENV)/.synced

demo: install
	mkdir -p var
	$(MANAGE) migrate --verbosity 0
	$(MANAGE) demo
	$(MAKE) --no-print-directory run

# The web server and, beside it, the task worker that builds the bi-annual reports; the
# worker stops when the server does.
run: install
	$(MANAGE) migrate --verbosity 0
	$(MANAGE) db_worker --no-reload --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .

check-migrations: install
	$(MANAGE) makemigrations --check --dry-run

# Regenerate the translation catalogues after changing strings (needs GNU gettext).
messages: install
	cd tryeza && ../$(VENV)/bin/python ../manage.py makemessages --locale sq --locale en --ignore '*/tests/*' --no-obsolete
	cd tryeza && ../$(VENV)/bin/python ../manage.py compilemessages

# The suite needs Chromium (browser tests), pdftotext (PDF checks) and xgettext (the
# translation catalogue check). Debian package names: chromium poppler-utils gettext.
# On Debian, libharfbuzz-subset0 too: WeasyPrint subsets fonts with it (slower without).
browser:
	@missing=""; \
	if command -v dpkg >/dev/null && ! dpkg -s libharfbuzz-subset0 >/dev/null 2>&1; then \
	  missing="$$missing libharfbuzz-subset0"; fi; \
	[ -x $(CHROMIUM) ] || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v xgettext >/dev/null || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing$$missing for the tests…"; \
	    apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "The tests need these Debian/Ubuntu packages:$$missing"; \
	    echo "Install them (sudo apt-get install$$missing); Chromium may be elsewhere: CHROMIUM=/path."; \
	    exit 1; \
	  fi; \
	fi

test-sqlite: install browser
	@echo "== The suite on SQLite"
	$(VENV)/bin/pytest

test-postgres: install browser
	@if $(VENV)/bin/python -c "import psycopg,sys; psycopg.connect('$(POSTGRES_URL)'.rsplit('/',1)[0]+'/postgres', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== The suite on PostgreSQL"; \
	  DATABASE_URL=$(POSTGRES_URL) $(VENV)/bin/pytest; \
	elif [ -n "$$CI" ]; then \
	  echo "PostgreSQL is not reachable at $(POSTGRES_URL); CI requires it."; exit 1; \
	else \
	  echo "PostgreSQL is not reachable at $(POSTGRES_URL): skipped the PostgreSQL run."; \
	  echo "Start PostgreSQL or set POSTGRES_URL to run it."; \
	fi

test: lint check-migrations test-sqlite test-postgres

# The benchmark of issue 6 (docs/PERFORMANCE.md): PostgreSQL and wrk, about 8 minutes. The
# first run builds its two databases (100k and 1k cases, about 10 minutes more); they are
# apart from the development and test databases. BENCH_ARGS="--build" rebuilds them.
BENCH_URL ?= postgres://postgres@127.0.0.1:5432/tryeza_bench

bench: install
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing wrk for the benchmark…"; \
	    apt-get update -qq && apt-get install -y -qq wrk >/dev/null; \
	  else \
	    echo "The benchmark needs wrk: sudo apt-get install wrk"; exit 1; \
	  fi; }
	DATABASE_URL=$(BENCH_URL) $(VENV)/bin/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf .venv .uv var
