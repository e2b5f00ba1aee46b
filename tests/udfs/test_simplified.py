"""warehouse.udfs.simplified: traditional → simplified, same length, None when already simplified."""

import duckdb

from warehouse.udfs.simplified import to_simplified, traditional_count


def test_traditional_text_is_converted_character_for_character():
    traditional = "張家港市退役軍人事務局2020年度法治政府建設情況報告"
    simplified = to_simplified(traditional)
    assert simplified == "张家港市退役军人事务局2020年度法治政府建设情况报告"
    assert len(simplified) == len(traditional)
    assert traditional_count(traditional) > 5


def test_simplified_text_gives_none():
    assert to_simplified("张家港市退役军人事务局2020年度法治政府建设情况报告") is None
    assert to_simplified("") is None
    assert to_simplified(None) is None
    assert traditional_count("花都区") == 0


def test_registered_as_a_duckdb_function():
    from warehouse.udfs.plugin import register

    con = duckdb.connect()
    register(con)
    assert con.execute("select govreports_to_simplified('關於'), govreports_to_simplified('关于')").fetchone() == (
        "关于", None,
    )
