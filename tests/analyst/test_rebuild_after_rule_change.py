"""`govreports build --full-refresh --select …`: what an operator runs after changing a rule that
incremental models cannot detect (docs/reading-reports.md), without calling dbt by hand."""

import duckdb
from typer.testing import CliRunner

from warehouse.cli import app

CLEANED = "intermediate.int_report_text_cleaned"


def test_a_full_refresh_of_one_model_drops_what_an_old_rule_left(demo_home_copy):
    with duckdb.connect(str(demo_home_copy.warehouse)) as con:
        before = con.execute(f"select count(*) from {CLEANED}").fetchone()[0]
        # a row an incremental build keeps for ever: its version is in no source any more
        con.execute(f"insert into {CLEANED} (document_version_id, document_id) values ('gone:0', 'gone')")

    result = CliRunner().invoke(app, ["build", "--full-refresh", "--select", "int_report_text_cleaned",
                                      "--home", str(demo_home_copy.home)])
    assert result.exit_code == 0, result.output
    assert "models built 1," in result.output

    with duckdb.connect(str(demo_home_copy.snapshot), read_only=True) as con:
        assert con.execute(f"select count(*) from {CLEANED}").fetchone()[0] == before
        assert con.execute(f"select count(*) from {CLEANED} where document_id = 'gone'").fetchone()[0] == 0
