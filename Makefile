# The two commands a fact-checker needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DB ?= $(CURDIR)/.demo/prov.db

.PHONY: demo test install install-dev lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'

demo: install
	@rm -rf .demo && mkdir -p .demo
	@echo "== prov ingest fixtures/story/html (SQLite database at $(DEMO_DB))"
	$(BIN)/prov --db sqlite:///$(DEMO_DB) ingest fixtures/story/html
	@echo
	@echo "== prov docs"
	@$(BIN)/prov --db sqlite:///$(DEMO_DB) docs
	@echo
	@echo "== prov show 1"
	@$(BIN)/prov --db sqlite:///$(DEMO_DB) show 1 | head -40

test: install-dev
	bash tests/run.sh

lint: install-dev
	$(BIN)/ruff check src tests benchmarks

bench: install
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(VENV) .demo .pytest_cache build dist
