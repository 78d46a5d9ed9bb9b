# kam — set-up, demo and tests. `make demo` then `make test` on a fresh clone.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
EXAMPLES := $(wildcard examples/*/account.yaml)

.PHONY: all demo test lint venv clean examples-data bench docs-images schema messages

all: demo

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

## Build every example into out/ (PDF and HTML).
demo: $(STAMP)
	$(BIN)/kam build $(EXAMPLES) --output out
	@ls -1 out

## Run the test suite.
test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks examples
	$(BIN)/ruff format --check src tests benchmarks examples

## Regenerate the examples' CSV data (deterministic).
examples-data: $(STAMP)
	for script in examples/*/data/generate.py; do $(BIN)/python $$script; done

clean:
	rm -rf out dist build .pytest_cache

## Measure the performance targets against kam v0.1 (see benchmarks/bench.py);
## e.g. make bench BENCH_ARGS="--quick --only pdf,help".
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

## Render a few pages of the Spanish example into docs/images/ for the README.
docs-images: $(STAMP)
	$(BIN)/python docs/make_images.py

## Regenerate the committed JSON Schema files (a test fails when they are stale).
schema: $(STAMP)
	for part in account analysis plan rewards portfolio; do \
	  $(BIN)/kam schema --part $$part -o schema/$$part.schema.json; done

## Extract the messages to translate, update the catalogs, compile them (Babel).
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ -k plural:1,2 --no-location \
	  --sort-output -o src/kam/locales/kam.pot src/kam
	$(BIN)/pybabel update -i src/kam/locales/kam.pot -d src/kam/locales -D kam \
	  --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d src/kam/locales -D kam --statistics
