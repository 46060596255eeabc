# Zhifa. `make run` serves the whole system; `make test` runs every test. Both work on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lock clean-var

$(STAMP): backend/pyproject.toml backend/constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c backend/constraints.txt -e "backend[local,dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	cd backend && ../$(PY) -m zhifa.localstack run

test: $(STAMP)
	cd backend && ../$(PY) -m zhifa.localstack test $(PYTEST_ARGS)

# Re-pin backend/constraints.txt from what is installed now.
lock: $(STAMP)
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e ' > backend/constraints.txt

clean-var:
	rm -rf var
