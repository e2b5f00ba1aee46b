"""Exports of the marts for people who do not speak DuckDB: Parquet, CSV for Excel, a manifest.

After each published build (and on demand, `govreports export`) every table in schema `marts`
— discovered, so a new mart is exported the night it first appears — is written from the
read-only snapshot into `exports/<UTC timestamp>/`:

    manifest.json                          row counts, build time, versions, git commit
    parquet/<mart>/report_year=2022/…      partitioned by year when the mart has a year column
    parquet/<mart>.parquet                 otherwise one file
    csv/<mart>.csv                         UTF-8 with a byte-order mark, so Excel shows Chinese

The folder is written under a hidden name and `exports/current` is then switched to it with one
rename, like the snapshot: a reader sees the old export or the new one, never half of one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import duckdb

from warehouse.config import REPO_ROOT
from warehouse.publish import swap_symlink

FORMATS = ("parquet", "csv")
KEEP_EXPORTS = 3
# Excel reads a CSV as UTF-8 only when it starts with these bytes; DuckDB cannot write them.
UTF8_BOM = b"\xef\xbb\xbf"
# A worksheet holds 1,048,576 rows, the header included; the manifest flags longer CSV files.
EXCEL_MAX_DATA_ROWS = 1_048_575
INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
                 "UINTEGER", "UBIGINT"}


@dataclass
class Mart:
    name: str
    columns: list[str]
    year_column: str | None   # the Parquet partition key, when the mart has one
    rows: int


@dataclass
class ExportResult:
    folder: Path     # exports/<timestamp>/
    current: Path    # the stable path readers use (exports/current symlink)
    manifest: dict


def discover_marts(con: duckdb.DuckDBPyConnection) -> list[Mart]:
    """Every table and view in schema `marts`, with its year column and row count."""
    columns: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in con.execute(
        """select table_name, column_name, data_type from information_schema.columns
           where table_schema = 'marts' order by table_name, ordinal_position"""
    ).fetchall():
        columns.setdefault(table, []).append((column, data_type))
    marts = []
    for table, typed in columns.items():
        rows = con.execute(f"select count(*) from marts.{quote(table)}").fetchone()[0]
        marts.append(Mart(table, [c for c, _ in typed], year_column(typed), rows))
    return marts


def year_column(typed_columns: list[tuple[str, str]]) -> str | None:
    """`report_year`, else `year`, else the first other integer `…_year` column."""
    years = [c for c, t in typed_columns if t.upper() in INTEGER_TYPES and (c == "year" or c.endswith("_year"))]
    for preferred in ("report_year", "year"):
        if preferred in years:
            return preferred
    return years[0] if years else None


def export_marts(
    snapshot: Path,
    exports_root: Path,
    formats: Iterable[str] = FORMATS,
    *,
    build_record: Path | None = None,
    keep: int = KEEP_EXPORTS,
    progress: Callable[[str], None] | None = None,
) -> ExportResult:
    """Write every mart of `snapshot` to a new `exports_root/<timestamp>/` and make it current."""
    formats = [f for f in FORMATS if f in set(formats)]
    if not formats:
        raise ValueError(f"no export format chosen (one or more of {', '.join(FORMATS)})")
    if not snapshot.exists():
        raise FileNotFoundError(f"{snapshot}: nothing published yet; run `govreports run` (or `make run`) first")
    snapshot = snapshot.resolve()  # the file itself: a swap of the symlink meanwhile changes nothing
    exports_root.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder = exports_root / stamp
    partial = exports_root / f".{stamp}.partial"
    partial.mkdir()
    try:
        with duckdb.connect(str(snapshot), read_only=True) as con:
            marts = discover_marts(con)
            for mart in marts:
                if "parquet" in formats:
                    write_parquet(con, mart, partial / "parquet")
                if "csv" in formats:
                    write_csv(con, mart, partial / "csv")
                if progress:
                    progress(f"exported marts.{mart.name}: {mart.rows} row(s) as {' and '.join(formats)}")
        manifest = build_manifest(snapshot, marts, formats, build_record)
        (partial / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        os.replace(partial, folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    current = exports_root / "current"
    swap_symlink(current, folder.name)
    prune(exports_root, current=folder, keep=keep)
    return ExportResult(folder=folder, current=current, manifest=manifest)


def write_parquet(con: duckdb.DuckDBPyConnection, mart: Mart, parquet_dir: Path) -> None:
    parquet_dir.mkdir(exist_ok=True)
    source = f"(select * from marts.{quote(mart.name)})"
    if mart.year_column:
        # One folder per year (report_year=2022/); the year stays inside each file too, so a
        # single file opened on its own still says which year it holds.
        target = parquet_dir / mart.name
        con.execute(
            f"copy {source} to {literal(target)} (format parquet, "
            f"partition_by ({quote(mart.year_column)}), write_partition_columns true)"
        )
        if mart.rows == 0:
            target.mkdir(exist_ok=True)  # an empty mart still has its folder
    else:
        con.execute(f"copy {source} to {literal(parquet_dir / (mart.name + '.parquet'))} (format parquet)")


def write_csv(con: duckdb.DuckDBPyConnection, mart: Mart, csv_dir: Path) -> None:
    csv_dir.mkdir(exist_ok=True)
    plain = csv_dir / f".{mart.name}.csv.nobom"
    con.execute(f"copy (select * from marts.{quote(mart.name)}) to {literal(plain)} (format csv, header true)")
    with open(csv_dir / f"{mart.name}.csv", "wb") as out, open(plain, "rb") as body:
        out.write(UTF8_BOM)
        shutil.copyfileobj(body, out, length=1 << 20)
    plain.unlink()


def build_manifest(snapshot: Path, marts: list[Mart], formats: list[str], build_record: Path | None) -> dict:
    build = {}
    if build_record is not None and build_record.exists():
        build = json.loads(build_record.read_text(encoding="utf-8"))
    return {
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        # A failed build publishes nothing: its time would not describe this snapshot.
        "built_at": build.get("finished_at") if build.get("success") else None,
        "snapshot": snapshot.name,
        "formats": formats,
        "versions": versions(),
        "git_commit": git_commit(),
        "marts": {
            mart.name: {
                "rows": mart.rows,
                "columns": mart.columns,
                "partitioned_by": mart.year_column,
                **({"parquet": f"parquet/{mart.name}/" if mart.year_column else f"parquet/{mart.name}.parquet"}
                   if "parquet" in formats else {}),
                **({"csv": f"csv/{mart.name}.csv", "csv_fits_excel": mart.rows <= EXCEL_MAX_DATA_ROWS}
                   if "csv" in formats else {}),
            }
            for mart in marts
        },
    }


def versions() -> dict[str, str | None]:
    """Installed versions, read from package metadata (importing Airflow would take seconds)."""
    found: dict[str, str | None] = {}
    for name in ("govreports", "duckdb", "dbt-core", "dbt-duckdb", "apache-airflow"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def git_commit() -> str | None:
    """The checkout's commit; the image sets GOVREPORTS_GIT_COMMIT instead (it has no .git)."""
    if os.environ.get("GOVREPORTS_GIT_COMMIT"):
        return os.environ["GOVREPORTS_GIT_COMMIT"]
    if not (REPO_ROOT / ".git").exists():
        return None
    try:
        done = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "HEAD"],
                              capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def prune(exports_root: Path, current: Path, keep: int) -> None:
    """Delete all but the newest `keep` export folders (timestamps sort as text)."""
    folders = sorted(p for p in exports_root.iterdir() if p.is_dir() and not p.is_symlink()
                     and not p.name.startswith("."))
    for old in folders[:-keep]:
        if old != current:
            shutil.rmtree(old, ignore_errors=True)


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"
