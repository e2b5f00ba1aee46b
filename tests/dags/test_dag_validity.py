"""Policy over every DAG (after mozilla/telemetry-airflow): imports cleanly, owned, tagged,
retried with backoff, thin (tasks call into scrapers/warehouse), no task per URL."""

import ast
from pathlib import Path

import pytest

DAGS_FOLDER = Path(__file__).resolve().parents[2] / "dags"


@pytest.fixture(scope="session")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS_FOLDER))


def test_no_import_errors(dagbag):
    assert dagbag.import_errors == {}


def test_expected_dags(dagbag):
    assert {"harvest_reports", "build_warehouse"} <= set(dagbag.dag_ids)


def test_every_dag_is_owned_tagged_and_retried(dagbag):
    for dag_id, dag in dagbag.dags.items():
        assert dag.tags, dag_id
        assert dag.max_active_runs == 1, dag_id  # one writer of the DuckDB file
        for task in dag.tasks:
            assert task.owner == "govreports", (dag_id, task.task_id)
            if task.task_id.startswith("check_"):
                assert task.retries == 0, (dag_id, task.task_id)  # a failed check is a finding
                continue
            assert task.retries >= 1, (dag_id, task.task_id)
            assert task.retry_exponential_backoff, (dag_id, task.task_id)


def test_harvest_is_nightly_in_beijing_time_without_catchup(dagbag):
    dag = dagbag.dags["harvest_reports"]
    assert dag.timetable.expression == "0 2 * * *"
    assert str(dag.timetable.timezone) == "Asia/Shanghai"
    assert dag.catchup is False


def test_one_mapped_task_per_source_and_loader_updates_the_asset(dagbag):
    dag = dagbag.dags["harvest_reports"]
    harvest = dag.get_task("harvest_source")
    assert type(harvest).__name__.endswith("MappedOperator")
    assert harvest.queue == "harvest"
    load = dag.get_task("load_landing")
    assert load.queue == "warehouse"
    assert [a.uri for a in load.outlets] == ["govreports://warehouse/raw"]
    assert load.trigger_rule == "all_done"


def test_a_manual_trigger_can_ask_for_a_full_walk_of_some_sources(dagbag):
    params = dagbag.dags["harvest_reports"].params
    assert params["full_walk"] is False   # the nightly schedule walks only what is new
    assert params["only_sources"] == []
    assert params.get_param("only_sources").schema["items"] == {"type": "string"}


def test_every_warehouse_writer_takes_the_one_slot_pool(dagbag):
    writers = {("harvest_reports", "load_landing"), ("build_warehouse", "dbt_build"),
               ("build_warehouse", "publish_snapshot")}
    for dag_id, task_id in writers:
        assert dagbag.dags[dag_id].get_task(task_id).pool == "warehouse_writer", task_id
    assert dagbag.dags["harvest_reports"].get_task("harvest_source").pool != "warehouse_writer"


def test_build_is_scheduled_on_the_raw_asset_and_publishes_after_dbt(dagbag):
    dag = dagbag.dags["build_warehouse"]
    assert "govreports://warehouse/raw" in str(dag.timetable.asset_condition)
    publish = dag.get_task("publish_snapshot")
    assert publish.upstream_task_ids == {"dbt_build"}
    # the source check comes last: it never holds back the night's snapshot
    assert dag.get_task("check_sources").upstream_task_ids == {"publish_snapshot"}


@pytest.mark.parametrize("dag_file", sorted(DAGS_FOLDER.glob("*.py")), ids=lambda p: p.name)
def test_dag_files_stay_thin(dag_file):
    """Task bodies only call into warehouse/scrapers: no loops, no I/O, no top-level heavy imports."""
    tree = ast.parse(dag_file.read_text(encoding="utf-8"))
    top_imports = {
        alias.name.split(".")[0]
        for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])
    }
    assert not top_imports & {"duckdb", "requests", "dbt", "scrapers"}, top_imports
    for node in ast.walk(tree):
        assert not isinstance(node, ast.For | ast.While), f"{dag_file.name}: logic belongs in warehouse/scrapers"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id != "open", f"{dag_file.name}: no file I/O in DAG files"
