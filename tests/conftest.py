"""Session-wide test setup.

Airflow reads its configuration when first imported, so its home is pointed at a throwaway
folder here, before any test module imports it. No test reaches the internet: every site is
served on 127.0.0.1.
"""

import os
import tempfile
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
