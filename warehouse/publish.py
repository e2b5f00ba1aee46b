"""Publishing: a read-only copy of the warehouse, swapped in atomically after each build.

DuckDB lets one process write a file and nobody read it meanwhile. Analysts, `govreports sql`
and BI tools therefore never open the writer's file: they open `snapshot/current.duckdb`, a
symlink to the newest complete copy. The copy is made and checked under a temporary name and
the symlink is replaced with one rename, so a reader sees either the old snapshot or the new
one, never half of one; a reader that opened the old file keeps reading it undisturbed.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from warehouse.config import Paths

KEEP_SNAPSHOTS = 3


@dataclass
class PublishResult:
    snapshot: Path          # the stable path readers open (the symlink)
    target: Path            # the file it points to now
    bytes: int


def publish_snapshot(paths: Paths, keep: int = KEEP_SNAPSHOTS) -> PublishResult:
    if not paths.warehouse.exists():
        raise FileNotFoundError(
            f"{paths.warehouse}: no warehouse to publish yet; run `govreports run` first"
        )
    # Fold the write-ahead log into the file so that a byte copy is complete.
    with duckdb.connect(str(paths.warehouse)) as con:
        con.execute("checkpoint")

    paths.snapshot_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = paths.snapshot_dir / f"warehouse-{stamp}.duckdb"
    partial = paths.snapshot_dir / f".{target.name}.partial"
    shutil.copyfile(paths.warehouse, partial)
    with duckdb.connect(str(partial), read_only=True) as con:  # refuse to publish a broken copy
        con.execute("select count(*) from information_schema.tables").fetchall()
    os.replace(partial, target)

    swap_symlink(paths.snapshot, target.name)

    _prune(paths.snapshot_dir, current=target, keep=keep)
    return PublishResult(snapshot=paths.snapshot, target=target, bytes=target.stat().st_size)


def swap_symlink(link: Path, target_name: str) -> None:
    """Point `link` at `target_name` (a sibling) with one rename: readers never see it missing."""
    temporary = link.with_name(f".{link.name}.new")
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(target_name)
    os.replace(temporary, link)


def _prune(snapshot_dir: Path, current: Path, keep: int) -> None:
    """Delete all but the newest `keep` snapshots; open readers keep their (unlinked) file."""
    snapshots = sorted(snapshot_dir.glob("warehouse-*.duckdb"))
    for old in snapshots[:-keep]:
        if old != current:
            old.unlink(missing_ok=True)


def open_snapshot(paths: Paths) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published snapshot, for analysts and `govreports sql`."""
    if not paths.snapshot.exists():
        raise FileNotFoundError(
            f"{paths.snapshot}: nothing published yet; run `govreports run` (or `make run`) first"
        )
    return duckdb.connect(str(paths.snapshot), read_only=True)
