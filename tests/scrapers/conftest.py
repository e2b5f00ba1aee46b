"""Fixtures for the scraper tests: a local programmable site (see scraper_site.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from scraper_site import LocalSite


@pytest.fixture
def site() -> Iterator[LocalSite]:
    local = LocalSite().start()
    yield local
    local.stop()
