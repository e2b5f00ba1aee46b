"""Fixtures for the analyst-facing pieces: the first demo night's snapshot, frozen, and homes
built from it (tests/conftest.py builds the night once per session)."""

import shutil
from pathlib import Path

import duckdb
import pytest

from warehouse.config import paths
from warehouse.publish import publish_snapshot


@pytest.fixture(scope="session")
def demo_snapshot(demo_night) -> Path:
    """The snapshot the first demo night published (5 reports, 2 broken sources); read-only."""
    if demo_night.result.exit_code != 0 or not demo_night.snapshot.exists():
        pytest.fail(f"the demo night failed, nothing to query:\n{demo_night.result.output}")
    return demo_night.snapshot


@pytest.fixture
def demo_con(demo_snapshot, demo_night):
    """A read-only connection to the demo snapshot; relative file paths resolve from the
    checkout-like folder holding the demo home `var/` (so 'var/exports/current/…' works)."""
    con = duckdb.connect(str(demo_snapshot), read_only=True)
    con.execute(f"set file_search_path = '{demo_night.home.parent}'")
    yield con
    con.close()


@pytest.fixture
def demo_home_copy(demo_snapshot, tmp_path):
    """A private data directory whose warehouse is a copy of the demo night's, published."""
    home = paths(tmp_path / "var")
    home.home.mkdir(parents=True)
    shutil.copyfile(demo_snapshot, home.warehouse)
    publish_snapshot(home)
    return home

