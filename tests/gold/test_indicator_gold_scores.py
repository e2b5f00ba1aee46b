"""The indicator and text-fact marts over the five seed reports, scored against tests/gold/.

One `dbt build` over the raw layer the dbt tests use (tests/dbt/raw_layer.py: the five seed
reports as one night's harvest would load them) plus 200 synthetic reports (warehouse/synthetic.py,
which records the figures it writes); then every figure of marts.indicator_values and
marts.unclassified_figures, and every fact of marts.text_facts, is compared with the hand
annotations in tests/gold/figures/<seed>.yml and tests/gold/facts/<seed>.yml, and the synthetic
reports' figures with synthetic.expected_figures. Precision and recall per field are printed
(pytest -s, or -rA) and must reach 0.95 / 0.90 for figures and 0.90 / 0.80 for text facts.

    .venv/bin/pytest tests/gold/test_indicator_gold_scores.py -s
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.dbt.raw_layer import write_raw_layer
from tests.gold.scoring import Scores, score_figures, score_sets, score_texts
from warehouse.dbt_runner import run_dbt_build
from warehouse.synthetic import generate

GOLD = Path(__file__).resolve().parent
SEEDS = ("000", "001", "002", "003", "004")
SYNTHETIC_REPORTS = 200

FIGURES_SQL = """
    select report_id, raw_phrase, value, unit, indicator_code, approximate, redacted, start_offset
    from marts.indicator_values
    union all
    select report_id, raw_phrase, value, unit, 'unclassified', approximate, redacted, start_offset
    from marts.unclassified_figures
    order by report_id, start_offset
"""


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gold")
    raw = write_raw_layer(folder / "warehouse.duckdb")
    generate(raw.path, reports=SYNTHETIC_REPORTS)
    result = run_dbt_build(raw.path, home=folder / "home")
    # The marts this test reads must be there; the build's overall success is
    # tests/dbt/test_dbt_build.py's to check.
    built = {row[0] for row in raw.query(
        "select table_name from information_schema.tables where table_schema = 'marts'"
    )}
    missing = {"indicator_values", "unclassified_figures", "text_facts"} - built
    assert not missing, f"not built: {missing}; {result.errors}"
    return raw


FIGURE_KEYS = ("phrase", "value", "unit", "indicator", "approximate", "redacted")


def figures_read(warehouse) -> list[tuple[str, dict]]:
    """(report_id, figure) for every figure in the marts, in reading order."""
    return [
        (report_id, dict(zip(FIGURE_KEYS, fields, strict=True)))
        for report_id, *fields, _ in warehouse.query(FIGURES_SQL)
    ]


def load(kind: str, seed: str) -> dict:
    return yaml.safe_load((GOLD / kind / f"{seed}.yml").read_text(encoding="utf-8"))


def test_figures_against_gold(warehouse):
    report_of = {warehouse.document_id(seed): seed for seed in SEEDS}
    gold = {seed: load("figures", seed)["figures"] for seed in SEEDS}
    predicted: dict[str, list[dict]] = {seed: [] for seed in SEEDS}
    for report_id, figure in figures_read(warehouse):
        if report_id in report_of:    # not a synthetic report
            predicted[report_of[report_id]].append(figure)

    scores = score_figures(gold, predicted)
    print("\n" + scores.table("figures (5 seed reports)"))
    for miss in scores.misses:
        print("  ", miss)
    for name, score in scores.by_field.items():
        assert score.precision >= 0.95, f"figures {name}: precision {score.precision:.3f} < 0.95"
        assert score.recall >= 0.90, f"figures {name}: recall {score.recall:.3f} < 0.90"


def test_text_facts_against_gold(warehouse):
    report_of = {warehouse.document_id(seed): seed for seed in SEEDS}
    gold = {seed: load("facts", seed) for seed in SEEDS}
    facts = warehouse.query(
        """select report_id, fact_type, fact_text, canonical_name, role, person_name
           from marts.text_facts order by report_id, fact_type, start_offset"""
    )
    predicted: dict[str, dict[str, list]] = {seed: {} for seed in SEEDS}
    for report_id, fact_type, fact_text, canonical_name, role, person_name in facts:
        if report_id not in report_of:
            continue
        bucket = predicted[report_of[report_id]].setdefault(fact_type, [])
        if fact_type == "law_cited":
            bucket.append(canonical_name)
        elif fact_type == "official":
            bucket.append((role, person_name))
        else:
            bucket.append(fact_text)

    scores = Scores()
    score_sets(
        "laws",
        {seed: set(gold[seed]["laws"]) for seed in SEEDS},
        {seed: set(predicted[seed].get("law_cited", [])) for seed in SEEDS},
        scores,
    )
    for name, fact_type in (("problems", "problem"), ("plans", "plan"), ("honours", "honour")):
        score_texts(
            name,
            {seed: gold[seed][name] for seed in SEEDS},
            {seed: predicted[seed].get(fact_type, []) for seed in SEEDS},
            scores,
        )
    score_sets(
        "officials",
        {seed: {(o["role"], o["name"]) for o in gold[seed]["officials"]} for seed in SEEDS},
        {seed: set(predicted[seed].get("official", [])) for seed in SEEDS},
        scores,
    )
    print("\n" + scores.table("text facts (5 seed reports)"))
    for miss in scores.misses:
        print("  ", miss)
    for name, score in scores.by_field.items():
        assert score.precision >= 0.90, f"text facts {name}: precision {score.precision:.3f} < 0.90"
        assert score.recall >= 0.80, f"text facts {name}: recall {score.recall:.3f} < 0.80"


def test_synthetic_figures_against_what_was_written(warehouse):
    gold: dict[str, list[dict]] = {}
    for report_id, *fields in warehouse.query(
        """select report_id, phrase, value, unit, indicator_code, approximate, redacted
           from synthetic.expected_figures order by report_id, figure_order"""
    ):
        gold.setdefault(report_id, []).append(dict(zip(FIGURE_KEYS, fields, strict=True)))
    assert len(gold) == SYNTHETIC_REPORTS
    predicted: dict[str, list[dict]] = {report_id: [] for report_id in gold}
    for report_id, figure in figures_read(warehouse):
        if report_id in predicted:
            predicted[report_id].append(figure)

    scores = score_figures(gold, predicted)
    print("\n" + scores.table(f"figures ({SYNTHETIC_REPORTS} synthetic reports)"))
    for miss in scores.misses[:40]:
        print("  ", miss)
    for name, score in scores.by_field.items():
        assert score.precision >= 0.95, f"synthetic figures {name}: precision {score.precision:.3f} < 0.95"
        assert score.recall >= 0.90, f"synthetic figures {name}: recall {score.recall:.3f} < 0.90"
