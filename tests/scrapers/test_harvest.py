"""harvest_source end to end against a small local TRS site: one landing file per batch."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import pytest
from scraper_site import Answer, LocalSite, make_source
from test_text_extraction import make_pdf

from scrapers import harvest as harvest_module
from scrapers.harvest import batch_id_for, harvest_source
from scrapers.landing import read_batch
from scrapers.rawstore import RawStore
from scrapers.seen import write_seen

COLUMN = "/fzzf/"
REPORT_PDF = make_pdf([["2023年度法治政府建设情况报告"], ["第二页"]])


def article_html(doc_id: int, title: str, extra: str = "") -> str:
    return f"""<html><head><meta charset="utf-8"><title>{title}_某区人民政府</title>
<meta name="SiteIDCode" content="3205820001"><meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="2024-03-0{doc_id % 9} 10:00"></head>
<body><div class="nav">首页 &gt; 法治政府建设</div><div id="zoom"><div class="TRS_Editor">
<p>{title}正文第一段。</p><p>第二段 {doc_id}。</p>{extra}</div></div></body></html>"""


def list_html(count: int, current: int, items: list[tuple[int, str]]) -> str:
    lis = "".join(f'<li><a href="./202403/t2024030{d % 9}_{d}.html" title="{t}">{t}</a>'
                  f"<span>2024-03-0{d % 9}</span></li>" for d, t in items)
    return (f'<html><head><meta charset="utf-8"></head><body><ul class="list">{lis}</ul>'
            f'<script>createPageHTML({count}, {current}, "index", "html");</script></body></html>')


def article_path(doc_id: int) -> str:
    return f"{COLUMN}202403/t2024030{doc_id % 9}_{doc_id}.html"


class TrsFixture:
    """Two list pages, five articles; article 101 carries the report as a PDF attachment."""

    def __init__(self, site: LocalSite) -> None:
        self.site = site
        self.items = [(105, "通知五"), (104, "新闻四"), (103, "公告三"), (102, "新闻二"),
                      (101, "2023年度法治政府建设情况报告")]
        site.route("/robots.txt", Answer(200, b"User-agent: *\nDisallow: /admin/\n"))
        for doc_id, title in self.items:
            extra = ""
            if doc_id == 101:
                extra = '<p>附件：<a href="./P020240301.pdf">报告全文.pdf</a></p>'
            site.page(article_path(doc_id), article_html(doc_id, title, extra))
        site.route(f"{COLUMN}202403/P020240301.pdf",
                   Answer(200, REPORT_PDF, {"Content-Type": "application/pdf"}))
        self.publish()

    def publish(self) -> None:
        pages = [self.items[:3], self.items[3:]]
        for n, items in enumerate(pages):
            name = "index.html" if n == 0 else f"index_{n}.html"
            self.site.page(COLUMN + name, list_html(len(pages), n, items))

    def add(self, doc_id: int, title: str) -> None:
        self.site.page(article_path(doc_id), article_html(doc_id, title))
        self.items.insert(0, (doc_id, title))
        self.publish()

    @property
    def list_url(self) -> str:
        return self.site.url(COLUMN + "index.html")

    def article_hits(self) -> list[str]:
        return [p for p in self.site.paths() if "/t2024" in p]


def remember(home: Path, landing_path: Path, **state: object) -> None:
    """What the warehouse loader does after loading: write the seen state (a full walk just
    done, unless `last_full_walk_at` says otherwise)."""
    batch = read_batch(landing_path)
    state.setdefault("last_full_walk_at", batch["started_at"])
    write_seen(home / "state", batch["source"]["id"], {
        d["url"]: {"content_sha256": d["content_sha256"], "body_sha256": d["body_sha256"],
                   "list_date": d["list_date"]} for d in batch["documents"]
    }, **state)


@pytest.fixture
def trs_site(site: LocalSite) -> TrsFixture:
    return TrsFixture(site)


def test_first_run_fetches_every_article_into_one_landing_file(tmp_path, trs_site) -> None:
    source = make_source(trs_site.list_url)
    messages: list[str] = []
    result = harvest_source(source, run_id="scheduled__2026-11-21T18:00:00+00:00",
                            home=tmp_path, progress=messages.append)
    assert result.outcome == "ok" and result.error_class is None
    assert result.batch_id == "scheduled__2026-11-21T18-00-00-00-00__test-source"
    assert result.landing_path == tmp_path / "landing" / f"{result.batch_id}.json"
    assert (result.list_pages, result.articles_fetched, result.documents) == (2, 5, 5)
    assert result.pages_requested == 1 + 2 + 5 + 1      # robots, lists, articles, the PDF
    assert any(m.startswith("list page 1:") for m in messages)

    batch = read_batch(result.landing_path)
    assert batch["outcome"] == "ok" and batch["source"]["id"] == "test-source"
    assert batch["stats"]["items_seen"] == 5 and batch["stats"]["errors"] == {}
    purposes = [f["purpose"] for f in batch["fetches"]]
    assert purposes.count("robots") == 1 and purposes.count("list") == 2
    assert purposes.count("article") == 5 and purposes.count("attachment") == 1
    assert len({f["fetch_id"] for f in batch["fetches"]}) == len(batch["fetches"])

    store = RawStore(tmp_path / "raw")
    for fetch in batch["fetches"]:
        assert store.has(fetch["body_sha256"])           # every body kept

    documents = {d["list_title"]: d for d in batch["documents"]}
    report = documents["2023年度法治政府建设情况报告"]
    url = trs_site.site.url(article_path(101))
    assert report["url"] == url
    assert report["document_id"] == hashlib.sha256(url.encode()).hexdigest()
    assert report["list_date"] == "2024-03-02"
    assert report["page_title"] == "2023年度法治政府建设情况报告"
    assert report["meta"]["SiteIDCode"] == "3205820001"
    assert report["text"].splitlines()[0] == "2023年度法治政府建设情况报告正文第一段。"
    assert "首页" not in report["text"]                  # the body only, not the nav
    assert report["charset"]["used"] == "utf-8"
    (attachment,) = report["attachments"]
    assert attachment["media_type"] == "application/pdf"
    assert attachment["extract_status"] == "ok" and attachment["page_count"] == 2
    assert "2023年度法治政府建设情况报告" in attachment["text"].split("\f")[0]
    assert store.get(attachment["body_sha256"]) == REPORT_PDF
    expected = hashlib.sha256(
        (report["text"] + "\n" + attachment["body_sha256"]).encode()).hexdigest()
    assert report["content_sha256"] == expected


def test_second_run_fetches_no_article_pages(tmp_path, trs_site) -> None:
    source = make_source(trs_site.list_url)
    first = harvest_source(source, run_id="night1", home=tmp_path)
    remember(tmp_path, first.landing_path)
    trs_site.site.hits.clear()

    second = harvest_source(source, run_id="night2", home=tmp_path)
    assert second.outcome == "ok"
    assert trs_site.article_hits() == []
    assert second.documents == 0 and second.articles_fetched == 0
    assert second.list_pages == 1 and second.articles_known == 3   # stopped after page 1
    assert (tmp_path / "landing" / "night2__test-source.json").exists()

    trs_site.add(106, "新发布的2024年报告")
    trs_site.site.hits.clear()
    third = harvest_source(source, run_id="night3", home=tmp_path)
    assert trs_site.article_hits() == [article_path(106)]
    assert third.documents == 1


def test_site_down_gives_a_failed_landing_file(tmp_path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    source = make_source(f"http://127.0.0.1:{port}{COLUMN}index.html")
    result = harvest_source(source, run_id="night1", home=tmp_path)
    assert result.outcome == "failed" and result.error_class == "connect"
    assert "Connection refused" in result.error_message
    batch = read_batch(result.landing_path)
    assert batch["outcome"] == "failed" and batch["error_class"] == "connect"
    assert batch["documents"] == [] and batch["stats"]["errors"] == {"connect": 1}
    assert batch["fetches"] and all(f["error_class"] == "connect" for f in batch["fetches"])


def test_failing_articles_make_a_partial_batch(tmp_path, trs_site) -> None:
    trs_site.site.route(article_path(104), Answer(500, b"oops"))
    trs_site.site.page(article_path(103), "<html><body><p>不是 TRS 的页面</p></body></html>")
    result = harvest_source(make_source(trs_site.list_url), run_id="n", home=tmp_path)
    assert result.outcome == "partial"
    assert result.documents == 3
    assert result.error_class == "http_5xx" and "1 more failures" in result.error_message
    batch = read_batch(result.landing_path)
    assert batch["stats"]["errors"] == {"http_5xx": 1, "parse": 1}
    parse_failed = [f for f in batch["fetches"] if f["error_class"] == "parse"]
    assert [f["url"] for f in parse_failed] == [trs_site.site.url(article_path(103))]
    assert parse_failed[0]["status"] == 200 and parse_failed[0]["body_sha256"]


def test_unreadable_list_page_fails_with_parse(tmp_path, site: LocalSite) -> None:
    site.route(COLUMN + "index.html", Answer(200, bytes(range(256)) * 8))
    result = harvest_source(make_source(site.url(COLUMN + "index.html")), run_id="n",
                            home=tmp_path)
    assert result.outcome == "failed" and result.error_class == "parse"
    batch = read_batch(result.landing_path)
    (listed,) = [f for f in batch["fetches"] if f["purpose"] == "list"]
    assert listed["error_class"] == "parse" and listed["body_sha256"]


def test_blocked_list_page(tmp_path, site: LocalSite) -> None:
    site.route(COLUMN + "index.html", Answer(412, b"<script>__jsl_clearance=1</script>"))
    result = harvest_source(make_source(site.url(COLUMN + "index.html")), run_id="n",
                            home=tmp_path)
    assert (result.outcome, result.error_class) == ("failed", "blocked")


def test_a_list_item_that_is_a_pdf_is_a_document(tmp_path, site: LocalSite) -> None:
    site.page(COLUMN + "index.html",
              '<ul><li><a href="./202403/t20240301_9.pdf">报告</a><span>2024-03-01</span></li>'
              "</ul>")
    site.route(COLUMN + "202403/t20240301_9.pdf", Answer(200, REPORT_PDF))
    result = harvest_source(make_source(site.url(COLUMN + "index.html")), run_id="n",
                            home=tmp_path)
    assert result.outcome == "ok"
    (document,) = read_batch(result.landing_path)["documents"]
    assert document["text"] == "" and document["page_title"] is None
    (attachment,) = document["attachments"]
    assert attachment["url"] == document["url"] and attachment["page_count"] == 2
    assert attachment["body_sha256"] == document["body_sha256"]
    assert site.paths().count(COLUMN + "202403/t20240301_9.pdf") == 1


def test_an_unreachable_attachment_is_recorded_on_the_document(tmp_path, trs_site) -> None:
    trs_site.site.route(f"{COLUMN}202403/P020240301.pdf", Answer(404, b"gone"))
    result = harvest_source(make_source(trs_site.list_url), run_id="n", home=tmp_path)
    assert result.outcome == "partial" and result.documents == 5
    batch = read_batch(result.landing_path)
    report = next(d for d in batch["documents"] if d["attachments"])
    assert report["attachments"][0]["extract_status"] == "fetch_failed"
    assert "404" in report["attachments"][0]["error_message"]


def test_a_bug_still_writes_the_landing_file(tmp_path, trs_site, monkeypatch) -> None:
    def broken(self, list_url, fetch):
        raise RuntimeError("adapter bug")
        yield  # pragma: no cover

    monkeypatch.setattr(harvest_module.platform_for(make_source(trs_site.list_url)).__class__,
                        "walk", broken)
    result = harvest_source(make_source(trs_site.list_url), run_id="n", home=tmp_path)
    assert (result.outcome, result.error_class) == ("failed", "other")
    assert "RuntimeError: adapter bug" in result.error_message
    assert read_batch(result.landing_path)["error_class"] == "other"


def test_batch_ids_are_safe_file_names() -> None:
    assert batch_id_for("manual__2026-11-21T02:00:00+08:00", "zjg") == (
        "manual__2026-11-21T02-00-00-08-00__zjg")
    assert "/" not in batch_id_for("../../etc", "zjg")
    assert not batch_id_for("../../etc", "zjg").startswith(".")
