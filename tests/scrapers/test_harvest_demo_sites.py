"""harvest_source over every bundled demo government site (demo_sites/), twice.

The demo sites follow the platform reference (TRS, Chongqing TRS, gkmlpt, Hanweb in GB18030,
a generic aggregator), plus a site answering garbage and one that is down.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scrapers.harvest import harvest_source
from scrapers.landing import read_batch
from scrapers.registry import SourceEntry, load_registry
from scrapers.seen import write_seen

DemoSites = pytest.importorskip("demo_sites.server").DemoSites

EXPECTED = {     # source id -> (outcome, error class)
    "zjg-tyjrswj-fzzf": ("ok", None),
    "huadu-tyjrswj-fzzf": ("ok", None),
    "spb-tyjrswj-fzzf": ("ok", None),
    "jiefang-tyjrswj-fzzf": ("ok", None),
    "bgzjy-fazhi": ("ok", None),
    "demo-garbage": ("failed", "parse"),
    "demo-down": ("failed", "connect"),
}


@pytest.fixture(scope="module")
def demo_sources(tmp_path_factory) -> Iterator[dict[str, SourceEntry]]:
    sites = DemoSites().start(port_base=0)
    registry = load_registry(sites.write_registry(tmp_path_factory.mktemp("demo") / "demo.yml"))
    assert registry.problems == []
    # Real retry behaviour, shorter pauses: the down site is retried, just not for seconds.
    quick = {s.id: s.model_copy(update={"politeness": s.politeness.model_copy(
        update={"backoff_seconds": 0.05})}) for s in registry.sources}
    yield quick
    sites.stop()


@pytest.fixture(scope="module")
def first_night(demo_sources, tmp_path_factory) -> tuple[Path, dict]:
    home = tmp_path_factory.mktemp("home")
    results = {sid: harvest_source(s, run_id="demo-night-1", home=home)
               for sid, s in demo_sources.items()}
    return home, results


def test_registry_covers_every_demo_source(demo_sources) -> None:
    assert set(demo_sources) == set(EXPECTED)


@pytest.mark.parametrize("source_id", sorted(EXPECTED))
def test_first_night_outcome(first_night, source_id: str) -> None:
    _, results = first_night
    result = results[source_id]
    assert (result.outcome, result.error_class) == EXPECTED[source_id], result.error_message
    batch = read_batch(result.landing_path)
    if result.outcome == "ok":
        assert result.documents > 0 and result.documents == len(batch["documents"])
        assert all(d["text"] or d["attachments"] for d in batch["documents"])
        assert batch["stats"]["items_seen"] >= result.documents
    else:
        assert batch["documents"] == []


def documents(first_night, source_id: str) -> list[dict]:
    _, results = first_night
    return read_batch(results[source_id].landing_path)["documents"]


def test_zjg_report_pdf_attachment_is_extracted(first_night) -> None:
    attachments = [a for d in documents(first_night, "zjg-tyjrswj-fzzf") for a in d["attachments"]]
    (report,) = attachments
    assert report["media_type"] == "application/pdf" and report["extract_status"] == "ok"
    assert "法治政府" in report["text"] and report["page_count"] >= 1


def test_huadu_body_comes_from_config_detail(first_night) -> None:
    longest = max(documents(first_night, "huadu-tyjrswj-fzzf"), key=lambda d: len(d["text"]))
    assert "法治政府建设" in longest["page_title"]
    assert len(longest["text"]) > 1000
    assert "访问量" not in longest["text"]        # the body, not the template around it


def test_jiefang_gb18030_pages_decode(first_night) -> None:
    docs = documents(first_night, "jiefang-tyjrswj-fzzf")
    assert {d["charset"]["used"] for d in docs} == {"gb18030"}
    assert {d["charset"]["meta"] for d in docs} == {"gb2312"}
    assert not any("\ufffd" in d["text"] for d in docs)


def test_second_night_fetches_no_article_pages(first_night, demo_sources) -> None:
    home, results = first_night
    for sid, result in results.items():
        batch = read_batch(result.landing_path)
        write_seen(home / "state", sid, {d["url"]: {"content_sha256": d["content_sha256"]}
                                         for d in batch["documents"]},
                   last_full_walk_at=batch["started_at"])
    for sid, source in demo_sources.items():
        again = harvest_source(source, run_id="demo-night-2", home=home)
        assert again.outcome == EXPECTED[sid][0]
        batch = read_batch(again.landing_path)
        assert [f["url"] for f in batch["fetches"] if f["purpose"] == "article"] == [], sid
        if again.outcome == "ok":
            assert again.list_pages == 1 and again.articles_known > 0
