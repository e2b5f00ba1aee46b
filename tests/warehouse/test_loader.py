import duckdb
import pytest

from scrapers.landing import write_batch
from scrapers.seen import read_seen
from warehouse.loader import load_landing, utc_timestamp


def counts(home, table):
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        return con.execute(f"select count(*) from raw.{table}").fetchone()[0]


def test_loads_batches_and_files_them(home, make_batch, make_document):
    documents = [make_document("http://a/1.html", "一"), make_document("http://a/2.html", "二")]
    write_batch(make_batch("r1", "demo-a", documents), home.landing)
    write_batch(make_batch("r1", "demo-b", [], outcome="failed"), home.landing)

    result = load_landing(home)

    assert (result.batches_loaded, result.documents_new, result.documents_changed) == (2, 2, 0)
    assert counts(home, "documents") == 2
    assert counts(home, "harvest_runs") == 2
    assert counts(home, "fetches") == 2
    assert list(home.landing.glob("*.json")) == []
    assert len(list((home.landing / "loaded").glob("*.json"))) == 2
    assert set(read_seen(home.state, "demo-a")) == {"http://a/1.html", "http://a/2.html"}


def test_same_content_twice_is_not_a_new_version_but_an_edit_is(home, make_batch, make_document):
    write_batch(make_batch("r1", "demo-a", [make_document("http://a/1.html", "一")]), home.landing)
    load_landing(home)
    write_batch(make_batch("r2", "demo-a", [make_document("http://a/1.html", "一")]), home.landing)
    second = load_landing(home)
    assert (second.documents_new, second.documents_changed) == (0, 0)
    write_batch(make_batch("r3", "demo-a", [make_document("http://a/1.html", "一（修订）")]), home.landing)
    third = load_landing(home)
    assert (third.documents_new, third.documents_changed) == (0, 1)
    assert counts(home, "documents") == 2  # both versions kept, nothing overwritten
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        new, changed = con.execute(
            "select documents_new, documents_changed from raw.harvest_runs where run_id = 'r3'").fetchone()
    assert (new, changed) == (0, 1)


def test_a_batch_already_loaded_is_skipped(home, make_batch, make_document):
    batch = make_batch("r1", "demo-a", [make_document("http://a/1.html", "一")])
    write_batch(batch, home.landing)
    load_landing(home)
    write_batch(batch, home.landing)  # e.g. a crash after commit, before filing
    result = load_landing(home)
    assert (result.batches_loaded, result.batches_skipped) == (0, 1)
    assert counts(home, "harvest_runs") == 1


def test_an_unreadable_landing_file_is_set_aside_and_the_rest_loads(home, make_batch, make_document):
    home.landing.mkdir(parents=True)
    (home.landing / "broken.json").write_text("{not json", encoding="utf-8")
    write_batch(make_batch("r1", "demo-a", [make_document("http://a/1.html", "一")]), home.landing)
    result = load_landing(home)
    assert result.batches_loaded == 1
    assert len(result.rejected) == 1 and "broken.json" in result.rejected[0]
    assert (home.landing / "rejected" / "broken.json").exists()


def test_one_transaction_a_failing_batch_loads_nothing(home, make_batch, make_document):
    write_batch(make_batch("r1", "demo-a", [make_document("http://a/1.html", "一")]), home.landing)
    bad = make_batch("r1", "demo-b", [make_document("http://b/1.html", "二")])
    bad.started_at = "not a date"
    write_batch(bad, home.landing)
    with pytest.raises(ValueError):
        load_landing(home)
    assert counts(home, "documents") == 0
    assert counts(home, "landing_files") == 0
    assert len(list(home.landing.glob("*.json"))) == 2  # still pending, nothing lost


def test_utc_timestamp_normalises_offsets():
    assert str(utc_timestamp("2023-01-11T15:41:00+08:00")) == "2023-01-11 07:41:00"
    assert utc_timestamp(None) is None
