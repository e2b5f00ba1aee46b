"""Chinese numerals → numbers (warehouse/udfs/figures.py), directly and through DuckDB."""

import duckdb
import pytest

from warehouse.udfs.figures import chinese_numeral_value
from warehouse.udfs.plugin import register


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("四", 4), ("十二", 12), ("两", 2), ("十", 10), ("一百二十", 120), ("三千", 3000),
        ("两百", 200), ("二十万", 200_000), ("三万五千", 35_000), ("零", 0), ("〇", 0),
        ("千", 1000), ("百", 100), ("千五", 1500),   # 近千人, 百余人: one thousand, one hundred
    ],
)
def test_numerals(numeral, value):
    assert chinese_numeral_value(numeral) == value


@pytest.mark.parametrize("text", [None, "", "万", "亿", "abc", "12", "十余", "四次"])
def test_what_is_not_a_numeral_is_null_never_an_error(text):
    assert chinese_numeral_value(text) is None


def test_registered_as_duckdb_function():
    con = duckdb.connect()
    register(con)
    register(con)   # a second registration on the same connection is a no-op
    rows = con.execute(
        "select govreports_chinese_numeral(n) from (values ('十二'), ('万'), (null)) t(n)"
    ).fetchall()
    assert rows == [(12.0,), (None,), (None,)]
