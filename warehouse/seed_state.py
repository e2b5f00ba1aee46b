"""Whether the warehouse already holds the seeds as they are in dbt_project/seeds/.

dbt's build reloads every seed (truncate and insert) and runs their tests each time, although
they change only with a release of this project. A build of the whole project that finds the
seed files unchanged since the last successful one leaves the seeds and the tests that read
only them out (SKIP_SEED_FLAGS); tests that check a model against a seed (relationships to
districts, the catalogue) still run. The fingerprint of the seed files loaded is kept in the
warehouse itself (SEED_STATE_TABLE), so a warehouse restored from elsewhere, or one whose seed
tables are gone, gets its seeds loaded again.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from warehouse.dbt_runner import DBT_PROJECT_DIR

if TYPE_CHECKING:
    import duckdb

SEEDS_DIR = DBT_PROJECT_DIR / "seeds"
SEEDS_SCHEMA = "seeds"
SEED_STATE_NAME = "_seed_files_loaded"
SEED_STATE_TABLE = f"{SEEDS_SCHEMA}.{SEED_STATE_NAME}"

# dbt's exclusion is "eager" by default: it would also drop every test with one seed among its
# parents (indicator_values.indicator_code → indicator_catalogue); "cautious" drops only the
# tests whose parents are all excluded, i.e. the seeds' own tests.
SKIP_SEED_FLAGS = ["--exclude", "resource_type:seed", "--indirect-selection", "cautious"]


def seed_files_fingerprint() -> str:
    """A hash of the seed files and of dbt_project.yml (which holds the seeds' column types)."""
    digest = hashlib.sha256()
    for path in sorted(SEEDS_DIR.iterdir()) + [DBT_PROJECT_DIR / "dbt_project.yml"]:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def seeds_are_current(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the last successful whole build loaded these very seed files and every seed
    table is still there."""
    expected = {path.stem for path in SEEDS_DIR.glob("*.csv")}
    present = {
        name for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = ?", [SEEDS_SCHEMA]
        ).fetchall()
    }
    if not expected | {SEED_STATE_NAME} <= present:
        return False
    loaded = con.execute(f"select fingerprint from {SEED_STATE_TABLE}").fetchall()
    return loaded == [(seed_files_fingerprint(),)]


def record_seeds_loaded(con: duckdb.DuckDBPyConnection) -> None:
    """After a successful build that loaded the seeds: remember which files they came from."""
    con.execute(f"create schema if not exists {SEEDS_SCHEMA}")
    con.execute(
        f"create or replace table {SEED_STATE_TABLE} as "
        "select ?::varchar as fingerprint, now()::timestamp as loaded_at",
        [seed_files_fingerprint()],
    )
