"""Session-wide test setup.

Airflow reads its configuration when first imported, so its home is pointed at a throwaway
folder here, before any test module imports it. No test reaches the internet: every site is
served on 127.0.0.1.
"""

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

_AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="govreports-test-airflow-"))
os.environ["AIRFLOW_HOME"] = str(_AIRFLOW_HOME)
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(Path(__file__).resolve().parents[1] / "dags")
os.environ.pop("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", None)
# Never let a developer's own data directory leak into a test.
os.environ.pop("GOVREPORTS_HOME", None)
os.environ.pop("GOVREPORTS_SOURCES", None)
os.environ.pop("GOVREPORTS_WAREHOUSE", None)


@pytest.fixture(scope="session")
def demo_registry(tmp_path_factory) -> Path:
    """The bundled demo government sites on ephemeral ports, and a registry pointing at them."""
    from demo_sites.server import DemoSites

    sites = DemoSites().start(port_base=0)
    registry = tmp_path_factory.mktemp("registry") / "demo-sources.yml"
    sites.write_registry(registry)
    yield registry
    sites.stop()


@dataclass
class DemoNight:
    result: object        # the CliRunner result of `govreports run`
    home: Path            # its data directory; later tests run more nights in it
    snapshot: Path        # a copy of the snapshot published by that first night, never changed


@pytest.fixture(scope="session")
def demo_night(demo_registry, tmp_path_factory) -> DemoNight:
    """One night of the demo sites through both DAGs (`govreports run`), built once per session.

    The end-to-end tests go on to run a second night in the same home; tests that need the
    first night's answers read `snapshot`, a frozen copy of what it published.
    """
    from typer.testing import CliRunner

    from warehouse.cli import app
    from warehouse.config import paths

    home = tmp_path_factory.mktemp("e2e") / "var"
    result = CliRunner().invoke(app, ["run", "--sources", str(demo_registry), "--home", str(home)],
                                catch_exceptions=False)
    frozen = home.parent / "first-night-snapshot.duckdb"
    if paths(home).snapshot.exists():
        shutil.copyfile(paths(home).snapshot, frozen)
    return DemoNight(result=result, home=home, snapshot=frozen)
