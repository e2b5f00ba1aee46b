"""build_warehouse: after each load of the raw layer, one `dbt build`, then publish.

Scheduled on the raw Asset that harvest_reports' loader updates. DuckDB allows one writer, so
dbt runs as one process (threads inside it), never one task per model, and only one run of
this DAG at a time. Publishing swaps in the read-only snapshot only after a successful build.
Last, check_sources fails when a source has been broken or suspect GOVREPORTS_ALERT_AFTER_NIGHTS
harvests running (default 3): the run turns red and Airflow's alerting tells the operator.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import Asset, dag, task

from warehouse.config import RAW_ASSET_URI, WAREHOUSE_POOL

RAW_ASSET = Asset(RAW_ASSET_URI)

DEFAULT_ARGS = {
    "owner": "govreports",
    "retries": 1,
    "retry_delay": timedelta(minutes=5),
    "retry_exponential_backoff": True,
}


@dag(
    dag_id="build_warehouse",
    schedule=[RAW_ASSET],
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Shanghai"),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["govreports", "warehouse"],
    doc_md=__doc__,
)
def build_warehouse():
    @task(queue="warehouse", pool=WAREHOUSE_POOL)
    def dbt_build() -> dict:
        from warehouse import nightly

        return nightly.build()

    @task(queue="warehouse", pool=WAREHOUSE_POOL)
    def publish_snapshot(build_result: dict) -> dict:
        from warehouse import nightly

        return nightly.publish()

    # Fails when a source has been broken or suspect several nights running, so that Airflow's
    # alerting reaches the operator; after publishing, so it never holds the night's data back.
    # No retries: a failed check is a finding, not a transient error.
    @task(queue="warehouse", retries=0)
    def check_sources(published: dict) -> None:
        from warehouse import health

        health.check_sources()

    check_sources(publish_snapshot(dbt_build()))


build_warehouse()
