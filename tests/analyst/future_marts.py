"""Indicator and text-fact marts with known contents, replacing the real ones in a copy of the
demo warehouse, so that the report page's panels can be checked against exact numbers."""

from pathlib import Path

import duckdb

INDICATOR_VALUES = """
create or replace table marts.indicator_values as
select * from (values
    ('410802', 2021, 'petitions_persons', 120.0, '人次'),
    ('410802', 2022, 'petitions_persons', 95.0, '人次'),
    ('410802', 2023, 'petitions_persons', 80.0, '人次'),
    ('410802', 2023, 'review_cases', 7.0, '件'),
    ('440114', 2022, 'petitions_persons', 300.0, '人次')
) as t(district_code, report_year, indicator_code, value, unit)
"""

TEXT_FACTS = """
create or replace table marts.text_facts as
select * from (values
    ('r1', 'law_cited', '中华人民共和国退役军人保障法'),
    ('r2', 'law_cited', '中华人民共和国退役军人保障法'),
    ('r2', 'law_cited', '中华人民共和国行政复议法'),
    ('r3', 'honour', '全国模范退役军人服务站')
) as t(report_id, fact_type, canonical_name)
"""


def add_marts(warehouse: Path, statements: list[str]) -> None:
    with duckdb.connect(str(warehouse)) as con:
        for statement in statements:
            con.execute(statement)
