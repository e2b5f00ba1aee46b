"""`govreports sql` as a shell (statements over several lines until ';'), and --quiet: the
progress lines every long command prints go away, the summary stays."""

import logging

import duckdb
from typer.testing import CliRunner

from warehouse import nightly
from warehouse.cli import app, show_progress
from warehouse.config import paths
from warehouse.publish import publish_snapshot


def published_home(tmp_path):
    home = paths(tmp_path / "var")
    home.home.mkdir(parents=True)
    with duckdb.connect(str(home.warehouse)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.reports as select 2023 as report_year, '解放区' as district_name")
    publish_snapshot(home)
    return home


def test_the_shell_runs_a_statement_when_it_ends_with_a_semicolon(tmp_path):
    home = published_home(tmp_path)
    session = "\n".join(["select district_name,", "       report_year", "from marts.reports;",
                         ".tables", "select nope;", "select 42 as answer"])
    result = CliRunner().invoke(app, ["sql", "--csv", "--home", str(home.home)], input=session)
    assert result.exit_code == 0, result.output
    lines = [line.rsplit("> ", 1)[-1] for line in result.output.splitlines()]  # prompts off
    assert lines[lines.index("district_name,report_year") + 1] == "解放区,2023"  # three lines, one query
    assert "marts.reports" in result.output                                   # .tables
    assert "query failed" in result.output                                    # an error does not end it
    assert lines[lines.index("answer") + 1] == "42"                            # the last one runs at Ctrl-D


def test_quiet_leaves_only_errors_and_the_summary(capsys):
    logger = logging.getLogger("govreports")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    try:
        show_progress(quiet=False)
        nightly.say("harvesting demo-a")
        assert "harvesting demo-a" in capsys.readouterr().err
        show_progress(quiet=True)
        nightly.say("harvesting demo-b")
        logging.getLogger("govreports").error("demo-b: broken")
        captured = capsys.readouterr()
        assert "harvesting demo-b" not in captured.err + captured.out
        assert "demo-b: broken" in captured.err  # errors still show
    finally:
        logger.handlers[:], logger.level, logger.propagate = saved
