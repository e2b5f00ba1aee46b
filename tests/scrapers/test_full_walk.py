"""Nights after the first: conditional GET, periodic full walks, changed and vanished documents.

Each night here is harvest → the real loader (which writes the seen state) → the next harvest,
against a local TRS column whose pages carry ETags and answer If-None-Match with 304.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from scraper_site import Answer, Hit, LocalSite, make_source
from test_harvest import COLUMN, article_html, article_path, list_html

from scrapers.harvest import harvest_source
from scrapers.landing import read_batch
from scrapers.seen import read_seen_state, write_seen
from warehouse.config import Paths
from warehouse.loader import load_landing


class EtagColumn:
    """Two list pages, four articles; every page has an ETag and honours If-None-Match."""

    def __init__(self, site: LocalSite) -> None:
        self.site = site
        self.articles = {d: article_html(d, f"文章{d}") for d in (104, 103, 102, 101)}
        self.etags: dict[str, str] = {}       # path -> ETag to announce (default: body hash)
        self.publish()

    def publish(self) -> None:
        ids = list(self.articles)
        pages = [ids[:2], ids[2:]]
        for n, page_ids in enumerate(pages):
            name = "index.html" if n == 0 else f"index_{n}.html"
            self.serve(COLUMN + name, list_html(len(pages), n, [(d, f"文章{d}") for d in page_ids]))
        for doc_id, html in self.articles.items():
            self.serve(article_path(doc_id), html)

    def serve(self, path: str, html: str) -> None:
        body = html.encode("utf-8")

        def answer(hit: Hit) -> Answer:
            etag = self.etags.get(path) or f'"{hashlib.sha256(body).hexdigest()[:16]}"'
            if hit.headers.get("If-None-Match") == etag:
                return Answer(304, b"", {"ETag": etag})
            return Answer(200, body, {"ETag": etag})

        self.site.route(path, answer)

    @property
    def list_url(self) -> str:
        return self.site.url(COLUMN + "index.html")

    def requests(self) -> list[tuple[str, str | None]]:
        """(path, If-None-Match sent) of every request since the last clear()."""
        return [(hit.path, hit.headers.get("If-None-Match")) for hit in self.site.hits]


@pytest.fixture
def column(site: LocalSite) -> EtagColumn:
    return EtagColumn(site)


@pytest.fixture
def home(tmp_path: Path, monkeypatch) -> Paths:
    monkeypatch.delenv("GOVREPORTS_WAREHOUSE", raising=False)
    return Paths(tmp_path)


def night(column: EtagColumn, home: Paths, run_id: str, **options: object) -> dict:
    """One harvest of the column, loaded; returns the landing batch."""
    column.site.hits.clear()
    result = harvest_source(make_source(column.list_url), run_id=run_id, home=home.home, **options)
    batch = read_batch(result.landing_path)
    load_landing(home)
    return batch


def age_last_full_walk(home: Paths, days: int) -> None:
    """Pretend the last full walk was `days` ago (the loader wrote it as tonight)."""
    state = read_seen_state(home.state, "test-source")
    write_seen(home.state, "test-source", state.documents, list_pages=state.list_pages,
               last_full_walk_at=(datetime.now(UTC) - timedelta(days=days)).isoformat())


def test_first_night_is_a_complete_full_walk(column, home) -> None:
    batch = night(column, home, "n1")
    stats = batch["stats"]
    assert (stats["full_walk"], stats["walk_complete"]) == (True, True)
    assert len(batch["documents"]) == 4 and batch["vanished"] == []
    state = read_seen_state(home.state, "test-source")
    assert state.last_full_walk_at is not None
    known = state.documents[column.site.url(article_path(101))]
    assert known["etag"] and known["body_sha256"]      # validators for next time
    assert column.list_url in state.list_pages


def test_a_quiet_night_asks_for_the_first_list_page_conditionally(column, home) -> None:
    night(column, home, "n1")
    batch = night(column, home, "n2")
    stats = batch["stats"]
    assert (stats["full_walk"], stats["walk_complete"]) == (False, False)
    # robots.txt, then list page 1 with its ETag: 304, parsed from the raw store, all known.
    paths = [path for path, _ in column.requests()]
    assert paths == ["/robots.txt", COLUMN + "index.html"]
    assert column.requests()[1][1] is not None
    assert stats["not_modified"] == 1 and stats["articles_known"] == 2
    assert batch["documents"] == [] and batch["outcome"] == "ok"
    assert [f["status"] for f in batch["fetches"] if f["purpose"] == "list"] == [304]


def test_a_due_full_walk_rechecks_every_article_conditionally(column, home) -> None:
    night(column, home, "n1")
    age_last_full_walk(home, days=8)          # the default period is 7 days
    column.articles[102] = article_html(102, "文章102", "<p>（已修订）</p>")
    column.publish()
    batch = night(column, home, "n2")
    stats = batch["stats"]
    assert (stats["full_walk"], stats["walk_complete"]) == (True, True)
    article_requests = [(p, etag) for p, etag in column.requests() if "/t2024" in p]
    assert len(article_requests) == 4 and all(etag for _, etag in article_requests)
    assert stats["articles_unchanged"] == 3 and stats["not_modified"] >= 3
    (changed,) = batch["documents"]
    assert changed["url"] == column.site.url(article_path(102)) and "已修订" in changed["text"]
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        assert con.execute("select documents_changed, documents_new, full_walk from raw.harvest_runs "
                           "where run_id = 'n2'").fetchone() == (1, 0, True)
        versions = con.execute("select count(*) from raw.documents where url = ?",
                               [changed["url"]]).fetchone()[0]
    assert versions == 2                      # the old version is kept, not overwritten


def test_a_new_etag_on_the_same_bytes_is_unchanged(column, home) -> None:
    night(column, home, "n1")
    for doc_id in column.articles:
        column.etags[article_path(doc_id)] = '"rotated-every-request"'
    batch = night(column, home, "n2", full_walk=True)
    stats = batch["stats"]
    assert stats["articles_unchanged"] == 4 and batch["documents"] == []
    statuses = [f["status"] for f in batch["fetches"] if f["purpose"] == "article"]
    assert statuses == [200, 200, 200, 200]   # validators lied; the body hash said "same"


def test_a_document_gone_from_a_full_walk_is_marked_vanished(column, home) -> None:
    night(column, home, "n1")
    del column.articles[103]
    column.site.route(article_path(103), Answer(404, b"gone"))
    column.publish()
    batch = night(column, home, "n2", full_walk=True)
    gone_url = column.site.url(article_path(103))
    assert batch["vanished"] == [{"document_id": hashlib.sha256(gone_url.encode()).hexdigest(),
                                  "url": gone_url}]
    assert batch["stats"]["documents_vanished"] == 1
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        count, listed = con.execute("select documents_vanished, vanished_documents ->> '$[0].url' "
                                    "from raw.harvest_runs where run_id = 'n2'").fetchone()
    assert (count, listed) == (1, gone_url)


def test_nothing_is_marked_vanished_when_the_walk_did_not_finish(column, home) -> None:
    night(column, home, "n1")
    column.site.route(COLUMN + "index_1.html", Answer(500, b"oops"))
    batch = night(column, home, "n2", full_walk=True)
    assert batch["stats"]["walk_complete"] is False
    assert batch["vanished"] == [] and batch["stats"]["documents_vanished"] == 0
    assert batch["outcome"] == "partial"


def test_a_list_page_304_without_its_stored_body_is_asked_again(column, home) -> None:
    night(column, home, "n1")
    state = read_seen_state(home.state, "test-source")
    stored = state.list_pages[column.list_url]["body_sha256"]
    (home.raw / "sha256" / stored[:2] / stored).unlink()
    batch = night(column, home, "n2")
    assert column.requests()[1] == (COLUMN + "index.html", None)   # unconditional
    assert batch["stats"]["not_modified"] == 0 and batch["outcome"] == "ok"
