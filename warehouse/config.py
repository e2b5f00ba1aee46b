"""Where things live: one data directory, overridable by environment variables.

Defaults suit one machine (a checkout's `./var`); production sets GOVREPORTS_HOME to a volume
shared by the harvest workers and the warehouse worker.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DAGS_FOLDER = REPO_ROOT / "dags"

# The Airflow Asset the loader updates and build_warehouse is scheduled on.
RAW_ASSET_URI = "govreports://warehouse/raw"

# DuckDB allows one writer: every task that opens the warehouse read-write takes the one slot
# of this Airflow pool, whatever the executor (Celery adds a one-process `warehouse` queue).
WAREHOUSE_POOL = "warehouse_writer"
WAREHOUSE_POOL_DESCRIPTION = "One writer of the DuckDB warehouse at a time (loader, dbt, publish)"


@dataclass(frozen=True)
class Paths:
    home: Path

    @property
    def raw(self) -> Path:
        return self.home / "raw"

    @property
    def landing(self) -> Path:
        return self.home / "landing"

    @property
    def state(self) -> Path:
        return self.home / "state"

    @property
    def warehouse(self) -> Path:
        override = os.environ.get("GOVREPORTS_WAREHOUSE")
        return Path(override) if override else self.home / "warehouse.duckdb"

    @property
    def snapshot_dir(self) -> Path:
        return self.home / "snapshot"

    @property
    def snapshot(self) -> Path:
        """The published read-only copy (a symlink swapped atomically after each build)."""
        return self.snapshot_dir / "current.duckdb"

    @property
    def exports(self) -> Path:
        """Parquet / CSV exports of the marts: <timestamp>/ folders and a `current` symlink."""
        return self.home / "exports"

    @property
    def report_page(self) -> Path:
        """The nightly report page (index.html), regenerated after each published build."""
        return self.home / "report"

    @property
    def docs(self) -> Path:
        """The dbt docs static site (`govreports docs`)."""
        return self.home / "docs"

    @property
    def airflow_home(self) -> Path:
        return self.home / "airflow"


def paths(home: str | os.PathLike | None = None) -> Paths:
    """Paths under `home`, else $GOVREPORTS_HOME, else ./var in the checkout."""
    chosen = home or os.environ.get("GOVREPORTS_HOME") or REPO_ROOT / "var"
    return Paths(Path(chosen).resolve())
