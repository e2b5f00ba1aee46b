"""What the warehouse knows about recent nights: runs, per-source outcomes, row counts.

Reads the warehouse file read-only when no writer holds it (the freshest view), else the
published snapshot — so `govreports status` works in the middle of a build.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import duckdb

from warehouse.config import Paths


@dataclass
class Status:
    read_from: str
    runs: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    row_counts: list[tuple[str, int]] = field(default_factory=list)
    last_build: dict[str, Any] | None = None


def connect_for_reading(paths: Paths) -> tuple[duckdb.DuckDBPyConnection, str]:
    """The freshest readable copy: the warehouse if free, else the snapshot."""
    if paths.warehouse.exists():
        try:
            return duckdb.connect(str(paths.warehouse), read_only=True), str(paths.warehouse)
        except duckdb.IOException:
            pass  # a writer holds it (harvest load or dbt build in progress)
    if paths.snapshot.exists():
        return duckdb.connect(str(paths.snapshot), read_only=True), str(paths.snapshot)
    raise FileNotFoundError(
        f"{paths.home}: no warehouse yet; run `govreports run --demo` (or `make run`) first"
    )


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )


def read_status(paths: Paths, last_runs: int = 5) -> Status:
    con, read_from = connect_for_reading(paths)
    status = Status(read_from=read_from)
    with con:
        if has_table(con, "raw", "harvest_runs"):
            status.runs = _rows(
                con,
                f"""select run_id, min(started_at) as started_at, count(*) as sources,
                           count_if(outcome = 'ok') as ok, count_if(outcome = 'partial') as partial,
                           count_if(outcome = 'failed') as failed,
                           sum(pages_requested) as pages, sum(documents_new) as documents_new
                    from raw.harvest_runs group by run_id
                    order by min(started_at) desc limit {int(last_runs)}""",
            )
            health = (
                "coalesce(h.status, r.outcome)" if has_table(con, "marts", "harvest_health")
                else "r.outcome"
            )
            join = (
                "left join marts.harvest_health h using (source_id, run_id)"
                if has_table(con, "marts", "harvest_health") else ""
            )
            # r.*: every counter of the run (a warehouse not yet migrated lacks the newer ones).
            status.sources = _rows(
                con,
                f"""select r.*, {health} as health
                    from raw.harvest_runs r {join}
                    qualify row_number() over (partition by r.source_id order by r.started_at desc) = 1
                    order by r.source_id""",
            )
            for source in status.sources:
                source["error_counts"] = json.loads(source.get("errors") or "{}")
        tables = con.execute(
            """select table_schema, table_name from information_schema.tables
               where table_schema in ('raw', 'marts') order by table_schema, table_name"""
        ).fetchall()
        for schema, table in tables:
            count = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
            status.row_counts.append((f"{schema}.{table}", count))
    build_record = paths.state / "last_build.json"
    if build_record.exists():
        status.last_build = json.loads(build_record.read_text(encoding="utf-8"))
    return status
