# The doors into govreports. `make run` and `make test` set everything up themselves:
# a project-local virtual environment (.venv) built from pyproject.toml's pinned versions.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test lint serve-demo status airflow-standalone clean bench bench-harvest bench-indicators

install: $(STAMP)

# Reinstall whenever pyproject.toml changes; package registries only, no constraint files.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] in ((3, 11), (3, 12)) else "govreports needs Python 3.11 or 3.12 (dbt 1.11); set PYTHON=python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## The nightly job once, through the DAGs, against the bundled demo government sites.
run: install
	$(BIN)/govreports run --demo

## The test suite (PostgreSQL/Redis tests skip with a reason when those are not reachable).
test: install
	$(BIN)/ruff check .
	$(BIN)/pytest

## Benchmarks (they print figures and the command; results go into BENCHMARKS.md by hand).
bench: bench-harvest bench-indicators

# The bench extra adds Scrapy, to crawl the same fixture site side by side.
bench-harvest: install
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/harvest_bench.py all

## Indicator models at scale: 100,000 synthetic reports, full and incremental dbt build, and the
## figure extraction against a per-report Python baseline (figures in BENCHMARKS.md).
# DuckDB capped at 6GB, as BENCHMARKS.md was measured: the build must fit under 8 GB.
bench-indicators: install
	GOVREPORTS_DUCKDB_MEMORY_LIMIT=6GB $(BIN)/python bench/indicators_bench.py --workdir var/bench-100k

lint: install
	$(BIN)/ruff check .

status: install
	$(BIN)/govreports status

serve-demo: install
	$(BIN)/govreports demo serve

## The real scheduler locally (SQLite metadata, development only); see README.
# airflow standalone starts its parts as `airflow …` processes: the venv must be on PATH.
AIRFLOW_LOCAL = PATH=$(CURDIR)/$(BIN):$$PATH GOVREPORTS_HOME=$(CURDIR)/var AIRFLOW_HOME=$(CURDIR)/var/airflow \
	AIRFLOW__CORE__DAGS_FOLDER=$(CURDIR)/dags AIRFLOW__CORE__LOAD_EXAMPLES=False

airflow-standalone: install
	$(AIRFLOW_LOCAL) $(BIN)/airflow db migrate
	$(AIRFLOW_LOCAL) $(BIN)/airflow pools set warehouse_writer 1 "One writer of the DuckDB warehouse at a time"
	$(AIRFLOW_LOCAL) $(BIN)/airflow standalone

clean:
	rm -rf var
