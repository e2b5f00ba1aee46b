"""docker-compose.yml: the production layout parses and has every part the design needs.

No Docker engine runs here; `docker compose config` is used where the client has the plugin,
else the YAML is checked directly.
"""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
SERVICES = {
    "postgres", "redis", "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor",
    "airflow-triggerer", "warehouse-worker", "harvest-worker", "airflow-init",
}


def compose_has_plugin() -> bool:
    if not shutil.which("docker"):
        return False
    return subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def test_every_service_is_there(compose):
    assert SERVICES <= set(compose["services"])


def test_airflow_services_share_the_celery_setup(compose):
    for name in SERVICES - {"postgres", "redis"}:
        env = compose["services"][name]["environment"]
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor", name
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql"), name
        assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://"), name
        assert compose["services"][name]["build"] == ".", name
        assert "govreports-data:/data" in compose["services"][name]["volumes"], name


def test_one_warehouse_writer_and_a_harvest_queue(compose):
    warehouse = compose["services"]["warehouse-worker"]
    assert "--queues warehouse" in warehouse["command"]
    assert "--concurrency 1" in warehouse["command"]
    assert warehouse["deploy"]["replicas"] == 1
    assert "--queues harvest" in compose["services"]["harvest-worker"]["command"]


def test_init_creates_the_warehouse_pool(compose):
    assert "airflow pools set warehouse_writer 1" in " ".join(compose["services"]["airflow-init"]["command"])


def test_volumes_declared(compose):
    assert {"govreports-data", "postgres-db"} <= set(compose["volumes"])


def test_dockerfile_copies_every_layer():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    for folder in ("scrapers", "warehouse", "dbt_project", "dags", "demo_sites"):
        assert f"COPY {folder} " in dockerfile, folder


@pytest.mark.skipif(not compose_has_plugin(), reason="docker compose plugin not installed here")
def test_docker_compose_config_accepts_it():
    subprocess.run(["docker", "compose", "-f", str(COMPOSE), "config", "-q"], check=True)
