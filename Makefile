# Quipu: `make run` serves the demo site as production does, `make dev` with the auto-reloading
# development server, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STATIC_ROOT ?= staticfiles
MANAGE := $(BIN)/python manage.py
# `make run`: gunicorn (config/gunicorn.py: 2 processes of 4 threads) with DEBUG off, static
# files collected and served by whitenoise. tests/browser/test_public_errors.py starts the same.
RUN_SETTINGS := DJANGO_SETTINGS_MODULE=config.settings.local
SERVE := $(RUN_SETTINGS) PORT=$(PORT) $(BIN)/python -m gunicorn --config config/gunicorn.py config.wsgi
STATIC_SOURCES := $(shell find static */static -type f 2>/dev/null)
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run dev test test-ready lint messages migrate demo worker clean screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependency list changes, so a second `make run` starts in seconds.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

# Catalogues compile only when a .po changed; the compiled .mo files are committed too,
# so a machine without gettext still serves both languages.
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(VENV)/.installed
	$(MANAGE) compilemessages --locale $* --ignore=.venv --verbosity 0

# The admin's JavaScript strings (djangojs) that Wagtail's own catalogue lacks.
locale/%/LC_MESSAGES/djangojs.mo: locale/%/LC_MESSAGES/djangojs.po | $(VENV)/.installed
	$(MANAGE) compilemessages --locale $* --ignore=.venv --verbosity 0

messages: $(MO_FILES)

migrate: $(VENV)/.installed messages
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

# Hashed, compressed copies of every static file (the apps' and Wagtail's) for whitenoise,
# collected again only when one of ours changed or the dependencies were reinstalled.
$(STATIC_ROOT)/staticfiles.json: $(STATIC_SOURCES) $(VENV)/.installed
	STATIC_ROOT=$(STATIC_ROOT) $(RUN_SETTINGS) $(MANAGE) collectstatic --noinput --verbosity 0

# The worker (scheduled publishing, effective dates) runs beside the server; Ctrl-C stops both.
run: demo $(STATIC_ROOT)/staticfiles.json
	@echo "Quipu is at http://127.0.0.1:$(PORT)/es/ and http://127.0.0.1:$(PORT)/en/ (Ctrl-C stops it)"
	@$(RUN_SETTINGS) $(MANAGE) run_worker --interval 60 > .worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	STATIC_ROOT=$(STATIC_ROOT) $(SERVE)

# For changing the code: Django's server reloads on every change, DEBUG on (its error pages),
# static files read straight from the apps.
dev: demo
	@echo "Quipu (development) is at http://127.0.0.1:$(PORT)/es/ (Ctrl-C stops it)"
	@$(MANAGE) run_worker --interval 60 > .worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-1} $(MANAGE) runserver 127.0.0.1:$(PORT)

worker: migrate
	$(MANAGE) run_worker

lint: $(VENV)/.installed-test
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run --noinput

# axe-core, which the browser tests inject into pages, comes from npm at the locked version.
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund
	touch $@

# `make test-ready` does everything `make test` does before pytest (CI runs it once, then both
# database passes side by side).
test-ready: $(VENV)/.installed-test messages lint $(AXE)

test: test-ready
	bash .ci/pytest.sh $(PYTEST_ARGS)

# Every public page type, both languages, 1280 and 390 px, into screenshots/ (not in git).
# Starts its own demo site; `SCREENSHOTS_ARGS=--url=http://127.0.0.1:8000` uses a running one.
screenshots: $(VENV)/.installed-test messages
	$(BIN)/python -m tests.browser.screenshots $(SCREENSHOTS_ARGS)

clean:
	rm -rf $(VENV) staticfiles .test-media .test-db.sqlite3* tests/browser/node_modules
