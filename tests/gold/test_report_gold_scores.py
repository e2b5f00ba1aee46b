"""What the warehouse says each seed report is, scored against hand annotations.

The five seed reports go through the real path: the demo government sites are harvested
(`govreports run`, both DAGs, the session's `demo_night`), loaded and built by dbt; then the
report metadata in marts.reports and the sections in marts.report_sections are compared with
tests/gold/reports/<seed>.yml, field by field. Per-field accuracy is printed; every field must be
right on every seed — including an empty value where the text gives none (seed 003 names no
district; only seed 000 has a date under a signature).

    .venv/bin/pytest tests/gold/test_report_gold_scores.py -s
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
import yaml

GOLD = Path(__file__).resolve().parent / "reports"
SEEDS = ("000", "001", "002", "003", "004")
FIELDS = ("title", "agency_name", "agency_type", "district_code", "district_code_from_text", "report_year",
          "published_on",
          "signed_on", "report_kind", "document_status", "quality_flags", "sections")

REPORT_COLUMNS = ("source_id", "report_id", "title", "agency_name", "agency_type", "district_code",
                  "text_district_code as district_code_from_text", "report_year",
                  "published_on", "signed_on", "report_kind", "document_status", "quality_flags")
SECTIONS_SQL = """
    select report_id, section_code, heading_text
    from marts.report_sections
    order by report_id, section_number
"""


def load_gold(seed: str) -> dict:
    return yaml.safe_load((GOLD / f"{seed}.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def predicted(demo_night) -> dict[str, dict]:
    """source id → what marts.reports and marts.report_sections say about its report."""
    with duckdb.connect(str(demo_night.snapshot), read_only=True) as con:
        rows = con.execute(f"select {', '.join(REPORT_COLUMNS)} from marts.reports").fetchall()
        names = [column.split(" as ")[-1] for column in REPORT_COLUMNS]
        reports = [dict(zip(names, row, strict=True)) for row in rows]
        sections: dict[str, list[dict]] = {}
        for report_id, code, heading in con.execute(SECTIONS_SQL).fetchall():
            sections.setdefault(report_id, []).append({"section_code": code, "heading_text": heading})
    by_source = {}
    for report in reports:
        report["sections"] = sections.get(report["report_id"], [])
        by_source[report["source_id"]] = report
    return by_source


def same(field: str, gold, got) -> bool:
    if field == "quality_flags":
        return sorted(gold or []) == sorted(got or [])
    if isinstance(gold, dt.date) or field in ("published_on", "signed_on"):
        return str(gold) == str(got) if gold is not None else got is None
    return gold == got


def test_report_metadata_and_sections_match_the_gold_files(predicted, capsys):
    right = dict.fromkeys(FIELDS, 0)
    misses = []
    for seed in SEEDS:
        gold = load_gold(seed)
        got = predicted.get(gold["source_id"])
        assert got is not None, f"seed {seed}: no report from {gold['source_id']} in marts.reports"
        for field in FIELDS:
            if same(field, gold[field], got[field]):
                right[field] += 1
            else:
                misses.append(f"seed {seed} {field}: gold {gold[field]!r}, warehouse {got[field]!r}")

    lines = ["", "report gold (tests/gold/reports), per-field accuracy over the five seed reports:"]
    lines += [f"  {field:<16}{right[field] / len(SEEDS):>6.0%}  ({right[field]}/{len(SEEDS)})" for field in FIELDS]
    with capsys.disabled():
        print("\n".join(lines + [f"  miss: {miss}" for miss in misses]))
    assert not misses, "\n".join(misses)
