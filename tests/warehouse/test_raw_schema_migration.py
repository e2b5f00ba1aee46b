"""ensure_raw_schema brings a warehouse created before the harvesting engine up to date."""

from __future__ import annotations

import duckdb
import pytest

from warehouse.raw_schema import ensure_raw_schema

# raw.harvest_runs as the spine created it, before the walk columns existed.
SPINE_HARVEST_RUNS = """
create schema raw;
create table raw.harvest_runs (
    batch_id varchar primary key, run_id varchar not null, source_id varchar not null,
    started_at timestamp not null, finished_at timestamp not null, outcome varchar not null,
    error_class varchar, error_message varchar, pages_requested integer not null,
    list_pages integer not null, not_modified integer not null, articles_fetched integer not null,
    articles_known integer not null, items_seen integer not null, items_declared integer,
    bytes_fetched bigint not null, documents_new integer not null,
    documents_changed integer not null, errors json, loaded_at timestamp not null
);
insert into raw.harvest_runs values ('r1__a', 'r1', 'a', now(), now(), 'ok', null, null,
    3, 1, 0, 1, 0, 1, 1, 100, 1, 0, '{}', now());
"""


def test_an_old_harvest_runs_table_gains_the_walk_columns() -> None:
    con = duckdb.connect()
    con.execute(SPINE_HARVEST_RUNS)
    ensure_raw_schema(con)
    ensure_raw_schema(con)    # and again: every statement is idempotent
    row = con.execute("""select full_walk, walk_complete, articles_unchanged, documents_vanished,
                                vanished_documents from raw.harvest_runs""").fetchone()
    assert row == (None, None, 0, 0, None)   # not recorded then; counts start at zero


# The dbt project does not test these (dbt_project/README.md): the raw tables' own constraints
# guard them, and the staging views keep them. A key or a NOT NULL dropped from raw_schema.sql
# must fail here, not pass unnoticed.
RAW_KEYS_AND_REQUIRED_COLUMNS = {
    "landing_files": (["batch_id"], ["batch_id"]),
    "harvest_runs": (["batch_id"], ["batch_id", "run_id", "source_id", "outcome"]),
    "fetches": (["fetch_id"], ["fetch_id", "batch_id"]),
    "documents": (["document_id", "content_sha256"], ["document_id", "content_sha256", "source_id", "fetched_at"]),
    "attachments": (["attachment_id", "document_content_sha256"],
                    ["attachment_id", "document_id", "document_content_sha256", "extract_status"]),
    "sources": (["source_id", "entry_sha256"], ["source_id"]),
}


def test_the_raw_layers_keys_and_required_columns_are_constraints_duckdb_enforces() -> None:
    con = duckdb.connect()
    ensure_raw_schema(con)
    constraints = con.execute("""
        select table_name, constraint_type, constraint_column_names
        from duckdb_constraints() where schema_name = 'raw'
    """).fetchall()
    for table, (key, required) in RAW_KEYS_AND_REQUIRED_COLUMNS.items():
        assert (table, "PRIMARY KEY", key) in constraints, table
        for column in required:
            assert (table, "NOT NULL", [column]) in constraints, f"{table}.{column}"
    # and DuckDB refuses a second row with the same key
    con.execute("insert into raw.landing_files values ('b1', 'f', 's', 'r', 'src', now())")
    with pytest.raises(duckdb.ConstraintException):
        con.execute("insert into raw.landing_files values ('b1', 'g', 't', 'r', 'src', now())")
