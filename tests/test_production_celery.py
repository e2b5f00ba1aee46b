"""The production layout for real: Airflow's CeleryExecutor as docker-compose.yml configures it.

A scheduler, a DAG processor, the API server (workers run tasks through its execution API) and
the two Celery workers of the compose file — `harvest` and `warehouse,default` with concurrency
1 — run as separate processes on this machine, with PostgreSQL metadata and a Redis broker.
Their settings are the compose file's own (x-govreports-common), with host names pointed at
127.0.0.1: a wrong URL there fails here. Unpausing harvest_reports runs its latest nightly
interval on the schedule; build_warehouse must follow on the raw Asset.

Runs whenever PostgreSQL and Redis answer (always in CI); skipped with the reason otherwise.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pytest
import yaml

from tests.production import PG, postgres_unreachable_reason, query, redis_unreachable_reason, scratch_database

ROOT = Path(__file__).resolve().parents[1]
AIRFLOW = [sys.executable, "-m", "airflow"]
REDIS_DB = 14          # a database of its own, emptied before and after
DEADLINE_SECONDS = 420

pytestmark = pytest.mark.skipif(
    bool(postgres_unreachable_reason() or redis_unreachable_reason()),
    reason=postgres_unreachable_reason() or redis_unreachable_reason() or "",
)


@cache
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def compose_environment() -> dict[str, str]:
    """The Airflow services' environment from docker-compose.yml, `${X:-default}` resolved."""
    env = compose()["x-govreports-common"]["environment"]
    return {key: re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", str(value)) for key, value in env.items()}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def local_environment(database: str, home: Path, registry: Path) -> dict[str, str]:
    """The compose settings with this machine's services in place of the containers'."""
    api_port = free_port()
    env = {**os.environ, **compose_environment()}
    postgres = f"//{PG['user']}@{PG['host']}:{PG['port']}/{database}"
    for key in ("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "AIRFLOW__CELERY__RESULT_BACKEND"):
        env[key] = re.sub(r"//[^/]*@postgres/\w+", postgres, env[key])
    env["AIRFLOW__CELERY__BROKER_URL"] = re.sub(r"@redis:6379/\d+", f"@127.0.0.1:6379/{REDIS_DB}",
                                                env["AIRFLOW__CELERY__BROKER_URL"])
    env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] = f"http://127.0.0.1:{api_port}/execution/"
    env.update({
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(api_port),
        "AIRFLOW_HOME": str(home / "airflow"),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "1",
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
        "GOVREPORTS_HOME": str(home / "data"),
        "GOVREPORTS_SOURCES": str(registry),
    })
    return env


def flush_redis_db() -> None:
    with socket.create_connection(("127.0.0.1", 6379), timeout=5) as sock:
        sock.sendall(f"SELECT {REDIS_DB}\r\nFLUSHDB\r\n".encode())
        sock.recv(64)


def compose_command(service: str) -> list[str]:
    return compose()["services"][service]["command"].split()


@dataclass
class Deployment:
    database: str
    env: dict[str, str]
    logs: dict[str, Path]
    processes: dict[str, subprocess.Popen]

    def log_tails(self, lines: int = 15) -> str:
        return "\n".join(f"--- {name}\n" + "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
                         for name, path in self.logs.items())

    def check_alive(self) -> None:
        """A service that died (a bad setting in the compose file, say) fails at once, with its log."""
        dead = [name for name, process in self.processes.items() if process.poll() is not None]
        if dead:
            pytest.fail(f"{', '.join(dead)} exited early\n{self.log_tails(40)}")


@pytest.fixture
def celery_deployment(demo_registry, tmp_path):
    """Every Airflow service of the compose file as a local process."""
    flush_redis_db()
    with scratch_database() as database:
        env = local_environment(database, tmp_path, demo_registry)
        subprocess.run([*AIRFLOW, "db", "migrate"], env=env, check=True, capture_output=True, timeout=300)
        subprocess.run([*AIRFLOW, "pools", "set", "warehouse_writer", "1", "One writer"], env=env, check=True,
                       capture_output=True, timeout=120)
        services = {
            "api-server": ["api-server"],
            "scheduler": ["scheduler"],
            "dag-processor": ["dag-processor"],
            # -s: both workers share this machine, so only one may serve logs on port 8793
            "warehouse-worker": [*compose_command("warehouse-worker"), "-H", "warehouse-worker@%h"],
            "harvest-worker": [*compose_command("harvest-worker"), "-H", "harvest-worker@%h", "-s"],
        }
        logs = {name: tmp_path / f"{name}.log" for name in services}
        processes = [
            subprocess.Popen([*AIRFLOW, *command], env=env, stdout=logs[name].open("w"), stderr=subprocess.STDOUT)
            for name, command in services.items()
        ]
        try:
            yield Deployment(database, env, logs, dict(zip(services, processes, strict=True)))
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
            flush_redis_db()


def wait_for_runs(deployment: Deployment) -> dict[str, str]:
    """The state of each DAG's first run once both have finished (or the deadline passed)."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    states: dict[str, str] = {}
    while time.monotonic() < deadline:
        deployment.check_alive()
        states = dict(query(deployment.database, "select dag_id, state from dag_run order by run_after"))
        if all(states.get(d) in ("success", "failed") for d in ("harvest_reports", "build_warehouse")) \
                or states.get("harvest_reports") == "failed":
            return states
        time.sleep(2)
    pytest.fail(f"the DAG runs did not finish in {DEADLINE_SECONDS} s: {states}\n{deployment.log_tails()}")


def wait_for_dags(deployment: Deployment) -> None:
    """Until the DAG processor has serialized both DAGs (unpausing an unknown DAG does nothing)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        deployment.check_alive()
        if len(query(deployment.database, "select dag_id from serialized_dag")) >= 2:
            return
        time.sleep(1)
    pytest.fail(f"the DAG processor did not serialize the DAGs in 120 s\n{deployment.log_tails()}")


def test_a_night_on_celery_workers_with_postgresql_and_redis(celery_deployment):
    database, env, logs = celery_deployment.database, celery_deployment.env, celery_deployment.logs
    wait_for_dags(celery_deployment)
    for dag_id in ("build_warehouse", "harvest_reports"):
        subprocess.run([*AIRFLOW, "dags", "unpause", dag_id], env=env, check=True, capture_output=True, timeout=180)
    assert query(database, "select dag_id from dag where is_paused order by dag_id") == []

    states = wait_for_runs(celery_deployment)
    assert states == {"harvest_reports": "success", "build_warehouse": "success"}, states
    [(run_type,)] = query(database, "select run_type from dag_run where dag_id = 'harvest_reports'")
    assert run_type == "scheduled"      # the nightly interval, not a manual trigger
    [(triggered_by,)] = query(database, "select run_type from dag_run where dag_id = 'build_warehouse'")
    assert triggered_by == "asset_triggered"

    tasks = query(database, """select task_id, count(*), string_agg(distinct queue, ','), string_agg(distinct pool, ',')
                               from task_instance where state = 'success' group by task_id""")
    by_task = {task_id: (count, queues, pools) for task_id, count, queues, pools in tasks}
    assert by_task["harvest_source"][:2] == (7, "harvest")   # one mapped task per source, none per URL
    for writer in ("load_landing", "dbt_build", "publish_snapshot"):
        assert by_task[writer] == (1, "warehouse", "warehouse_writer"), writer

    # Each worker ran what its queue carries, and only that.
    worker_log = {name: logs[name].read_text(errors="replace") for name in ("harvest-worker", "warehouse-worker")}
    assert "harvest_source" in worker_log["harvest-worker"]
    assert "load_landing" not in worker_log["harvest-worker"]
    assert "dbt_build" in worker_log["warehouse-worker"]
    assert "harvest_source" not in worker_log["warehouse-worker"]

    snapshot = Path(env["GOVREPORTS_HOME"]) / "snapshot" / "current.duckdb"
    with duckdb.connect(str(snapshot), read_only=True) as con:
        assert con.execute("select count(*) from marts.reports").fetchone()[0] == 5
