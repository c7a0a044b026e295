# Two commands matter: `make book` (authors) and `make test` (CI runs exactly this).
# Each sets itself up on a fresh machine: .venv is created from requirements.lock.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-from-lock

.DEFAULT_GOAL := help
.PHONY: help venv browser test quick bench validate run notebooks template book lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml  # the same script Quarto's pre-render uses
	@$(PYTHON) scripts/project_venv.py >/dev/null

venv: $(STAMP) ## Create or update .venv from the lock

browser: ## Install Debian's chromium if none is present (as root on Debian/Ubuntu)
	@sh scripts/ensure-chromium

test: $(STAMP) browser ## Run the whole test suite (what CI runs), a worker per core
	$(BIN)/python -m pytest -n auto --dist loadfile

quick: $(STAMP) ## The tests that run no pipeline, notebook or render: the edit-test loop
	$(BIN)/python -m pytest -n auto --dist loadfile -m "not slow"

bench: $(STAMP) browser ## Time evsynth run against its floor: clean, no-op, one study edited, 1,000 and 10,000 rows (a few minutes)
	$(BIN)/python benchmarks/bench_pipeline.py

validate: $(STAMP) ## Check the review's data files
	$(BIN)/python -m evsynth validate

run: $(STAMP) ## Validate the data and run the notebooks into _outputs/ (cached)
	$(BIN)/python -m evsynth run

notebooks: $(STAMP) ## Refresh the committed notebooks' outputs (normalised), their pages (from src/evsynth/outputs.yml) and the template's copies
	$(BIN)/python -m evsynth run --update-notebooks
	$(BIN)/python -m evsynth.scaffold.copies

template: $(STAMP) ## Refresh evsynth new's copies of this book's files after changing them (tests check they match)
	$(BIN)/python -m evsynth.scaffold.copies

book: $(STAMP) ## Render both languages with Quarto (its pre-render step validates and runs the pipeline)
	@sh scripts/render-book $(BIN)

lock: ## Regenerate requirements.lock from pyproject.toml in a throwaway venv
	@sh scripts/make-lock $(PYTHON)

clean: ## Remove generated outputs (not .venv)
	rm -rf _outputs _book .quarto
