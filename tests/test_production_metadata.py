"""The production path: Airflow's metadata database on PostgreSQL (as in docker-compose.yml).

Runs whenever PostgreSQL answers on 127.0.0.1:5432 (always in CI, which starts it); skipped
with the reason otherwise. The Celery multi-worker run is proved by a later issue.
"""

import os
import uuid

import pytest
from typer.testing import CliRunner

from warehouse.cli import app

PG = {"host": "127.0.0.1", "port": 5432, "user": os.environ.get("GOVREPORTS_TEST_PGUSER", "postgres")}


def postgres_unreachable_reason() -> str | None:
    try:
        import psycopg2
    except ImportError:
        return "psycopg2 is not installed (pip install -e '.[test]')"
    try:
        psycopg2.connect(dbname="postgres", connect_timeout=3, **PG).close()
    except psycopg2.OperationalError as exc:
        return f"PostgreSQL not reachable on 127.0.0.1:5432 as {PG['user']}: {str(exc).strip()}"
    return None


pytestmark = pytest.mark.skipif(postgres_unreachable_reason() is not None,
                                reason=postgres_unreachable_reason() or "")


@pytest.fixture
def metadata_database():
    import psycopg2

    name = f"govreports_test_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(dbname="postgres", **PG)
    admin.autocommit = True
    admin.cursor().execute(f'create database "{name}"')
    yield f"postgresql+psycopg2://{PG['user']}@{PG['host']}:{PG['port']}/{name}", name
    admin.cursor().execute(f'drop database if exists "{name}" with (force)')
    admin.close()


def test_both_dags_run_with_metadata_on_postgresql(demo_registry, metadata_database, tmp_path, monkeypatch):
    import psycopg2

    url, name = metadata_database
    monkeypatch.setenv("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", url)
    monkeypatch.setenv("AIRFLOW_HOME", str(tmp_path / "airflow"))
    result = CliRunner().invoke(app, ["run", "--sources", str(demo_registry), "--home", str(tmp_path / "var")])
    assert result.exit_code == 0, result.output
    assert "reports new    5" in result.output

    with psycopg2.connect(dbname=name, **PG) as con, con.cursor() as cur:
        cur.execute("select dag_id, state from dag_run order by dag_id")
        runs = cur.fetchall()
        cur.execute("select count(*) from task_instance where dag_id = 'harvest_reports' and map_index >= 0")
        mapped = cur.fetchone()[0]
    assert runs == [("build_warehouse", "success"), ("harvest_reports", "success")]
    assert mapped == 7  # one mapped harvest task per demo source, none per URL
