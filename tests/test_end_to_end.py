"""The whole system as a user runs it: `govreports run` → both DAGs through Airflow's
dag.test() → demo government sites on 127.0.0.1 → raw store, landing files, DuckDB, dbt build,
published snapshot. Then a second night that finds nothing new, and a query during a build."""

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from warehouse.cli import app
from warehouse.config import paths

# Seed report → (district_code, report_year) as the hand-checked gold files say; None where the
# report does not state it (the aggregator copy names no district).
EXPECTED = {
    "zjg-tyjrswj-fzzf": ("320582", 2020),
    "huadu-tyjrswj-fzzf": ("440114", 2022),
    "spb-tyjrswj-fzzf": ("500106", 2021),
    "bgzjy-fazhi": (None, 2022),
    "jiefang-tyjrswj-fzzf": ("410802", 2023),
}


@pytest.fixture(scope="module")
def home(demo_night) -> Path:
    return demo_night.home


def govreports(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def first_night(demo_night):
    """The session's first night (tests/conftest.py), shared with the analyst tests."""
    return demo_night.result


def snapshot_rows(home, sql):
    with duckdb.connect(str(paths(home).snapshot), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_first_night_builds_the_reports_mart(first_night, home):
    assert first_night.exit_code == 0, first_night.output
    rows = snapshot_rows(home, "select source_id, district_code, report_year, title, published_on from marts.reports")
    by_source = {source: (district, year) for source, district, year, _, _ in rows}
    assert by_source == EXPECTED
    assert all(title for _, _, _, title, _ in rows)
    assert all(published for *_, published in rows)


def test_summary_names_counts_failures_and_paths(first_night, home):
    out = first_night.output
    assert "reports new    5" in out
    assert "demo-down" in out and "demo-garbage" in out
    assert "sources        7 (5 ok, 2 failed)" in out
    assert str(paths(home).snapshot) in out and str(paths(home).warehouse) in out
    assert "tests passed" in out and "(0 failed)" in out
    assert "seeds unchanged" not in out     # a first build loads them


def test_every_fetched_body_is_in_the_raw_store(first_night, home):
    bodies = snapshot_rows(home, "select distinct body_sha256 from raw.fetches where body_sha256 is not null")
    assert len(bodies) > 10
    for (sha,) in bodies:
        path = paths(home).raw / "sha256" / sha[:2] / sha
        assert path.exists(), sha


def test_status_reports_the_broken_sources(first_night, home):
    result = govreports("status", "--home", str(home))
    assert result.exit_code == 0, result.output
    assert "demo-down" in result.output and "broken" in result.output
    assert "marts.reports" in result.output


def test_second_night_fetches_nothing_new(first_night, demo_registry, home):
    before = snapshot_rows(home, "select count(*) from raw.documents")[0][0]
    second = govreports("run", "--sources", str(demo_registry), "--home", str(home))
    assert second.exit_code == 0, second.output
    assert "reports new    0" in second.output
    assert "nothing new tonight" in second.output
    # the seed files are those the first night loaded: not reloaded (warehouse.seed_state)
    assert "(0 failed); seeds unchanged: not reloaded" in second.output
    assert "(0 article pages)" in second.output
    assert snapshot_rows(home, "select count(*) from raw.documents")[0][0] == before
    assert snapshot_rows(home, "select count(*) from marts.reports")[0][0] == 5


def test_sql_answers_from_the_snapshot_while_the_warehouse_is_being_written(first_night, home):
    writer = duckdb.connect(str(paths(home).warehouse))  # holds the write lock, like dbt build
    try:
        writer.execute("begin transaction")
        writer.execute("delete from raw.documents")
        result = govreports("sql", "select count(*) as n from marts.reports", "--csv", "--home", str(home))
    finally:
        writer.close()
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["n", "5"]


def test_a_manual_full_walk_of_one_source_through_airflow(first_night, demo_registry, home):
    """`run --source X --full` passes harvest_reports' params (as a trigger's conf would): one
    source harvested, every list page walked and every known article re-checked."""
    result = govreports("run", "--source", "jiefang-tyjrswj-fzzf", "--full",
                        "--sources", str(demo_registry), "--home", str(home))
    assert result.exit_code == 0, result.output
    [(run_id,)] = snapshot_rows(home, "select run_id from raw.harvest_runs order by loaded_at desc limit 1")
    runs = snapshot_rows(home, f"select source_id, full_walk, walk_complete, articles_unchanged "
                               f"from raw.harvest_runs where run_id = '{run_id}'")
    assert [(source, full) for source, full, *_ in runs] == [("jiefang-tyjrswj-fzzf", True)]
    [(_, _, complete, unchanged)] = runs
    assert complete and unchanged >= 1
    assert snapshot_rows(home, "select count(*) from marts.reports")[0][0] == 5


def test_an_unknown_source_is_one_clear_line_before_anything_runs(home, demo_registry):
    result = govreports("run", "--source", "no-such-source", "--sources", str(demo_registry), "--home", str(home))
    assert result.exit_code == 2
    assert "unknown or disabled source(s): no-such-source" in result.output


def test_a_source_broken_night_after_night_needs_attention(first_night, demo_registry, home, monkeypatch):
    """demo-down and demo-garbage failed on the first two nights: with a threshold of 2 the check
    names them (exit 3, for cron); a third night through Airflow ends build_warehouse with a
    failed check_sources task, after the snapshot is published, and the summary says why."""
    assert govreports("status", "--check", "--nights", "3", "--home", str(home)).exit_code == 0
    checked = govreports("status", "--check", "--nights", "2", "--home", str(home))
    assert checked.exit_code == 3
    assert "attention: demo-down: broken 2 harvests in a row" in checked.output
    assert "attention: demo-garbage: broken 2 harvests in a row" in checked.output
    assert "jiefang" not in checked.output.split("Row counts")[-1]

    monkeypatch.setenv("GOVREPORTS_ALERT_AFTER_NIGHTS", "3")
    third = govreports("run", "--sources", str(demo_registry), "--home", str(home))
    assert third.exit_code == 0, third.output            # the night's data is published all the same
    assert "DAG build_warehouse: failed: sources need attention" in third.output
    assert "attention      demo-down: broken 3 harvests in a row" in third.output
    assert "attention      demo-garbage: broken 3 harvests in a row" in third.output
    assert "attention      zjg" not in third.output
