"""Fixtures for the dbt tests: a warehouse whose raw layer holds one night of the demo sites."""

import pytest

from tests.dbt.raw_layer import RawWarehouse, write_raw_layer


@pytest.fixture
def raw_warehouse(tmp_path) -> RawWarehouse:
    return write_raw_layer(tmp_path / "warehouse.duckdb")
