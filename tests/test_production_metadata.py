"""The production path: Airflow's metadata database on PostgreSQL (as in docker-compose.yml).

Runs whenever PostgreSQL answers on 127.0.0.1:5432 (always in CI, which starts it); skipped
with the reason otherwise. The Celery workers are tests/test_production_celery.py's.
"""

import pytest
from typer.testing import CliRunner

from tests.production import PG, postgres_unreachable_reason, query, scratch_database
from warehouse.cli import app

pytestmark = pytest.mark.skipif(postgres_unreachable_reason() is not None,
                                reason=postgres_unreachable_reason() or "")


@pytest.fixture
def metadata_database():
    with scratch_database() as name:
        yield f"postgresql+psycopg2://{PG['user']}@{PG['host']}:{PG['port']}/{name}", name


def test_both_dags_run_with_metadata_on_postgresql(demo_registry, metadata_database, tmp_path, monkeypatch):
    url, name = metadata_database
    monkeypatch.setenv("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", url)
    monkeypatch.setenv("AIRFLOW_HOME", str(tmp_path / "airflow"))
    result = CliRunner().invoke(app, ["run", "--sources", str(demo_registry), "--home", str(tmp_path / "var")])
    assert result.exit_code == 0, result.output
    assert "reports new    5" in result.output

    runs = query(name, "select dag_id, state from dag_run order by dag_id")
    [(mapped,)] = query(name, "select count(*) from task_instance where dag_id = 'harvest_reports' and map_index >= 0")
    assert runs == [("build_warehouse", "success"), ("harvest_reports", "success")]
    assert mapped == 7  # one mapped harvest task per demo source, none per URL
