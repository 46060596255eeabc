# Zhifa. `make run` serves the whole system; `make test` runs every test. Both work on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(abspath $(VENV))/bin/python
STAMP := $(VENV)/.installed
HAS_FRONTEND := $(wildcard frontend/Makefile)

.PHONY: run test test-deps fuzz bench bench-deps install system-deps frontend lock clean-var

# Debian packages the backend needs beside Python: Pango and HarfBuzz (hb-subset keeps subsetting the
# CJK fonts fast) for WeasyPrint, which prints enforcement documents to PDF; Noto CJK so those PDFs
# carry real Chinese fonts; poppler-utils (pdftotext) to read the PDFs back in tests.
DEB_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-noto-cjk poppler-utils

# Installs the missing ones of a package list when make runs as root (containers, CI); otherwise it says
# what is missing and what goes without them. $(call deb_install,<packages>,<what goes without them>)
define deb_install
	@command -v dpkg >/dev/null 2>&1 || { echo "[zhifa] warning: not a Debian system; install $(1) yourself" >&2; exit 0; }; \
	missing=""; \
	for package in $(1); do \
		dpkg -s "$$package" 2>/dev/null | grep -q '^Status: install ok installed' || missing="$$missing $$package"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "[zhifa] installing Debian packages:$$missing"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; } \
			|| echo "[zhifa] warning: could not install$$missing; $(2)" >&2; \
	else \
		echo "[zhifa] warning: missing Debian packages:$$missing" >&2; \
		echo "[zhifa]   $(2) until they are installed: sudo apt-get install$$missing" >&2; \
	fi
endef

system-deps:
	$(call deb_install,$(DEB_PACKAGES),document PDFs will not render)

# Debian packages only the tests need (the browser tests' Chromium comes with frontend/Makefile): SoftHSM2, a
# software PKCS#11 token, for the test that signs a document with a key on a token.
TEST_DEB_PACKAGES := softhsm2
test-deps:
	$(call deb_install,$(TEST_DEB_PACKAGES),the PKCS#11 signing test is skipped)

$(STAMP): backend/pyproject.toml backend/constraints.txt | system-deps
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
test: $(STAMP) frontend test-deps
ifneq ($(HAS_FRONTEND),)
	$(MAKE) -C frontend test
endif
	cd backend && $(PY) -m zhifa.localstack test $(PYTEST_ARGS)

# The reliability suite at full length (docs/RELIABILITY.md): schemathesis from outside against a live
# gunicorn as anonymous and every role, with every phase (examples, coverage, fuzzing, stateful) on every
# operation and 50 fuzzing examples per operation and role instead of 2; longer fault injection and load;
# then the report's figures from var/reliability/ (5xx found: var/reliability/fuzz-findings.md).
# Then the procedure's stateful fuzzer (tests/law/test_invariants_stateful.py) with LAW_FUZZ_EXAMPLES random
# paths of up to LAW_FUZZ_STEPS steps each instead of the CI-sized run of `make test`; it prints how many
# examples ran and where the cases ended.
FUZZ_EXAMPLES ?= 50
LAW_FUZZ_EXAMPLES ?= 1000
LAW_FUZZ_STEPS ?= 60
fuzz: $(STAMP)
	cd backend && ZHIFA_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) ZHIFA_RELIABILITY_SCALE=long $(PY) -m zhifa.localstack test tests/reliability $(PYTEST_ARGS)
	cd backend && ZHIFA_LAW_FUZZ_EXAMPLES=$(LAW_FUZZ_EXAMPLES) ZHIFA_LAW_FUZZ_STEPS=$(LAW_FUZZ_STEPS) $(PY) -m zhifa.localstack test tests/law/test_invariants_stateful.py -s $(PYTEST_ARGS)
	$(PY) tests/reliability/report.py

# The benchmark suite (docs/benchmarks.md): writes var/bench/report.json and var/bench/report.md.
# BENCH_SIZE=reduced|tiny for a quicker run, BENCH_ONLY=1,2 for some workloads only.
BENCH_STAMP := $(VENV)/.bench-installed
# Workload 5 serves the public site with Debian's nginx (over TLS: openssl makes the certificate) and loads
# it with wrk.
BENCH_DEB_PACKAGES := nginx wrk openssl
$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -c backend/constraints.txt -e "backend[local,dev,bench]"
	touch $(BENCH_STAMP)

bench-deps:
	$(call deb_install,$(BENCH_DEB_PACKAGES),workload 5 leaves out its nginx figure)

bench: $(BENCH_STAMP) bench-deps
	cd backend && $(PY) -m zhifa.localstack bench $(BENCH_ARGS)

# Re-pin backend/constraints.txt from what is installed now.
lock: $(STAMP)
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e ' > backend/constraints.txt

clean-var:
	rm -rf var
