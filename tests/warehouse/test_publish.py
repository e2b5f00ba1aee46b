import duckdb
import pytest

from warehouse.publish import open_snapshot, publish_snapshot


def write_warehouse(home, value):
    home.home.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(home.warehouse)) as con:
        con.execute("create or replace table answer as select ? as value", [value])


def test_publish_swaps_the_snapshot_atomically(home):
    write_warehouse(home, 1)
    first = publish_snapshot(home)
    assert home.snapshot.is_symlink()
    reader = open_snapshot(home)  # a reader holding the old snapshot
    write_warehouse(home, 2)
    second = publish_snapshot(home)
    assert second.target != first.target
    assert reader.execute("select value from answer").fetchone()[0] == 1  # undisturbed
    reader.close()
    with open_snapshot(home) as con:
        assert con.execute("select value from answer").fetchone()[0] == 2


def test_snapshot_is_readable_while_a_writer_holds_the_warehouse(home):
    write_warehouse(home, 7)
    publish_snapshot(home)
    writer = duckdb.connect(str(home.warehouse))
    try:
        writer.execute("begin transaction")
        writer.execute("insert into answer values (8)")
        with open_snapshot(home) as con:
            assert con.execute("select sum(value) from answer").fetchone()[0] == 7
    finally:
        writer.close()


def test_old_snapshots_are_pruned(home):
    write_warehouse(home, 1)
    for _ in range(5):
        publish_snapshot(home, keep=2)
    assert len(list(home.snapshot_dir.glob("warehouse-*.duckdb"))) == 2


def test_nothing_to_publish_or_read_is_a_clear_error(home):
    with pytest.raises(FileNotFoundError, match="run `govreports run`"):
        publish_snapshot(home)
    with pytest.raises(FileNotFoundError, match="nothing published yet"):
        open_snapshot(home)
