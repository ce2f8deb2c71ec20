# Plan Tracker: `make run` serves the app on http://127.0.0.1:5000, `make test` runs every check.
# Every target is safe to re-run: installs are skipped while the requirements files are unchanged.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.11 is the supported version; fall back to whatever python3 the machine has.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
DEMO_SEED ?= 1
# The demo's "today": inside the 2011-2015 plan, so it reads as a plan in progress (seed/demo.py says why).
# `make run` seeds and serves with it pinned (pages say so); `make run DEMO_TODAY=` serves on the real date.
DEMO_TODAY ?= 2013-06-15
BENCH_ITEMS ?= 20000
BENCH_DBS ?= sqlite postgresql

# A stamp per content of the requirements files: editing one re-installs, nothing else does.
RUN_HASH := $(shell cat requirements.txt | sha256sum | cut -c1-16)
DEV_HASH := $(shell cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-16)
RUN_STAMP := $(VENV)/.installed-run-$(RUN_HASH)
DEV_STAMP := $(VENV)/.installed-dev-$(DEV_HASH)

# Debian packages the browser tests drive; skipped when already present.
# The CJK font makes Chinese render as glyphs, not boxes; the emoji font does the same for emoji in notes.
BROWSER_PACKAGES := chromium fonts-wqy-microhei fonts-noto-color-emoji
# The implementation report's PDF embeds TrueType CJK fonts: WenQuanYi Micro Hei (黑体, headings) and AR PL UMing
# (a Song/Ming face, body text). `make run` installs them too, so the served app writes the same PDF.
REPORT_FONT_PACKAGES := fonts-wqy-microhei fonts-arphic-uming
# The print tests render the exports and the report with LibreOffice and read the PDFs back with poppler. Carlito
# has Calibri's metrics (the exports' default font, by which Excel and LibreOffice size columns): without it
# LibreOffice sizes them by DejaVu Sans, a third wider, and prints the sheets a third smaller than Excel would.
PRINT_PACKAGES := libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils fonts-crosextra-carlito
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

VENDOR := tracker/static/vendor
TRANSLATIONS := tracker/translations
# The msgids are the Chinese UI text; _l is lazy_gettext. tests/test_i18n.py extracts with the same keywords.
BABEL_KEYWORDS := -k _l -k lazy_gettext

.PHONY: help run test lint db-upgrade seed seed-if-empty install install-dev browser-deps report-fonts print-deps vendor translations bench clean

help:
	@echo "make run         install, migrate, seed an empty database, serve http://$(HOST):$(PORT) (today: $(DEMO_TODAY))"
	@echo "make test        install dev tools, Chromium, CJK fonts and LibreOffice, then ruff and every pytest test"
	@echo "make lint        ruff check, ruff format --check and mypy (strict on tracker/core and the services)"
	@echo "make db-upgrade  apply migrations (flask db upgrade)"
	@echo "make seed        load the plan and demo data (flask seed plan; flask seed demo --seed $(DEMO_SEED))"
	@echo "make vendor      re-vendor Bootstrap and ECharts from npm into $(VENDOR)"
	@echo "make translations  extract UI strings, update $(TRANSLATIONS)/*/messages.po, compile the .mo files"
	@echo "make bench       time the pages on a generated plan of $(BENCH_ITEMS) items ($(BENCH_DBS)); see README"
	@echo "make clean       remove the virtualenv, caches and test artifacts (keeps instance/, the database)"

# Debian splits venv support out of its Python (python3.11-venv); install it when missing.
$(PY):
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { $(SUDO) apt-get update && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $(notdir $(PYTHON))-venv; }
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-run-*
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-dev-*
	touch $@

install: $(RUN_STAMP)

install-dev: $(DEV_STAMP)

db-upgrade: install
	$(FLASK) db upgrade

SEED_PLAN := $(FLASK) seed plan
SEED_DEMO := TRACKER_TODAY=$(DEMO_TODAY) $(FLASK) seed demo --seed $(DEMO_SEED)
# Exit status 0: no plan loaded yet; 10: a plan is there; anything else is a real error.
HAS_PLAN := $(PY) -c 'import sys; from wsgi import app; from tracker.plan.services import current_plan; \
	app.app_context().push(); sys.exit(10 if current_plan() else 0)'

