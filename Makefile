# ForumOps: `make run` serves the demo, `make test` runs the whole suite. Both set themselves up.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export FLASK_APP := forumops:create_app()
export PYTHONPATH := .
HOST ?= 127.0.0.1
PORT ?= 5000
# Links in emails, calendar feeds and PDFs point at the address served (make run PORT=5077), unless
# FORUMOPS_BASE_URL says otherwise; on 0.0.0.0 or :: they follow the address each request came to.
ifeq ($(filter 0.0.0.0 ::,$(HOST)),)
run: export FORUMOPS_BASE_URL ?= http://$(HOST):$(PORT)
endif

.PHONY: run test install lint e2e unit migrate demo translations bench clean constraints system

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Every install takes the versions pinned in constraints.txt (reproducible); `make constraints` refreshes it.
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test,dev]"
	touch $@

# The catalogues compile at install (never committed as .mo): each .mo is remade when its .po changes.
CATALOGUES := $(wildcard forumops/translations/*/LC_MESSAGES/messages.po)
forumops/translations/%/LC_MESSAGES/messages.mo: forumops/translations/%/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(BIN)/pybabel -q compile -i $< -o $@

install: $(VENV)/.installed $(CATALOGUES:.po=.mo)

migrate: install
	$(BIN)/flask db upgrade

demo: migrate
	$(BIN)/flask forumops demo --if-empty

# The web server and the worker that sends its mail (Procfile.dev), side by side under honcho.
run: demo
	@echo ""
	@echo "ForumOps on http://$(HOST):$(PORT)/ with its mail worker  (Ctrl+C stops both)"
	HOST=$(HOST) PATH="$(abspath $(BIN)):$$PATH" PYTHONUNBUFFERED=1 $(BIN)/honcho start -f Procfile.dev -p $(PORT)

# ruff, then the one-way order of the stages (import-linter's contracts in pyproject.toml)
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# What the app and the suite need from Debian (libmagic for uploads' types, browser journeys, PDF pictures,
# QR codes, the fonts of every script):
# installed when missing, as root or through sudo; otherwise the one command that will is printed.
SYSTEM_NEEDS := libmagic1:/etc/magic.mime chromium:/usr/bin/chromium poppler-utils:/usr/bin/pdftoppm zbar-tools:/usr/bin/zbarimg \
	fonts-noto-core:/usr/share/fonts/truetype/noto
system:
	@missing=""; for need in $(SYSTEM_NEEDS); do [ -e "$${need#*:}" ] || missing="$$missing $${need%%:*}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get -q update && apt-get -q -y install $$missing; \
	  elif sudo -n true 2>/dev/null; then sudo apt-get -q update && sudo apt-get -q -y install $$missing; \
	  else echo "make test needs Debian packages:$$missing. Run: sudo apt-get install -y$$missing"; exit 1; fi; \
	fi

# one pytest worker per core (pytest-xdist); WORKERS=0 runs everything in this one process
WORKERS ?= auto

test: install system
	$(BIN)/python -m pytest -q -n $(WORKERS) $(PYTEST_ARGS)

unit: install
	$(BIN)/python -m pytest -q -n $(WORKERS) --ignore=tests/e2e $(PYTEST_ARGS)

e2e: install system
	$(BIN)/python -m pytest -q -n $(WORKERS) tests/e2e $(PYTEST_ARGS)

bench: install
	for script in benchmarks/*_bench.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Extract every marked message, bring each catalogue up to date (new ones start empty), compile them, and
# print what is missing or broken in each language (the check CI runs: tests/core/test_translations.py).
translations: install
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext --no-wrap --sort-by-file --ignore-dirs=".*" \
		-o forumops/translations/messages.pot .
	$(BIN)/pybabel -q update -i forumops/translations/messages.pot -d forumops/translations --no-wrap \
		--no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel -q compile -d forumops/translations
	-$(BIN)/python -m forumops.core.catalogues

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .import_linter_cache .grimp_cache

# Newest versions that pyproject.toml allows, installed into a throwaway venv and frozen (bench and dev extras too).
constraints:
	rm -rf .venv-constraints
	$(PYTHON) -m venv .venv-constraints
	.venv-constraints/bin/pip install --quiet --upgrade pip
	.venv-constraints/bin/pip install --quiet -e ".[test,bench,dev]"
	{ echo '# Pinned versions every install uses (make run, make test, .ci/run): pip install -c constraints.txt.'; \
	  echo '# Refresh with `make constraints` (the newest versions pyproject.toml allows, test, bench and dev extras), then'; \
	  echo '# run `make test` before committing the new file.'; \
	  .venv-constraints/bin/pip freeze --exclude-editable | grep -v -e '^pip==' -e '^forumops=='; } > constraints.txt
	rm -rf .venv-constraints
