"""The errors a user can cause end in one clear line (exit 2), never a traceback."""

import duckdb
from typer.testing import CliRunner

from warehouse.cli import app
from warehouse.config import paths
from warehouse.publish import publish_snapshot


def invoke(*args):
    return CliRunner().invoke(app, list(args))


def one_error_line(result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


def test_sql_before_anything_was_published(tmp_path):
    line = one_error_line(invoke("sql", "select 1", "--home", str(tmp_path)))
    assert "nothing published yet" in line and "govreports run" in line


def test_status_before_any_run(tmp_path):
    line = one_error_line(invoke("status", "--home", str(tmp_path)))
    assert "no warehouse yet" in line


def test_a_bad_query_names_the_problem(tmp_path):
    home = paths(tmp_path)
    with duckdb.connect(str(home.warehouse)) as con:
        con.execute("create table t as select 1 as x")
    publish_snapshot(home)
    line = one_error_line(invoke("sql", "select nope from t", "--home", str(tmp_path)))
    assert "query failed" in line and "nope" in line
    ok = invoke("sql", "select x from t", "--json", "--home", str(tmp_path))
    assert ok.exit_code == 0 and ok.output.strip() == '{"x": 1}'


def test_a_missing_registry_file(tmp_path):
    line = one_error_line(invoke("run", "--sources", str(tmp_path / "nope.yml"), "--home", str(tmp_path)))
    assert "nope.yml" in line


def test_sources_check_reports_each_bad_entry(tmp_path):
    registry = tmp_path / "sources.yml"
    registry.write_text(
        """sources:
  - id: good-one
    name: 好的
    platform: trs
    list_urls: ["http://127.0.0.1:9/index.html"]
  - id: bad-one
    name: 坏的
    platform: trss
    list_urls: ["http://127.0.0.1:9/index.html"]
""",
        encoding="utf-8",
    )
    result = invoke("sources", "check", "--registry", str(registry))
    assert result.exit_code == 1
    assert "bad-one" in result.output and "trss" in result.output
    assert "1 valid entry, 1 problem(s)" in result.output
