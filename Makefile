# Zhifa. `make run` serves the whole system; `make test` runs every test. Both work on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(abspath $(VENV))/bin/python
STAMP := $(VENV)/.installed
HAS_FRONTEND := $(wildcard frontend/Makefile)

.PHONY: run test install frontend lock clean-var

$(STAMP): backend/pyproject.toml backend/constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c backend/constraints.txt -e "backend[local,dev]"
	touch $(STAMP)

install: $(STAMP)

# The web app is built once; frontend/Makefile skips the build when nothing changed.
frontend:
ifneq ($(HAS_FRONTEND),)
	$(MAKE) -C frontend build
endif

run: $(STAMP) frontend
	cd backend && $(PY) -m zhifa.localstack run

# Backend and browser tests run under pytest (tests/); the web app's unit tests under Vitest.
test: $(STAMP) frontend
ifneq ($(HAS_FRONTEND),)
	$(MAKE) -C frontend test
endif
	cd backend && $(PY) -m zhifa.localstack test $(PYTEST_ARGS)

# Re-pin backend/constraints.txt from what is installed now.
lock: $(STAMP)
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e ' > backend/constraints.txt

clean-var:
	rm -rf var
