# Two commands for a fresh machine: `make demo` and `make test`. Each builds .venv when missing
# (or when pyproject.toml changed) and installs what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint check server bench screenshots clean translations

$(STAMP): pyproject.toml scripts/system-deps.sh
	@bash scripts/system-deps.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/caredesk --demo

server: $(STAMP)
	$(BIN)/caredesk-server --demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy backend_client

test: lint
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m desktop.screenshots screenshots

# After changing UI text: collect it (the catalogue's words too) into the .ts sources, keeping
# what is translated, and compile the .qm files the desk loads. Translate the new entries in
# resources/i18n/caredesk_pl.ts (Qt Linguist: $(BIN)/pyside6-linguist), then run this again.
TS_SOURCES = $(shell git ls-files 'desktop/*.py') desktop/workflows/_strings.py
translations: $(STAMP)
	$(BIN)/python -m desktop.workflows.strings
	$(BIN)/pyside6-lupdate -no-obsolete -locations none $(TS_SOURCES) -ts resources/i18n/caredesk_pl.ts
	$(BIN)/pyside6-lupdate -no-obsolete -locations none -pluralonly $(TS_SOURCES) -ts resources/i18n/caredesk_en.ts
	$(BIN)/pyside6-lrelease resources/i18n/caredesk_pl.ts resources/i18n/caredesk_en.ts
