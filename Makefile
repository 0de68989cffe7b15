# Two commands for a fresh machine: `make demo` and `make test`. Each builds .venv when missing
# (or when pyproject.toml changed) and installs what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint check server bench bench-scale screenshots clean translations lock wheels package deb

LOCK   := requirements/lock.txt
# The three installables of this checkout, editable: the contract, the server (for the demo and
# the tests) and the desk with its test tools, at the versions in the lock file.
DEV_INSTALL := -e packaging/client -e 'packaging/server[postgres]' -e '.[test]'

$(STAMP): pyproject.toml packaging/client/pyproject.toml packaging/server/pyproject.toml $(LOCK) scripts/system-deps.sh
	@bash scripts/system-deps.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(LOCK) $(DEV_INSTALL)
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/caredesk --demo

server: $(STAMP)
	$(BIN)/caredesk-server --demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy backend_client desktop/controllers server

test: lint
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python -m bench

# The server at contact-centre scale on a PostgreSQL it starts itself (about 15 minutes):
# 400,000 patients, 2,000 agents, several workers. QUICK=1 for a smoke run.
bench-scale: $(STAMP)
	$(BIN)/python -m bench.scale $(if $(QUICK),--quick)

clean:
	rm -rf $(VENV) build dist *.egg-info packaging/*/build packaging/*/*.egg-info .pytest_cache .ruff_cache .mypy_cache

# A fresh resolve of every dependency (desk, server, tests, packaging) into the lock file.
lock:
	rm -rf build/lock-venv
	$(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/python -m pip install --quiet --upgrade pip
	build/lock-venv/bin/python -m pip install --quiet -e packaging/client -e 'packaging/server[postgres]' -e '.[test,build]'
	{ sed -n '1,3p' $(LOCK); build/lock-venv/bin/python -m pip freeze --exclude-editable | grep -vi '^caredesk'; } > $(LOCK).new
	mv $(LOCK).new $(LOCK)
	rm -rf build/lock-venv

# The three wheels an IT team installs: caredesk (workstations), caredesk-server, caredesk-client.
wheels: $(STAMP)
	rm -rf dist/wheels
	$(BIN)/python -m pip wheel --quiet --no-deps -w dist/wheels . packaging/client packaging/server

# The desk as a folder app (PyInstaller, build.spec), then its self-test: offscreen, every
# workflow loaded, the embedded demo server started, a demo conversation opened.
# PLUGINS: workflow plug-in packages to bundle (installed for the build, removed after);
# EXPECT: workflow ids the built app must have (CI: the example plug-in's).
PLUGINS ?=
EXPECT  ?=
package: $(STAMP)
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e '.[build]' $(PLUGINS)
	$(BIN)/python -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller build.spec; \
	  status=$$?; \
	  if [ -n "$(PLUGINS)" ]; then $(BIN)/python -m pip uninstall --quiet -y $(foreach p,$(PLUGINS),$(notdir $(p))); fi; \
	  exit $$status
	QT_QPA_PLATFORM=offscreen dist/CareDesk/caredesk --self-test $(foreach w,$(EXPECT),--expect-workflow $(w))

# The frozen desk as a Debian package (packaging/deb/build.sh): /opt/caredesk, caredesk on the
# PATH, the menu entry, the icons and the caredesk:// handler. Builds the folder app first when
# there is none; `packaging/deb/check.sh dist/caredesk_*.deb` (root) installs, tests, removes it.
deb: $(STAMP)
	test -x dist/CareDesk/caredesk || $(MAKE) package
	bash packaging/deb/build.sh dist/CareDesk

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
