"""Every ```sql block of docs/queries.md runs against the demo warehouse; where the demo data
allows, the answer is checked too (5 reports on 2020–2023, two sources broken on purpose)."""

import re
from datetime import date
from pathlib import Path

import pytest

QUERIES_MD = Path(__file__).resolve().parents[2] / "docs" / "queries.md"


def questions() -> list[tuple[str, str]]:
    """(question number, SQL) for every '## N. …' section holding a ```sql block."""
    found = []
    for section in re.split(r"^## ", QUERIES_MD.read_text(encoding="utf-8"), flags=re.M)[1:]:
        number = section.split(".", 1)[0]
        for sql in re.findall(r"```sql\n(.*?)```", section, flags=re.S):
            found.append((number, sql))
    return found


def column(rows, index=0):
    return [row[index] for row in rows]


def deadline_passed(report_year: int) -> bool:
    return date.today() >= date(report_year + 1, 4, 1)


BROKEN = {"demo-down", "demo-garbage"}

# Question number → a check of its rows against what the demo sites hold.
KNOWN_ANSWERS = {
    "1": lambda rows, con: column(rows, 2) == [2020, 2021, 2022, 2022, 2023],
    "2": lambda rows, con: sum(column(rows, 2)) == 5,
    "3": lambda rows, con: set(column(rows)) == {"320582", "440114", "500106"},
    "4": lambda rows, con: "410802" not in column(rows) and len(rows) == con.execute(
        "select count(*) from seeds.districts where level = 'county' and province_name = '河南省'"
    ).fetchone()[0] - 1,
    "5": lambda rows, con: sorted(column(rows, 4)) == [11, 15, 20, 25, 60],
    "6": lambda rows, con: ("重庆市", 1, 25.0, 25) in rows,
    "7": lambda rows, con: rows == [(year, 4, 1, 0, 3, 25.0) for year in (2020, 2021, 2022, 2023)],
    "8": lambda rows, con: {(r[0], r[3]) for r in rows} == {
        (code, year) for code, year in
        [("320582", 2021), ("500106", 2022), ("440114", 2023), ("410802", 2024)]
        if deadline_passed(year)
    },
    "9": lambda rows, con: [(r[0], r[2]) for r in rows] == [("demo-down", "broken"), ("demo-garbage", "broken")],
    "10": lambda rows, con: sorted((r[0], r[2]) for r in rows) == [("demo-down", 1), ("demo-garbage", 1)],
    "11": lambda rows, con: len(rows) == 7 and {r[0] for r in rows if r[2] == "broken"} == BROKEN,
    "12": lambda rows, con: len(rows) == 1 and rows[0][2:4] == (7, 2) and rows[0][6] > 0,
    "13": lambda rows, con: len(rows) == 5,
    "14": lambda rows, con: rows == [],
    "15": lambda rows, con: column(rows) == ["bgzjy-fazhi"],
    "16": lambda rows, con: len(rows) == 1 and "张家港" in rows[0][3],
    "17": lambda rows, con: sum(column(rows, 2)) == 5,
    "18": lambda rows, con: len(rows) == 7 and sum(column(rows, 2)) == 5,
    "19": lambda rows, con: rows == [(2020, 1), (2021, 1), (2022, 2), (2023, 1)],
}


def test_there_are_at_least_twelve_questions_each_with_sql():
    numbers = [number for number, _ in questions()]
    assert len(set(numbers)) >= 12
    assert len(numbers) == len(set(numbers)), "one SQL block per question"


@pytest.mark.parametrize(("number", "sql"), questions(), ids=[f"question-{n}" for n, _ in questions()])
def test_query_answers_on_the_demo_warehouse(number, sql, demo_con):
    rows = demo_con.execute(sql).fetchall()
    check = KNOWN_ANSWERS.get(number)
    if check is not None:
        assert check(rows, demo_con), f"question {number}: unexpected answer {rows}"
