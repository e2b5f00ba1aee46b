"""harvest_reports: every night at 02:00 Beijing time, fetch what the sources published.

Wiring only: every task is a call into warehouse.nightly (which calls scrapers). One mapped
task per source — never one per URL — on the `harvest` queue; the loader, the only writer of
the DuckDB file, on the `warehouse` queue. The loader updates the raw Asset, which schedules
build_warehouse.

Params for a manual trigger (`airflow dags trigger harvest_reports --conf '{...}'` or the
trigger form): `full_walk` walks every list to its end and re-checks every known article
(edits, deletions) whatever the sources' schedule; `only_sources` harvests just those ids.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import Asset, Param, dag, get_current_context, task

from warehouse.config import RAW_ASSET_URI, WAREHOUSE_POOL

RAW_ASSET = Asset(RAW_ASSET_URI)

DEFAULT_ARGS = {
    "owner": "govreports",
    "retries": 3,
    "retry_delay": timedelta(minutes=2),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=30),
}


@dag(
    dag_id="harvest_reports",
    schedule="0 2 * * *",
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Shanghai"),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["govreports", "harvest"],
    doc_md=__doc__,
    params={
        "full_walk": Param(False, type="boolean", title="Full walk",
                           description="Walk every list page and re-check every known article tonight."),
        "only_sources": Param([], type="array", items={"type": "string"}, title="Only these sources",
                              description="Source ids from the registry; empty: every enabled source."),
    },
)
def harvest_reports():
    @task(queue="warehouse")
    def plan_harvest() -> list[dict]:
        from warehouse import nightly

        context = get_current_context()
        return nightly.plan_harvest(context["run_id"], only=context["params"]["only_sources"])

    @task(queue="harvest", max_active_tis_per_dag=8)
    def harvest_source(source: dict) -> dict:
        from warehouse import nightly

        context = get_current_context()
        return nightly.harvest_batch(source, context["run_id"], full_walk=context["params"]["full_walk"])

    # all_done: one source's crash must not keep the others' landing files out of the warehouse.
    @task(queue="warehouse", pool=WAREHOUSE_POOL, outlets=[RAW_ASSET], trigger_rule="all_done")
    def load_landing(harvested: list[dict]) -> dict:
        from warehouse import nightly

        return nightly.load()

    load_landing(harvest_source.expand(source=plan_harvest()))


harvest_reports()
