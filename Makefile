# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Where `make run` serves (HOST=0.0.0.0 to reach it from a phone on the same network; PORT when 8000 is taken).
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_STAMP := $(VENV)/.installed-test
# PostgreSQL used for the second test pass (CI=true or DATABASE_URL set).
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
# Parallel test processes (pytest-xdist); "auto" is one per CPU. They share the tests by work stealing (an idle
# process takes queued tests from a busy one), so a few slow browser journeys at the end do not leave a core idle.
PYTEST_WORKERS ?= auto

# Run from the working tree's src, whichever checkout the virtualenv was installed from.
LINT_ENV := PYTHONPATH=$(CURDIR)/src

.PHONY: run install lint test test-sqlite test-postgres bench messages welsh-audit check-deploy clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@mkdir -p var
	DEBUG=$${DEBUG:-true} $(VENV)/bin/coproduce migrate --noinput
	DEBUG=$${DEBUG:-true} $(VENV)/bin/coproduce demo
	DEBUG=$${DEBUG:-true} $(VENV)/bin/coproduce run $(HOST):$(PORT)

# The conventions, checked: lint, types (strict for core, pairwise and commonground) and the import layers
# (pyproject.toml says what each checks and why). Run once by `make test`, before either database pass.
lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(LINT_ENV) $(VENV)/bin/mypy
	$(LINT_ENV) $(VENV)/bin/lint-imports

# The whole suite on SQLite; again on PostgreSQL when CI=true or DATABASE_URL is set. The browser tests and the
# other tests marked one_pass (crawls of every page, the API's fuzzing: slow, and about the pages rather than the
# database) run once: on the PostgreSQL pass when there is one (the real database), on SQLite when there is not.
test: $(TEST_STAMP) lint
	@mkdir -p var
	@if [ "$${CI:-}" = "true" ] || [ -n "$${DATABASE_URL:-}" ]; then \
		echo "== the suite on SQLite, less the browser and one-pass tests (they run on PostgreSQL)"; \
		DEBUG=true DATABASE_URL= $(PY) -m pytest -n $(PYTEST_WORKERS) --dist worksteal --durations=20 -m "not browser and not one_pass"; \
	else \
		DEBUG=true DATABASE_URL= $(PY) -m pytest -n $(PYTEST_WORKERS) --dist worksteal --durations=20; \
	fi
	@if [ "$${CI:-}" = "true" ] || [ -n "$${DATABASE_URL:-}" ]; then \
		echo "== on PostgreSQL, the tests that use a database, with the browser and one-pass tests (the others ran above)"; \
		COPRODUCE_TESTS_DATABASE_ONLY=1 DEBUG=true DATABASE_URL="$${DATABASE_URL:-$(PG_TEST_URL)}" $(PY) -m pytest -n $(PYTEST_WORKERS) --dist worksteal --durations=20 \
			--ignore=tests/commonground --ignore=tests/pairwise; \
	fi

# Engine (ours vs red-dwarf), routing simulation, prioritisation simulation, the near-duplicate warning's precision
# and recall, the asset map with 10,000 assets, the scheduler, the web load benchmark (gunicorn and granian +
# PostgreSQL + Redis), then real size (the shared Polis exports and a 2,000 x 30,000 x 2 M conversation: import speed,
# page weights, projector refresh, open data, the vote page's time; benchmarks/realsize.py).
# `make bench PART=realsize` runs one part (or several: PART="assets realsize"), so that a change can be measured
# without running everything. Each part rewrites its own section of docs/benchmarks.md.
BENCH_PARTS := engine routing prioritise near-duplicates assets scheduler load realsize
comma := ,
PART ?=
bench: $(TEST_STAMP)
	@for part in $(or $(subst $(comma), ,$(PART)),$(BENCH_PARTS)); do \
		case " $(BENCH_PARTS) " in *" $$part "*) ;; *) echo "make bench: no part '$$part' (parts: $(BENCH_PARTS))" >&2; exit 2;; esac; \
		echo "== bench part $$part"; \
		$(MAKE) --no-print-directory bench-part-$$part || exit 1; \
	done

.PHONY: $(addprefix bench-part-,$(BENCH_PARTS))
bench-part-engine:
	bash benchmarks/run.sh
bench-part-routing:
	$(PY) benchmarks/routing.py --write-docs
bench-part-prioritise:
	$(PY) benchmarks/prioritise.py --write-docs
bench-part-near-duplicates:
	$(PY) benchmarks/near_duplicates.py --write-docs
bench-part-assets:
	$(PY) benchmarks/assets.py --write-docs
bench-part-scheduler:
	$(PY) benchmarks/scheduler.py --write-docs
bench-part-load:
	$(PY) benchmarks/load.py --write-docs
bench-part-realsize:
	$(PY) benchmarks/realsize.py --write-docs $(REALSIZE_ARGS)

# Regenerate the message catalogues after changing strings (needs GNU gettext): the platform's (django.po) and the
# engine's (engine.po: the engine imports no Django, so Babel reads its module and Jinja2 template).
messages: $(TEST_STAMP)
	cd src/coproduce && DEBUG=true ../../$(VENV)/bin/django-admin makemessages -l cy --settings=coproduce.settings --no-obsolete --add-location=file --ignore='commonground/*'
	@mkdir -p var
	$(VENV)/bin/pybabel -q extract -F src/coproduce/commonground/babel.cfg -k _t -k _nt:1,2 -k _n --add-location=file --sort-output -o var/engine.pot src/coproduce/commonground
	$(VENV)/bin/pybabel update -i var/engine.pot -d src/coproduce/locale -D engine -l cy --ignore-obsolete --no-wrap
	cd src/coproduce && DEBUG=true ../../$(VENV)/bin/django-admin compilemessages -l cy --settings=coproduce.settings

# How much English is left on the demo's Welsh pages (issue 15's measure; tests/welsh_crawl.py says how it counts).
welsh-audit: $(TEST_STAMP)
	$(PY) -m tests.welsh_crawl 20

# Static files are collected first, as a deployment does (docs/deploy.md): without the manifest the check warns.
check-deploy: $(STAMP)
	export DEBUG=false SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
		ALLOWED_HOSTS=coproduce.example.org REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
		SERVICE_OPERATOR="$${SERVICE_OPERATOR:-Example Health Board}" SERVICE_CONTACT_EMAIL=$${SERVICE_CONTACT_EMAIL:-access@example.org} \
		STATIC_ROOT=$${STATIC_ROOT:-$(CURDIR)/staticfiles}; \
	$(VENV)/bin/coproduce collectstatic --noinput --verbosity 0 && \
	$(VENV)/bin/coproduce check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var/coproduce.sqlite3 .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
