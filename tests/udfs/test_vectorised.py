"""warehouse.udfs.vectorised and .pool: the Arrow UDFs give what the Python functions give, row
for row, whether a chunk is cleaned in-process or by worker processes."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from warehouse.udfs import pool, vectorised
from warehouse.udfs.clean_text import clean_text
from warehouse.udfs.plugin import register
from warehouse.udfs.simplified import to_simplified

CORPUS = Path(__file__).resolve().parents[2] / "demo_sites" / "corpus"

VARIED = [
    None,
    "",
    "\n\n \f ",
    "一句话。",
    "headerBg\n\n当前位置：首页 > 政务公开\n市退役军人事务局 2020 年度法治政府 建设情况报告\r\n"
    "发布日期:2023-01-11 15:41    文章来源:花都区退役军人事务局\n【 字体：大 中 小 】 打印本页 关闭窗口",
    "张家港市退役军人事务局文件\n一、工作成效\n— 1 —\f张家港市退役军人事务局文件\n二、存在的问题\n— 2 —\f"
    "张家港市退役军人事务局文件\n三、下一步\n第 3 页 共 3 页",
    "现将有关情况报告如下：笔杆儿网www.bgzjy.cn\n一、主要举措和成效笔杆儿网www.bgzjy.cn\n"
    "二、存在的问题笔杆儿网www.bgzjy.cn\n详见张家港市人民政府网www.zjg.gov.cn",
    "２０２２年处理率１００％，ＱＱ群\n(一)加强领导,提升能力:一是;二是!\n15:41 共1,022人 (2021) see: x",
    "2023 年以来，解放区退役军人事务局深入学习贯彻习近平\n\n法治思想，坚持依法行政、依法办事，"
    "着力加强制度建设和矛盾\n\n化解能力建设。现将工作情况报告如下：\n\n"
    "学习强国 APP\nand Microsoft Word\u3000\u3000缩进",
    "張家港市退役軍人事務局2020年度法治政府建設情況報告\n關於學習",
    "𠀀𠀁 astral characters, \U0001f600 and 丟 (traditional-only)",
]


def _seeds() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))]


def _expected(raw: str | None) -> dict | None:
    cleaned = clean_text(raw)
    if cleaned is None:
        return None
    return {
        **cleaned.as_row(),
        "simplified": to_simplified(cleaned.text),
        "visible_chars": len(cleaned.text) - sum(cleaned.text.count(space) for space in "\t\n\f\r "),
    }


def _udf_rows(texts: list[str | None]) -> tuple[list, list]:
    con = duckdb.connect()
    register(con)
    con.execute("create table t as select * from unnest(?) with ordinality as u(raw, i)", [texts])
    cleaned = [row[0] for row in con.execute("select govreports_clean_text(raw) from t order by i").fetchall()]
    simplified = [row[0] for row in con.execute("select govreports_to_simplified(raw) from t order by i").fetchall()]
    return cleaned, simplified


@pytest.fixture(autouse=True)
def _fresh_pool(monkeypatch):
    pool.shutdown()
    monkeypatch.delenv(pool.WORKERS_ENV, raising=False)
    yield
    pool.shutdown()


def test_the_arrow_udf_gives_what_the_python_functions_give():
    texts = VARIED + _seeds()
    cleaned, simplified = _udf_rows(texts)
    assert cleaned == [_expected(raw) for raw in texts]
    assert simplified == [to_simplified(raw) for raw in texts]
    assert cleaned[0] is None
    assert cleaned[1] == {"text": "", "offset_map": [], "removed": [], "simplified": None, "visible_chars": 0}
    assert pool._pool is None          # a few rows: no worker process started


def test_worker_processes_give_the_same_result_as_in_process(monkeypatch):
    texts = (VARIED + _seeds()) * 20
    monkeypatch.setenv(pool.WORKERS_ENV, "0")
    in_process = _udf_rows(texts)
    assert pool._pool is None

    monkeypatch.setenv(pool.WORKERS_ENV, "2")
    monkeypatch.setattr(pool, "MIN_ROWS", 8)
    monkeypatch.setattr(pool, "MIN_BYTES", 0)
    assert _udf_rows(texts) == in_process
    workers = pool._pool._workers
    assert len(workers) == 2 and all(worker.process.poll() is None for worker in workers)


def test_the_pool_shuts_down_cleanly(monkeypatch):
    monkeypatch.setenv(pool.WORKERS_ENV, "2")
    started = pool.shared_pool(pool.MIN_ROWS)
    processes = [worker.process for worker in started._workers]
    assert started.map(len, [b"ab", b"abc"]) == [2, 3]
    pool.shutdown()
    assert [process.wait(timeout=10) for process in processes] == [0, 0]
    assert pool._pool is None


def test_the_pool_ends_with_the_process_that_started_it(tmp_path):
    """No worker outlives dbt: the exit handler stops them (no explicit shutdown here)."""
    import subprocess
    import sys

    script = (
        "import os\n"
        "from warehouse.udfs import pool\n"
        "os.environ[pool.WORKERS_ENV] = '2'\n"
        "started = pool.shared_pool(pool.MIN_ROWS)\n"
        "assert started.map(len, [b'a', b'bc']) == [1, 2]\n"
        "print(' '.join(str(worker.process.pid) for worker in started._workers))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    pids = [int(pid) for pid in done.stdout.split()]
    assert len(pids) == 2 and not any(_alive(pid) for pid in pids)


def _alive(pid: int) -> bool:
    import os
    import time

    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        time.sleep(0.05)
    return True


def test_a_dead_worker_means_in_process_cleaning_not_a_failed_build(monkeypatch):
    texts = (VARIED + _seeds()) * 5
    monkeypatch.setenv(pool.WORKERS_ENV, "2")
    monkeypatch.setattr(pool, "MIN_ROWS", 8)
    monkeypatch.setattr(pool, "MIN_BYTES", 0)
    started = pool.shared_pool(100)
    started._workers[1].process.kill()
    started._workers[1].process.wait()
    cleaned, _ = _udf_rows(texts)
    assert cleaned == [_expected(raw) for raw in texts]
    assert pool._pool is None and pool.shared_pool(100) is None    # given up for this process


def test_workers_setting(monkeypatch):
    monkeypatch.setenv(pool.WORKERS_ENV, "1")
    assert pool.worker_count() == 1 and pool.shared_pool(10_000) is None
    monkeypatch.setenv(pool.WORKERS_ENV, "3")
    assert pool.worker_count() == 3
    assert pool.shared_pool(pool.MIN_ROWS - 1) is None
    assert pool.shared_pool(2048, pool.MIN_BYTES - 1) is None      # 2048 titles: in-process
    assert pool._pool is None
    monkeypatch.setenv(pool.WORKERS_ENV, "many")
    assert pool.worker_count() >= 1


@pytest.mark.parametrize("string_type", [pa.string(), pa.large_string()])
def test_slices_of_a_chunk_pack_and_unpack(string_type):
    values = pa.array(["前缀", None, "甲乙", "", "丙" * 50, None, "丁"], string_type).slice(1)
    assert vectorised.unpack(vectorised.pack(values, 0, len(values))) == values.to_pylist()
    bounds = vectorised._balanced_bounds(values, 3)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(values)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:], strict=False))
    rejoined = [text for start, stop in bounds for text in vectorised.unpack(vectorised.pack(values, start, stop))]
    assert rejoined == values.to_pylist()


def test_visible_chars_counts_what_the_sql_regex_counts():
    con = duckdb.connect()
    register(con)
    texts = [text for text in VARIED + _seeds() if text is not None]
    rows = con.execute(
        r"select c.visible_chars, length(regexp_replace(c.text, '\s', '', 'g')) "
        "from (select govreports_clean_text(raw) as c from unnest(?) as u(raw))",
        [texts],
    ).fetchall()
    assert len(rows) == len(texts) and all(udf == sql for udf, sql in rows)
    every_space = "".join(chr(code) for code in range(0x3001) if chr(code).isspace()) + "\u200b\ufeff甲 乙"
    assert vectorised.visible_chars(every_space) == con.execute(
        r"select length(regexp_replace(?, '\s', '', 'g'))", [every_space]
    ).fetchone()[0]
