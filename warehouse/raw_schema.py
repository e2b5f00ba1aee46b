"""Create the raw layer (raw_schema.sql) in a DuckDB connection; safe to call every time."""

from __future__ import annotations

from pathlib import Path

import duckdb

RAW_SCHEMA_SQL = Path(__file__).with_name("raw_schema.sql")


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(RAW_SCHEMA_SQL.read_text(encoding="utf-8"))
