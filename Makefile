# casescreen: `make demo` serves the demo inspection, `make test` runs every check.
SHELL := /bin/bash
# Python 3.11 for .venv: Debian's build where it is installed with its venv module. That
# build is linked statically and compiled with profile-guided and link-time optimisation,
# and the service and the suite take about a fifth less CPU on it than on one built
# without them (the README's benchmarks). Any other Python 3.11 works:
# `make PYTHON=python3.11`.
DEBIAN_PYTHON := /usr/bin/python3.11
PYTHON ?= $(shell $(DEBIAN_PYTHON) -c 'import ensurepip' 2>/dev/null && echo $(DEBIAN_PYTHON) || echo python3.11)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEV_ENV := CASESCREEN_DEV=true
VENDOR := casescreen/static/vendor
WELSH := locale/cy/LC_MESSAGES/django

.PHONY: demo test lint typecheck pytest audit assets browser bench clean

$(BIN)/casescreen: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR)/casescreen.css: node_modules/.package-lock.json casescreen/scss/casescreen.scss
	mkdir -p $(VENDOR)/govuk
	npx sass --quiet-deps --load-path=node_modules --style=compressed --no-source-map \
		casescreen/scss/casescreen.scss $@
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(VENDOR)/govuk/
	rm -rf $(VENDOR)/govuk/assets
	cp -r node_modules/govuk-frontend/dist/govuk/assets $(VENDOR)/govuk/assets

assets: $(VENDOR)/casescreen.css

# The Welsh catalogue, compiled for the running service and the tests (GNU gettext's
# msgfmt does it: installed when missing, like Chromium below). The ignored folders hold
# other packages' catalogues, not the project's.
$(WELSH).mo: $(WELSH).po $(BIN)/casescreen
	@command -v msgfmt >/dev/null || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }
	$(DEV_ENV) $(BIN)/casescreen compilemessages -l cy --ignore=.venv --ignore=node_modules --ignore=var
	touch $@

# Browser tests drive Debian's Chromium; install it when it is missing.
browser:
	@command -v chromium >/dev/null || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium chromium-driver poppler-utils >/dev/null; }
	@command -v pdftotext >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null

demo: $(BIN)/casescreen assets $(WELSH).mo
	mkdir -p "$${CASESCREEN_VAR_DIR:-var}"  # the demo database, report files and emails
	$(DEV_ENV) $(BIN)/casescreen migrate --noinput
	$(DEV_ENV) $(BIN)/casescreen load_demo
	@echo "casescreen is serving the demo inspection at http://127.0.0.1:$(PORT)/"
	$(DEV_ENV) DEBUG=true $(BIN)/casescreen runserver 127.0.0.1:$(PORT)

lint: $(BIN)/casescreen
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV_ENV) $(BIN)/lint-imports

typecheck: $(BIN)/casescreen
	$(DEV_ENV) $(BIN)/mypy casescreen tests $(wildcard bench/*.py)

# Fails on a known vulnerability that has a fixed release; lists the others. If the
# vulnerability service cannot be reached the check fails too: an unchecked build
# is not a passing one (see the README's configuration notes).
audit: $(BIN)/casescreen
	@mkdir -p var && rm -f var/pip-audit.json
	@$(BIN)/pip-audit --skip-editable --progress-spinner off -f json -o var/pip-audit.json \
		2>var/pip-audit.err; \
	if [ ! -s var/pip-audit.json ]; then \
		echo "pip-audit could not check the dependencies (vulnerability service unreachable?):"; \
		cat var/pip-audit.err; exit 2; fi
	$(BIN)/python -m casescreen.lib.pip_audit var/pip-audit.json

# With DATABASE_URL (CI) the suite runs on SQLite and again on PostgreSQL; the browser
# tests, which drive whole pages and take a third of the time, run once, on PostgreSQL
# (production's database), and tests/domain, which has no database, once, on SQLite.
# pytest-django runs the tests on a transactional database (the browser tests) last; the
# work-stealing scheduler shares them between the cores instead of leaving them to one.
XDIST := -n auto --dist worksteal
pytest: $(BIN)/casescreen assets browser $(WELSH).mo
	@if [ -n "$$DATABASE_URL" ]; then \
		env -u DATABASE_URL $(DEV_ENV) $(BIN)/pytest -q $(XDIST) --ignore=tests/browser && \
		echo "Running the suite again on PostgreSQL (but tests/domain, which has no database)" && \
		$(DEV_ENV) $(BIN)/pytest -q $(XDIST) --ignore=tests/domain; \
	else \
		$(DEV_ENV) $(BIN)/pytest -q $(XDIST); \
	fi

test: lint typecheck pytest audit

bench: $(BIN)/casescreen assets $(WELSH).mo
	$(DEV_ENV) $(BIN)/python bench/findings.py
	$(DEV_ENV) $(BIN)/python bench/import_sample.py
	$(DEV_ENV) $(BIN)/python bench/report.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var $(WELSH).mo