seed: install
	$(SEED_PLAN)
	$(SEED_DEMO)

# Seeds only a database without a plan, so re-running `make run` never duplicates demo data.
seed-if-empty: db-upgrade
	@status=0; $(HAS_PLAN) || status=$$?; \
	case $$status in \
	    0) $(SEED_PLAN) && $(SEED_DEMO) ;; \
	    10) echo "The database already has a plan: not seeding. Demo logins are listed in README.md." ;; \
	    *) exit $$status ;; \
	esac

run: seed-if-empty report-fonts
	@echo "Serving http://$(HOST):$(PORT)  (Ctrl+C stops)$(if $(DEMO_TODAY), with today fixed at $(DEMO_TODAY))"
	TRACKER_TODAY=$(DEMO_TODAY) $(FLASK) run --host $(HOST) --port $(PORT)

# Installs the Debian packages $(1) unless every one is there already; $(2) names them in the message.
apt_ensure = if dpkg -s $(1) >/dev/null 2>&1; then echo "$(2) present."; else \
	$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $(1); fi

browser-deps:
	@$(call apt_ensure,$(BROWSER_PACKAGES),Chromium and the CJK and emoji fonts)

report-fonts:
	@$(call apt_ensure,$(REPORT_FONT_PACKAGES),The report fonts)

print-deps:
	@$(call apt_ensure,$(PRINT_PACKAGES),LibreOffice and poppler)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# Every test on SQLite (the multi-database tests on all three), then the whole suite again with PostgreSQL and
# MariaDB behind the `app` fixture. Without a server those runs skip, except under CI=true, where they fail.
test: lint browser-deps report-fonts print-deps
	$(VENV)/bin/pytest -p no:cacheprovider
	$(VENV)/bin/pytest -p no:cacheprovider -q --db=postgresql -m "not browser"
	$(VENV)/bin/pytest -p no:cacheprovider -q --db=mariadb -m "not browser"

# Not part of run/test: the vendored files are committed so the app needs no npm and no internet.
# The .map files are not vendored, so the comments that would make browsers ask for them are dropped.
vendor:
	npm install --no-package-lock --no-audit --no-fund
	mkdir -p $(VENDOR)/bootstrap $(VENDOR)/echarts
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js \
	    node_modules/bootstrap/LICENSE $(VENDOR)/bootstrap/
	cp node_modules/echarts/dist/echarts.min.js node_modules/echarts/LICENSE $(VENDOR)/echarts/
	sed -i -E '/^(\/\/|\/\*)# sourceMappingURL=/d' $(VENDOR)/bootstrap/*.css $(VENDOR)/bootstrap/*.js $(VENDOR)/echarts/*.js

# Not part of run/test: the compiled .mo files are committed, so a fresh clone shows English without this step.
# After it, translate the new empty msgstr entries (and review any marked fuzzy) in the .po, then run it again.
translations: install
	pot=$$(mktemp --suffix=.pot) && trap 'rm -f "$$pot"' EXIT && \
	$(VENV)/bin/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --project "Plan Tracker" --msgid-bugs-address "Informatization Office" --width 120 -o "$$pot" . && \
	{ grep -q '^msgid "[^"]' "$$pot" || { echo "No messages extracted: not touching the catalogs." >&2; exit 1; }; } && \
	$(VENV)/bin/pybabel update -i "$$pot" -d $(TRANSLATIONS) --width 120 --ignore-obsolete
	$(VENV)/bin/pybabel compile -d $(TRANSLATIONS) --statistics

# Not part of test: generates a plan of BENCH_ITEMS work items per database (a file under /tmp; PostgreSQL's
# bench_tracker database, created and dropped) and prints the timings. `make bench BENCH_ITEMS=2000 BENCH_DBS=sqlite`
bench: install
	for db in $(BENCH_DBS); do $(PY) -m bench.run --items $(BENCH_ITEMS) --db $$db || exit 1; done

clean:
	rm -rf $(VENV) node_modules test-artifacts .pytest_cache .ruff_cache .mypy_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
