"""Exports of every mart: Parquet by year, CSV with a byte-order mark, a manifest; swapped in
atomically after each published build and on demand (`govreports export`)."""

import json
import re

import duckdb
from typer.testing import CliRunner

from tests.analyst.future_marts import add_marts
from warehouse.cli import app
from warehouse.export import UTF8_BOM, export_marts
from warehouse.publish import publish_snapshot


def marts_in(snapshot) -> dict[str, int]:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        tables = con.execute("select table_name from information_schema.tables where table_schema = 'marts'").fetchall()
        return {t: con.execute(f'select count(*) from marts."{t}"').fetchone()[0] for (t,) in tables}


def test_every_mart_goes_to_parquet_by_year_and_to_csv_for_excel(demo_snapshot, tmp_path):
    result = export_marts(demo_snapshot, tmp_path / "exports")
    folder = result.current.resolve()
    assert folder == result.folder
    expected = marts_in(demo_snapshot)
    assert {"reports", "harvest_health"} <= set(expected)
    assert {name: m["rows"] for name, m in result.manifest["marts"].items()} == expected

    # reports has report_year: one folder per year, the year kept inside the files too
    years = sorted(p.name for p in (folder / "parquet" / "reports").iterdir())
    assert years == ["report_year=2020", "report_year=2021", "report_year=2022", "report_year=2023"]
    one_file = next((folder / "parquet" / "reports" / "report_year=2022").glob("*.parquet"))
    with duckdb.connect() as con:
        assert con.execute(f"select distinct report_year from '{one_file}'").fetchall() == [(2022,)]
        assert con.execute(
            f"select count(*) from read_parquet('{folder}/parquet/reports/*/*.parquet', hive_partitioning = true)"
        ).fetchone()[0] == expected["reports"]
        # harvest_health has no year column: one file
        assert con.execute(f"select count(*) from '{folder}/parquet/harvest_health.parquet'").fetchone()[0] \
            == expected["harvest_health"]

    raw = (folder / "csv" / "reports.csv").read_bytes()
    assert raw.startswith(UTF8_BOM) and not raw.startswith(UTF8_BOM * 2)
    text = raw.decode("utf-8-sig")
    assert text.startswith("report_id,title,") and "张家港市退役军人事务局" in text
    assert len(text.strip().splitlines()) == expected["reports"] + 1


def test_the_manifest_names_counts_versions_and_commit(demo_snapshot, tmp_path):
    build_record = tmp_path / "last_build.json"
    build_record.write_text(json.dumps({"success": True, "finished_at": "2026-11-21T02:10:00+00:00"}))
    result = export_marts(demo_snapshot, tmp_path / "exports", build_record=build_record)
    manifest = json.loads((result.current / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == result.manifest
    assert manifest["built_at"] == "2026-11-21T02:10:00+00:00"
    assert manifest["snapshot"] == demo_snapshot.name
    assert set(manifest["versions"]) == {"govreports", "duckdb", "dbt-core", "dbt-duckdb", "apache-airflow"}
    assert manifest["versions"]["duckdb"] == duckdb.__version__
    assert manifest["git_commit"] is None or len(manifest["git_commit"]) == 40
    reports = manifest["marts"]["reports"]
    assert reports["partitioned_by"] == "report_year"
    assert reports["parquet"] == "parquet/reports/" and reports["csv"] == "csv/reports.csv"
    assert reports["csv_fits_excel"] is True
    assert "report_year" in reports["columns"]


def test_a_new_mart_is_exported_without_being_listed(demo_home_copy, tmp_path):
    add_marts(demo_home_copy.warehouse, [
        "create table marts.test_panel as select * from (values "
        "('410802', 2022, 'petition_person_times', 12.0), ('410802', 2023, 'petition_person_times', 9.0)) "
        "as t(district_code, report_year, indicator_code, value)",
        "create table marts.test_agencies as select 'justice' as agency_type, '司法局' as name_zh",
        "create table marts.empty_panel (district_code varchar, report_year integer)",
    ])
    published = publish_snapshot(demo_home_copy)
    result = export_marts(published.target, tmp_path / "exports")
    marts = result.manifest["marts"]
    assert marts["test_panel"]["partitioned_by"] == "report_year"
    assert sorted(p.name for p in (result.folder / "parquet" / "test_panel").iterdir()) == \
        ["report_year=2022", "report_year=2023"]
    assert marts["test_agencies"]["partitioned_by"] is None
    assert (result.folder / "parquet" / "test_agencies.parquet").exists()
    assert marts["empty_panel"]["rows"] == 0 and (result.folder / "parquet" / "empty_panel").is_dir()
    assert (result.folder / "csv" / "empty_panel.csv").read_bytes().startswith(UTF8_BOM)


def test_current_moves_to_the_newest_export_and_old_ones_are_pruned(demo_snapshot, tmp_path):
    root = tmp_path / "exports"
    first = export_marts(demo_snapshot, root, ["csv"], keep=2)
    second = export_marts(demo_snapshot, root, ["csv"], keep=2)
    assert (root / "current").resolve() == second.folder
    third = export_marts(demo_snapshot, root, ["csv"], keep=2)
    assert not first.folder.exists() and second.folder.exists() and third.folder.exists()
    assert not any(p.name.startswith(".") for p in root.iterdir())  # no partial folder left


def test_each_published_night_exported_the_marts_and_wrote_the_report_page(demo_night):
    """The DAG's publish step (nightly.publish) did it, not only the CLI."""
    manifest = json.loads((demo_night.home / "exports" / "current" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["marts"]["reports"]["rows"] == 5
    assert manifest["built_at"]
    assert (demo_night.home / "report" / "index.html").stat().st_size > 100_000  # chart library inlined
    assert "exports        " in demo_night.result.output and "report page    " in demo_night.result.output


def test_govreports_export_one_format_to_a_folder_quietly(demo_home_copy, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", "--format", "csv", "--to", str(out), "-q",
                                      "--home", str(demo_home_copy.home)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and re.match(r"exported \d+ mart\(s\), \d+ row\(s\) to ", lines[0])
    assert (out / "current" / "csv" / "reports.csv").exists()
    assert not (out / "current" / "parquet").exists()


def test_govreports_export_names_a_bad_format(demo_home_copy):
    result = CliRunner().invoke(app, ["export", "--format", "xlsx", "--home", str(demo_home_copy.home)])
    assert result.exit_code == 2
    assert "xlsx" in result.output and "parquet, csv" in result.output
