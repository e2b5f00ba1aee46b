"""The data catalogue: every mart and column described in dbt YAML (English with the Chinese
term), every mart declared as an exposure of the exports, and `govreports docs` generating
dbt's static docs from the snapshot and serving them on localhost."""

import re
import threading
import urllib.request
from pathlib import Path

import duckdb
import yaml
from typer.testing import CliRunner

from warehouse.cli import app
from warehouse.docs_site import docs_server, generate_docs, is_stale

DBT_PROJECT = Path(__file__).resolve().parents[2] / "dbt_project"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def mart_columns(snapshot) -> dict[str, list[str]]:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        found: dict[str, list[str]] = {}
        for table, column in con.execute(
            "select table_name, column_name from information_schema.columns where table_schema = 'marts' "
            "order by table_name, ordinal_position"
        ).fetchall():
            found.setdefault(table, []).append(column)
        return found


def documented_models() -> dict[str, dict]:
    models = {}
    for path in (DBT_PROJECT / "models" / "marts").rglob("*.yml"):
        for model in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models", []):
            models[model["name"]] = model
    return models


def test_every_mart_and_column_is_described_with_its_chinese_term(demo_snapshot):
    models = documented_models()
    missing = []
    for mart, columns in mart_columns(demo_snapshot).items():
        model = models.get(mart)
        if model is None or not CHINESE.search(model.get("description") or ""):
            missing.append(f"{mart}: no model description with the Chinese term")
            continue
        described = {c["name"]: c.get("description") or "" for c in model.get("columns", [])}
        missing += [f"{mart}.{column}" for column in columns if not CHINESE.search(described.get(column, ""))]
    assert missing == [], "describe these in models/marts/*.yml (English, with the Chinese term)"


def test_every_mart_is_declared_as_exported(demo_snapshot):
    exposures = yaml.safe_load((DBT_PROJECT / "models" / "exposures.yml").read_text(encoding="utf-8"))["exposures"]
    exports = next(e for e in exposures if e["name"] == "mart_exports")
    declared = {re.fullmatch(r"ref\('(\w+)'\)", d).group(1) for d in exports["depends_on"]}
    assert set(mart_columns(demo_snapshot)) <= declared, "add the new mart to exposures.yml mart_exports"
    assert {e["name"] for e in exposures} >= {"mart_exports", "nightly_report_page"}


def test_docs_are_generated_from_the_snapshot_and_served_on_localhost(demo_home_copy):
    assert is_stale(demo_home_copy)
    page = generate_docs(demo_home_copy)
    assert not is_stale(demo_home_copy)
    html = page.read_text(encoding="utf-8")
    for node in ("model.govreports.reports", "exposure.govreports.mart_exports",
                 "exposure.govreports.nightly_report_page"):
        assert node in html
    catalog = (demo_home_copy.docs / "catalog.json").read_text(encoding="utf-8")
    assert '"model.govreports.reports"' in catalog and '"report_year"' in catalog  # column types were read

    server = docs_server(demo_home_copy.docs, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/", timeout=10) as answer:
            assert answer.status == 200 and b"model.govreports.reports" in answer.read()
    finally:
        server.shutdown()
        server.server_close()

    # Up to date now: `govreports docs --no-serve -q` only names the page.
    result = CliRunner().invoke(app, ["docs", "--no-serve", "-q", "--home", str(demo_home_copy.home)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"docs {page}"


def test_docs_before_anything_was_published(tmp_path):
    result = CliRunner().invoke(app, ["docs", "--no-serve", "--home", str(tmp_path)])
    assert result.exit_code == 2 and "nothing published yet" in result.output
