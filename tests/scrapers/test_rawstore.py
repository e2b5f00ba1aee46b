from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from scrapers.rawstore import RawStore


def test_put_is_content_addressed_and_idempotent(tmp_path: Path) -> None:
    store = RawStore(tmp_path / "raw")
    body = "法治政府建设年度报告".encode()
    sha = store.put(body)
    assert sha == hashlib.sha256(body).hexdigest()
    path = store.path(sha)
    assert path == tmp_path / "raw" / "sha256" / sha[:2] / sha
    assert path.read_bytes() == body
    mtime = path.stat().st_mtime_ns
    assert store.put(body) == sha                 # the second put writes nothing
    assert path.stat().st_mtime_ns == mtime
    assert store.has(sha) and store.get(sha) == body
    assert [p.name for p in path.parent.iterdir()] == [sha]   # no temporary file left


def test_missing_body(tmp_path: Path) -> None:
    store = RawStore(tmp_path)
    assert not store.has("0" * 64)
    with pytest.raises(KeyError, match="no body with sha256"):
        store.get("0" * 64)


def test_empty_body_is_a_body(tmp_path: Path) -> None:
    store = RawStore(tmp_path)
    assert store.get(store.put(b"")) == b""


def test_sync_later_writes_now_and_flushes_once(tmp_path: Path, monkeypatch) -> None:
    flushes = []
    monkeypatch.setattr("os.fsync", lambda fd: flushes.append("fsync"))
    monkeypatch.setattr("os.sync", lambda: flushes.append("sync"))
    store = RawStore(tmp_path, sync_later=True)
    shas = [store.put(f"第{n}页".encode()) for n in range(3)]
    assert all(store.get(sha) == f"第{n}页".encode() for n, sha in enumerate(shas))
    assert flushes == []
    store.sync()
    store.sync()                          # nothing new since: nothing to flush
    assert flushes == ["sync"]


def test_a_body_cut_short_by_a_crash_is_written_again(tmp_path: Path) -> None:
    store = RawStore(tmp_path)
    body = b"%PDF-1.7 full report"
    sha = hashlib.sha256(body).hexdigest()
    store.path(sha).parent.mkdir(parents=True)
    store.path(sha).write_bytes(b"")      # what a crash before sync() can leave behind
    assert store.put(body) == sha and store.get(sha) == body
