"""`govreports status` shows each source's harvest counters (issue: harvest health as data)."""

from __future__ import annotations

from typer.testing import CliRunner

from scrapers.landing import HarvestStats, VanishedDocument, write_batch
from warehouse.cli import app
from warehouse.loader import load_landing


def test_status_shows_walk_conditional_gets_and_errors_by_class(home, make_batch, make_document,
                                                                 monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")
    batch = make_batch("r1", "demo-a", [make_document("http://a/1.html", "一")], outcome="partial")
    batch.stats = HarvestStats(pages_requested=9, list_pages=2, not_modified=3, items_seen=7,
                               items_declared=9, bytes_fetched=4096, errors={"timeout": 2, "parse": 1},
                               full_walk=True, walk_complete=True, documents_vanished=1)
    batch.vanished = [VanishedDocument(document_id="d" * 64, url="http://a/0.html")]
    write_batch(batch, home.landing)
    load_landing(home)
    result = CliRunner().invoke(app, ["status", "--home", str(home.home)])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "│ demo-a" in line)
    cells = [cell.strip() for cell in row.split("│")[1:-1]]
    # walk, pages, 304, new, changed, vanished, items seen/declared, kB
    assert cells[2:] == ["full ✓", "9", "3", "1", "0", "1", "7/9", "4"]
    assert "errors by class: parse ×1, timeout ×2" in result.output
