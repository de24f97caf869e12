# Two commands: `make run` starts everything on embedded defaults; `make test` checks it all.
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000

.PHONY: help run dev logins test quick lint format lock bench bench-pipeline bench-pages bench-review \
	bench-insights bench-talent bench-small fault clean

help:
	@echo "make run    start web, worker and beat with demo data on http://127.0.0.1:$(PORT)/"
	@echo "make dev    the same with Django's debug server (auto-reload, debug pages)"
	@echo "make test   lint and run the whole test suite"
	@echo "make quick  the tests without a browser or faults (the inner loop)"
	@echo "make bench  the sweep on 1,000,000 commitments (needs PostgreSQL and Redis)"
	@echo "make bench-pipeline  board and review page at 300 and 60,000 candidates (PostgreSQL)"
	@echo "make bench-pages  every page at a large employer's size and at demo size, under gunicorn"
	@echo "make bench-review    the review by keyboard in Chromium: key press to next candidate"
	@echo "make bench-insights  figures, status board, its CSV and homes at demo and large size"
	@echo "make bench-talent    the talent pool's search and find similar at 60,000 people"
	@echo "make bench-small  every benchmark at its small size (what CI runs; BENCH_SIZE=small)"

# requirements.lock pins what is installed (ranges stay in pyproject.toml). It is given as
# constraints, not requirements, so a dependency just added to pyproject.toml still installs
# before the lock is written again with `make lock`.
$(VENV)/.installed: pyproject.toml requirements.lock
	@test -x $(PY) || { PYTHON=$$(bin/find-python) && $$PYTHON -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	@touch $@

lock: $(VENV)/.installed
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.12 \
		--no-header --quiet -o requirements.lock

# `make run` serves Accord as it is deployed (gunicorn, DEBUG off, static files by WhiteNoise,
# its own error pages) over plain http on this machine: see ACCORD_LOCAL_HTTP in the README.
# Links in emails point at this host and PORT. `make dev` is the same with Django's debug
# server instead (auto-reload, debug pages).
RUN_ENV := DJANGO_DEBUG=0 ACCORD_LOCAL_HTTP=1 PORT=$(PORT) GUNICORN_BIND=127.0.0.1:$(PORT) \
	WEB_CONCURRENCY=2 ACCORD_BASE_URL=http://127.0.0.1:$(PORT) PATH="$(CURDIR)/$(VENV)/bin:$$PATH"
DEV_ENV := DJANGO_DEBUG=1 PORT=$(PORT) ACCORD_BASE_URL=http://127.0.0.1:$(PORT)
# The logins are printed by bin/supervise once the web answers and the workers have started,
# so they stay the last thing on screen.
BANNER_WHEN_UP := --when-up http://127.0.0.1:$(PORT)/accounts/login/ \
	--then "$(MAKE) --no-print-directory logins PORT=$(PORT)"

run: $(VENV)/.installed
	$(RUN_ENV) $(MANAGE) migrate --noinput
	$(RUN_ENV) $(MANAGE) seed_demo
	$(RUN_ENV) $(MANAGE) collectstatic --noinput -v0
	$(RUN_ENV) $(PY) bin/supervise Procfile $(BANNER_WHEN_UP)

dev: $(VENV)/.installed
	$(DEV_ENV) $(MANAGE) migrate --noinput
	$(DEV_ENV) $(MANAGE) seed_demo
	$(DEV_ENV) $(PY) bin/supervise Procfile.dev $(BANNER_WHEN_UP)

logins:
	@echo ""
	@echo "  Accord is starting on http://127.0.0.1:$(PORT)/"
	@echo "  Log in with password 'accord-demo' as one of:"
	@echo "    recruiter    Riya Patel, internal recruiter"
	@echo "    agency       Marco Silva, agency recruiter"
	@echo "    hr           Hannah Okafor, HR generalist (sees every search)"
	@echo "    manager      Daniel Weiss, hiring manager"
	@echo "    interviewer  Aiko Tanaka, interviewer"
	@echo "    admin        Sam Reyes, admin (also /admin/)"
	@echo "  Each email is one line from the worker; read it whole at"
	@echo "    http://127.0.0.1:$(PORT)/operations/mail/ (as admin). Ctrl-C stops everything."
	@echo ""

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint
	$(VENV)/bin/pytest --durations=10

# The inner loop: everything but the browser journeys, the fault run and the `slow` checks
# (those that start processes or seed the whole demo; `make test` and CI run them), on two
# workers (one test database each; tests that commit share one worker: tests/conftest.py)
# with fewer hostile examples per endpoint and fewer examples per property than `make test`
# (tests/examples.py); the ten slowest printed, as `make test` does. tests/browser and
# tests/fault are not even collected, nor Playwright's plugin loaded (each worker collects
# the suite: about 2 s less CPU each). The groups go out in the order tests/conftest.py
# gives, the one that commits last (it empties the tables), not largest first. On PostgreSQL
# each worker's database is a copy of a template migrated once per set of migrations
# (tests/database_template.py), not migrated anew each run.
quick: $(VENV)/.installed
	ACCORD_TEST_DB_TEMPLATE=1 ACCORD_FUZZ_EXAMPLES=$${ACCORD_FUZZ_EXAMPLES:-2} ACCORD_PROPERTY_EXAMPLES=$${ACCORD_PROPERTY_EXAMPLES:-10} \
		$(VENV)/bin/pytest -q -m "not browser and not fault and not slow" \
		--ignore=tests/browser --ignore=tests/fault -p no:playwright \
		-n $${ACCORD_TEST_WORKERS:-2} --dist loadgroup --no-loadscope-reorder --durations=10

# Benchmarks. Each runs as `make run` serves (DEBUG off: cached templates, no query log) on
# a database of its own whose name contains "bench" (they empty their tables). BENCH_SIZE
# is `large` (the figures of the closing notes) or `small` (the same code on little data,
# in seconds: CI runs `make bench-small` on every submission, so a benchmark that breaks
# fails CI instead of rotting).
BENCH_SIZE ?= large
BENCH_ENV := DJANGO_DEBUG=0 ACCORD_LOCAL_HTTP=1 ACCORD_STATIC_MANIFEST=0 ACCORD_LOG_LEVEL=WARNING
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/accord_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/15
# The large employer (insights.large_employer), seeded once per size (in a database of each
# size: the URL with _large or _small appended) and reused: the page and background
# benchmarks only read it or roll back what they write.
BENCH_ORG_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/accord_bench_org
BENCH_ORG_DB = $(BENCH_ORG_DATABASE_URL)_$(BENCH_SIZE)
# The sweep on 1,000,000 commitments; deadline → in-app → email latency with a real worker,
# beat and SMTP sink, and the idle cost; the background tasks at the large employer's size.
bench: $(VENV)/.installed
	$(PY) bin/ensure-database $(BENCH_DATABASE_URL)
	$(BENCH_ENV) DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(MANAGE) migrate --noinput -v0
	$(BENCH_ENV) DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(MANAGE) bench_sweep --size $(BENCH_SIZE)
	$(BENCH_ENV) DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(MANAGE) bench_latency --size $(BENCH_SIZE)
	$(PY) bin/ensure-database $(BENCH_ORG_DB)
	$(BENCH_ENV) DATABASE_URL=$(BENCH_ORG_DB) REDIS_URL=$(BENCH_REDIS_URL) $(MANAGE) migrate --noinput -v0
	$(BENCH_ENV) DATABASE_URL=$(BENCH_ORG_DB) REDIS_URL=$(BENCH_REDIS_URL) $(MANAGE) bench_background --size $(BENCH_SIZE)

# The Candidates board and the review page: p50/p95 at 300 applications on one requisition,
# then at 60,000 over 2,000 requisitions (empties its own database first).
BENCH_PIPELINE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/accord_bench_pipeline
bench-pipeline: $(VENV)/.installed
	$(PY) bin/ensure-database $(BENCH_PIPELINE_DATABASE_URL)
	$(BENCH_ENV) DATABASE_URL=$(BENCH_PIPELINE_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(MANAGE) migrate --noinput -v0
	$(BENCH_ENV) DATABASE_URL=$(BENCH_PIPELINE_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(MANAGE) bench_pipeline --size $(BENCH_SIZE)

# Every page of a search under gunicorn as `make run` serves it (8 clients, paired with
# /healthz?only=database): at the large employer's size (BENCH_SIZE), then at demo size.
BENCH_DEMO_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/accord_bench_demo
bench-pages: $(VENV)/.installed
	$(PY) bin/ensure-database $(BENCH_ORG_DB)
	$(BENCH_ENV) DATABASE_URL=$(BENCH_ORG_DB) REDIS_URL=$(BENCH_REDIS_URL) $(MANAGE) migrate --noinput -v0
	$(BENCH_ENV) DATABASE_URL=$(BENCH_ORG_DB) REDIS_URL=$(BENCH_REDIS_URL) $(MANAGE) bench_pages --size $(BENCH_SIZE)
ifneq ($(BENCH_SIZE),small)
	$(PY) bin/ensure-database $(BENCH_DEMO_DATABASE_URL)
	$(BENCH_ENV) DATABASE_URL=$(BENCH_DEMO_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(MANAGE) migrate --noinput -v0
	$(BENCH_ENV) DATABASE_URL=$(BENCH_DEMO_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(MANAGE) bench_pages --size demo
endif

# The hiring manager's review in Chromium against gunicorn: key press → next candidate on
# screen, p50/p95 over 36 decisions by keyboard (bin/bench-review; needs /usr/bin/chromium).
BENCH_REVIEW_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/accord_bench_review
BENCH_REVIEW_PORT ?= 8159
# Static files as `make run` serves them (hashed names, compressed by WhiteNoise).
BENCH_REVIEW_ENV = $(BENCH_ENV) ACCORD_STATIC_MANIFEST=1 DATABASE_URL=$(BENCH_REVIEW_DATABASE_URL) \
	REDIS_URL=$(BENCH_REDIS_URL)
bench-review: $(VENV)/.installed
	$(PY) bin/ensure-database $(BENCH_REVIEW_DATABASE_URL)
	$(BENCH_REVIEW_ENV) $(MANAGE) migrate --noinput -v0
	$(BENCH_REVIEW_ENV) $(MANAGE) collectstatic --noinput -v0
	$(BENCH_REVIEW_ENV) BENCH_SIZE=$(BENCH_SIZE) BENCH_REVIEW_PORT=$(BENCH_REVIEW_PORT) $(PY) bin/bench-review

# The figures pages, the status board and its CSV, the home pages: at the demo's size, then
# at BENCH_SIZE with two years of history (each seeded once in its own database, reused).
BENCH_INSIGHTS_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/accord_bench_insights
bench-insights: $(VENV)/.installed
	@for size in demo $(BENCH_SIZE); do \
		$(PY) bin/ensure-database $(BENCH_INSIGHTS_DATABASE_URL)_$$size && \
		$(BENCH_ENV) DATABASE_URL=$(BENCH_INSIGHTS_DATABASE_URL)_$$size REDIS_URL=$(BENCH_REDIS_URL) $(MANAGE) migrate --noinput -v0 && \
		$(BENCH_ENV) DATABASE_URL=$(BENCH_INSIGHTS_DATABASE_URL)_$$size REDIS_URL=$(BENCH_REDIS_URL) $(MANAGE) bench_insights --size $$size || exit 1; \
	done

# The talent pool (issue 22): 60,000 people with résumés (2,000 at the small size), seeded
# once per size and reused; p50/p95 of a keyword search, a filtered one and find similar.
BENCH_TALENT_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/accord_bench_talent
bench-talent: $(VENV)/.installed
	$(PY) bin/ensure-database $(BENCH_TALENT_DATABASE_URL)_$(BENCH_SIZE)
	$(BENCH_ENV) DATABASE_URL=$(BENCH_TALENT_DATABASE_URL)_$(BENCH_SIZE) REDIS_URL=$(BENCH_REDIS_URL) $(MANAGE) migrate --noinput -v0
	$(BENCH_ENV) DATABASE_URL=$(BENCH_TALENT_DATABASE_URL)_$(BENCH_SIZE) REDIS_URL=$(BENCH_REDIS_URL) $(MANAGE) bench_talent --size $(BENCH_SIZE)

bench-small:
	$(MAKE) --no-print-directory bench bench-pipeline bench-pages bench-review bench-insights \
		bench-talent BENCH_SIZE=small

fault: $(VENV)/.installed
	$(VENV)/bin/pytest -m fault -s tests/fault

clean:
	rm -rf var staticfiles
