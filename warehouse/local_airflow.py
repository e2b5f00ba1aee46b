"""Run the DAGs once through Airflow itself, without a scheduler (`dag.test()`).

`govreports run` starts this module in a child process, because Airflow reads its
configuration (AIRFLOW_HOME, the metadata database) when it is first imported and prints a
great deal; the parent keeps the full log in a file and shows only the operator's lines.
The metadata database defaults to SQLite under $GOVREPORTS_HOME/airflow; set
AIRFLOW__DATABASE__SQL_ALCHEMY_CONN to use PostgreSQL as production does.

    python -m warehouse.local_airflow [--conf '{"full_walk": true}'] harvest_reports build_warehouse
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from warehouse.config import DAGS_FOLDER, WAREHOUSE_POOL, WAREHOUSE_POOL_DESCRIPTION, Paths

RESULT_MARK = "GOVREPORTS_RESULT "


def airflow_environment(home: Paths, base: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ if base is None else base)
    env["GOVREPORTS_HOME"] = str(home.home)
    env.setdefault("AIRFLOW_HOME", str(home.airflow_home))
    env["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAGS_FOLDER)
    env["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
    return env


def prepare_metadata_db() -> None:
    """Create or upgrade the Airflow metadata database and the warehouse pool (idempotent)."""
    airflow = [sys.executable, "-m", "airflow"]
    subprocess.run([*airflow, "db", "migrate"], check=True)
    subprocess.run([*airflow, "pools", "set", WAREHOUSE_POOL, "1", WAREHOUSE_POOL_DESCRIPTION], check=True)


def test_dags(dag_ids: list[str], conf: dict | None = None) -> dict[str, dict[str, str]]:
    """dag.test() each DAG in order; stop after the first that does not succeed. `conf` goes to
    harvest_reports (its params), as `airflow dags trigger --conf` would pass it."""
    # Airflow >= 3.1 runs dag.test() only for DAGs serialized in the metadata database;
    # get_bagged_dag (what `airflow dags test` uses) registers the bundle and serializes them.
    from airflow.utils.cli import get_bagged_dag

    results: dict[str, dict[str, str]] = {}
    for dag_id in dag_ids:
        run = get_bagged_dag(None, dag_id).test(run_conf=conf if dag_id == "harvest_reports" else None)
        failed = sorted(ti.task_id for ti in run.get_task_instances() if str(ti.state) in ("failed", "upstream_failed"))
        results[dag_id] = {"run_id": run.run_id, "state": str(run.state), "failed_tasks": failed}
        if str(run.state) != "success":
            break
    return results


def main(argv: list[str]) -> int:
    conf = None
    if argv[:1] == ["--conf"]:
        conf, argv = json.loads(argv[1]), argv[2:]
    prepare_metadata_db()
    results = test_dags(argv or ["harvest_reports", "build_warehouse"], conf)
    print(RESULT_MARK + json.dumps(results), flush=True)
    return 0 if all(r["state"] == "success" for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
