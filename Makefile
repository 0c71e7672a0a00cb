# Two commands for a new user: `make run` and `make test`. Both create .venv and install into it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
BACKEND ?= rules
LLM ?=
SUITE ?=

.PHONY: run test check lint types layers eval bench clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/pipeline ingest evals/reports --out runs/demo
	$(BIN)/pipeline summary runs/demo

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check pipeline pipeline_testing tests
	$(BIN)/ruff format --check pipeline pipeline_testing tests

types: $(STAMP)
	$(BIN)/mypy

layers: $(STAMP)
	$(BIN)/lint-imports

check: lint types layers test

eval: $(STAMP)
	$(BIN)/python -m pipeline.cli eval --backend $(BACKEND) $(if $(SUITE),--suite $(SUITE),) $(if $(LLM),--llm $(LLM),)

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) out .cache .pytest_cache .mypy_cache .ruff_cache
