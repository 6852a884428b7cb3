# Research book "KMU als Partner regionaler Fachkräftenetzwerke".
# `make help` lists the targets. Everything runs inside .venv, created on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?= 2

# An edition: `make book SEED=7 CONFIDENCE=0.9` or `make book SURVEY=path/to/survey.csv` builds the
# whole book with these parameters into _build/editions/<name>/ and leaves the default build alone.
SEED ?=
N ?=
SURVEY ?=
EXPERTS ?=
CONFIDENCE ?=
MODEL ?=
EDITION := $(if $(SEED),-p seed $(SEED)) $(if $(N),-p n $(N)) $(if $(SURVEY),-p survey $(SURVEY)) \
           $(if $(EXPERTS),-p experts $(EXPERTS)) $(if $(CONFIDENCE),-p confidence $(CONFIDENCE)) \
           $(if $(MODEL),-p model $(MODEL))

.DEFAULT_GOAL := help
.PHONY: help venv browser-deps book student pdf publish test test-fast lint check exhibits benchmark clean lock

help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

venv: $(STAMP) ## Create .venv with the pinned dependencies and the kmunetz package

book: $(STAMP) ## Execute every chapter (in parallel, cached) and build _build/html (SEED=, SURVEY=, CONFIDENCE=... for an edition)
	$(BIN)/kmunetz build --jobs $(JOBS) $(EDITION)

student: $(STAMP) ## Student edition without solutions in _build/student/_build/html (+ notebooks and a zip)
	$(BIN)/kmunetz build --student --jobs $(JOBS) $(EDITION)

# `make pdf STUDENT=1` prints the student edition; SEED=, CONFIDENCE=... print an edition.
STUDENT ?=

pdf: $(STAMP) browser-deps ## The book as one A4 PDF in _build/pdf/ (linked from the site's first page; STUDENT=1, SEED=... too)
	$(BIN)/kmunetz build --pdf --jobs $(JOBS) $(if $(STUDENT),--student) $(EDITION)

publish: pdf ## Write _build/publish/: the site with its PDF (site/) and the notebooks the Colab and Binder buttons open (notebooks/)
	$(BIN)/kmunetz publish

browser-deps: ## Install Debian's chromium (browser tests, PDF) and poppler-utils (PDF tests) when missing (needs root)
	@{ command -v chromium && command -v pdftotext; } >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium and poppler-utils for the browser and PDF tests"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core \
	    poppler-utils >/dev/null; }

lint: $(STAMP) ## Check the code with ruff (rules in pyproject.toml)
	$(BIN)/ruff check src tests benchmarks _ext

test: $(STAMP) browser-deps lint ## Lint, then run the whole test suite (builds the book; browser tests in headless Chromium)
	@# pytest exits 5 when it collects no tests: treat that as a failure
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; exit $$status

test-fast: $(STAMP) ## Run the tests that need no notebook execution
	$(BIN)/python -m pytest -m "not slow and not browser"

check: $(STAMP) ## Compare the survey data with every published number of the study
	$(BIN)/kmunetz check

exhibits: $(STAMP) ## Regenerate the list of exhibits in README.md from the chapters
	$(BIN)/kmunetz exhibits --write

benchmark: $(STAMP) ## Measure build (ours and stock Jupyter Book), rebuild, run and sweep times (prints a table)
	$(BIN)/python benchmarks/benchmark.py

lock: ## Re-resolve the dependencies and rewrite requirements.lock (needs network)
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e ".[test]"
	{ echo "# Exact versions of every Python package the project installs (generated with pip freeze)."; \
	  echo "# Regenerate with: make lock. environment.yml lists the direct dependencies at these same versions."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable; } > requirements.lock
	rm -rf .lock-venv

clean: ## Remove build outputs (keeps .venv)
	rm -rf _build .pytest_cache
