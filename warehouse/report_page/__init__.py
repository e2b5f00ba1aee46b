"""The nightly report page: one static HTML file an operator opens in the morning, offline.

Regenerated after each published build into `$GOVREPORTS_HOME/report/index.html`: harvest
health, publication coverage (districts × years), indicator trends, most cited laws. The data
(data.py) is embedded as JSON and the chart library (vendor/, Chart.js, MIT) is inlined, so the
file works from disk or as an e-mail attachment with no network at all.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from warehouse.report_page.data import collect

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "template.html"
CHART_JS = HERE / "vendor" / "chart.umd.min.js"


def write_report_page(snapshot: Path, out_dir: Path, today: date | None = None) -> Path:
    """Read `snapshot` (read-only) and write `out_dir/index.html`, swapped in with one rename."""
    if not snapshot.exists():
        raise FileNotFoundError(f"{snapshot}: nothing published yet; run `govreports run` (or `make run`) first")
    snapshot = snapshot.resolve()
    with duckdb.connect(str(snapshot), read_only=True) as con:
        report = collect(con, today)
    report["generated_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    report["snapshot"] = snapshot.name
    out_dir.mkdir(parents=True, exist_ok=True)
    page = out_dir / "index.html"
    partial = out_dir / ".index.html.partial"
    partial.write_text(render(report), encoding="utf-8")
    os.replace(partial, page)
    return page


def render(report: dict) -> str:
    # Inside <script>, "</" would end the element early: a scraped title could hold "</script>".
    embedded = json.dumps(report, ensure_ascii=False, default=str).replace("</", "<\\/")
    chart_js = CHART_JS.read_text(encoding="utf-8").replace("</script", "<\\/script")
    # The source map is not shipped; without this line dev tools would try to fetch it.
    chart_js = "\n".join(line for line in chart_js.splitlines() if not line.startswith("//# sourceMappingURL="))
    template = TEMPLATE.read_text(encoding="utf-8")
    return template.replace("__REPORT_DATA__", embedded).replace("__CHART_JS__", chart_js)
