# kanslist – make targets. `make` sets up and builds the examples; `make test` runs every test.
.DEFAULT_GOAL := all
SHELL := /bin/bash
PY := .venv/bin/python
KANSLIST := .venv/bin/kanslist
EXAMPLES := $(wildcard examples/*)
APT_PACKAGES := libreoffice-writer-nogui libtcmalloc-minimal4 libcairo2 poppler-utils postgresql fonts-liberation fonts-liberation2 fonts-crosextra-carlito fonts-crosextra-caladea

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 14

all: setup build ## set up .venv and build the root workspace and examples/* into build/

setup: .venv/.installed ## create .venv and install kanslist with its test dependencies

.venv/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

system: ## install LibreOffice (with tcmalloc), cairo (SVG logos), poppler, PostgreSQL, Chromium and metric-compatible fonts (Debian, as root) where missing
	@missing=""; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	/sbin/ldconfig -p 2>/dev/null | grep -q libtcmalloc_minimal.so.4 || missing="$$missing libtcmalloc-minimal4"; \
	/sbin/ldconfig -p 2>/dev/null | grep -q libcairo.so.2 || missing="$$missing libcairo2"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	{ command -v pg_ctl >/dev/null || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; } || missing="$$missing postgresql"; \
	fc-list 2>/dev/null | grep -q "Liberation Sans" || missing="$$missing fonts-liberation fonts-liberation2"; \
	fc-list 2>/dev/null | grep -q "Carlito" || missing="$$missing fonts-crosextra-carlito fonts-crosextra-caladea"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installerar:$$missing"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Saknas:$$missing – installera som root: apt-get install$$missing"; \
	  fi; \
	fi

build: setup ## build every case of the root workspace and of examples/*
	$(KANSLIST) bygg
	@for ex in $(EXAMPLES); do $(KANSLIST) -C $$ex bygg || exit 1; done

pdf: setup system ## build everything with PDF/A beside each document
	$(KANSLIST) bygg --pdf
	@for ex in $(EXAMPLES); do $(KANSLIST) -C $$ex bygg --pdf || exit 1; done

test: setup system ## run the whole test suite (installs what it needs)
	$(PY) -m pytest -q

golden: setup ## regenerate the expected-text files of the examples (review the diff)
	$(PY) tests/expected_text.py --skriv

mallar: setup ## create missing default templates from tools/mallar.py (never overwrites one)
	$(PY) tools/mallar.py

docs: setup ## rewrite the reference pages in docs/ from the code (commands, fields, template variables)
	$(PY) tools/docs.py --skriv

bench: setup system ## run the benchmarks; figures go to build/bench*.json
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

MAPP ?= tests/fixtures/real
importmatning: setup ## measure the importer over a folder of papers (MAPP=..., FACIT=... optional)
	$(PY) tools/importmatning.py $(MAPP) $(if $(FACIT),--facit $(FACIT),$(if $(wildcard $(MAPP)/facit.yaml),--facit $(MAPP)/facit.yaml))

clean: ## remove build outputs
	rm -rf build examples/*/build

.PHONY: help all setup system build pdf test golden mallar docs bench importmatning clean
