"""A warehouse file whose raw layer holds what one night's harvest of the demo sites would load.

Rows are written as the loader would write them from landing files: one source per site (with
the registry's district code, except the aggregator), the five seed reports as published (the
张家港 report only as a PDF attachment behind a stub page), two news items that are not reports,
an older version of one report, and harvest runs including a source that could not be reached.
The seed texts come from the project's own copy in demo_sites/corpus.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from warehouse.raw_schema import ensure_raw_schema

CORPUS = Path(__file__).resolve().parents[2] / "demo_sites" / "corpus"
RUN_ID = "2026-11-20T18-00-00Z"
EARLIER_RUN_ID = "2026-11-19T18-00-00Z"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seed_text(prefix: str) -> str:
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Source:
    source_id: str
    name: str
    platform: str
    district_code: str | None
    agency: str | None
    base_url: str


SOURCES = [
    Source("zjg-tyjrswj-fzzf", "张家港市退役军人事务局 法治政府建设专栏", "trs", "320582",
           "张家港市退役军人事务局", "http://127.0.0.1:18801"),
    Source("huadu-tyjrswj-fzzf", "广州市花都区退役军人事务局 法治政府建设", "gkmlpt", "440114",
           "广州市花都区退役军人事务局", "http://127.0.0.1:18802"),
    Source("spb-tyjrswj-fzzf", "重庆市沙坪坝区退役军人事务局 法治政府建设", "trs", "500106",
           "重庆市沙坪坝区退役军人事务局", "http://127.0.0.1:18803"),
    Source("jiefang-tyjrswj-fzzf", "焦作市解放区退役军人事务局 法治政府建设", "hanweb", "410802",
           "焦作市解放区退役军人事务局", "http://127.0.0.1:18804"),
    Source("bgzjy-fzzf", "笔杆儿网 法治政府建设总结", "generic", None, None,
           "http://127.0.0.1:18805"),
    Source("down-fzzf", "不可达的站点", "generic", "320582", None, "http://127.0.0.1:18809"),
]
SOURCE = {source.source_id: source for source in SOURCES}
DOWN_SOURCE = "down-fzzf"


@dataclass(frozen=True)
class Page:
    """An article page as the harvester records it."""

    key: str                      # how the tests name it
    source_id: str
    path: str
    page_title: str
    text: str
    list_date: str | None = None
    meta: dict | None = None
    pdf_text: str | None = None   # text of a PDF attachment


def demo_pages() -> list[Page]:
    zjg_title = "张家港市退役军人事务局2020年度法治政府建设情况报告"
    return [
        Page(
            "000", "zjg-tyjrswj-fzzf", "/tyjrswj/fzzfjs/202101/t20210125_1234567.html",
            zjg_title,
            # The page is a stub: the report itself is the PDF.
            f"{zjg_title}\n\n附件：{zjg_title}.pdf",
            list_date="2021-01-25",
            meta={"SiteName": "张家港市人民政府", "ColumnName": "法治政府建设"},
            pdf_text=seed_text("000"),
        ),
        Page(
            "001", "huadu-tyjrswj-fzzf", "/hdtyjrswj/gkmlpt/content/8/8761/post_8761234.html",
            "广州市花都区退役军人事务局2022年法治政府建设年度报告",
            seed_text("001"),
            meta={
                "ArticleTitle": "广州市花都区退役军人事务局2022年法治政府建设年度报告",
                "PubDate": "2023-01-11 15:41",
                "ContentSource": "花都区退役军人事务局局",
                "SiteName": "广州市花都区人民政府门户网站",
            },
        ),
        Page(
            "002", "spb-tyjrswj-fzzf", "/zwgk_tyjrswj/fzzfjs/202201/t20220118_10305522.html",
            "区退役军人事务局2021年度法治政府建设情况报告",
            seed_text("002"),
            list_date="2022-01-18",
        ),
        Page(
            "003", "bgzjy-fzzf", "/fanwen/zongjie/98765.html",
            "区退役军人事务局2022年度法治政府建设总结",
            seed_text("003"),
            list_date="2023-02-16",
        ),
        Page(
            "004", "jiefang-tyjrswj-fzzf", "/art/2024/1/16/art_3047_223344.html",
            "解放区退役军人事务局关于2023年法治政府建设情况的报告",
            seed_text("004"),
            list_date="2024-01-16",
            meta={"SiteName": "焦作市解放区人民政府"},
        ),
        Page(
            "news-zjg", "zjg-tyjrswj-fzzf", "/tyjrswj/fzzfjs/202103/t20210305_1250001.html",
            "市退役军人事务局召开2021年法治政府建设工作推进会",
            "3月5日上午，市退役军人事务局召开2021年法治政府建设工作推进会，"
            "总结2020年度法治政府建设工作，部署2021年重点任务。",
            list_date="2021-03-05",
        ),
        Page(
            "news-huadu", "huadu-tyjrswj-fzzf", "/hdtyjrswj/gkmlpt/content/8/8762/post_8762001.html",
            "关于印发《花都区退役军人事务局2023年法治政府建设工作要点》的通知",
            "局属各单位：现将《花都区退役军人事务局2023年法治政府建设工作要点》印发给你们，"
            "请认真贯彻落实。",
            meta={"PubDate": "2023-03-02 09:00"},
        ),
    ]


@dataclass
class RawWarehouse:
    path: Path
    pages: dict[str, Page]

    def document_id(self, key: str) -> str:
        page = self.pages[key]
        return sha256(SOURCE[page.source_id].base_url + page.path)

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        con = duckdb.connect(str(self.path), read_only=True)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()


def write_raw_layer(path: Path) -> RawWarehouse:
    """Fill raw.* of a new warehouse file as the loader would after one night (and a bit)."""
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    night = now - timedelta(hours=2)
    pages = {page.key: page for page in demo_pages()}

    con = duckdb.connect(str(path))
    try:
        ensure_raw_schema(con)
        for source in SOURCES:
            entry = {
                "id": source.source_id, "name": source.name, "platform": source.platform,
                "district_code": source.district_code, "agency": source.agency,
                "list_urls": [f"{source.base_url}/index.html"], "enabled": True, "verified": True,
            }
            entry_json = json.dumps(entry, ensure_ascii=False, sort_keys=True)
            con.execute(
                "insert into raw.sources values (?, ?, ?, ?, ?, ?, ?, ?)",
                [source.source_id, sha256(entry_json), source.name, source.platform,
                 source.district_code, source.agency, entry_json, now],
            )

        for source in SOURCES:
            batch_id = f"{RUN_ID}__{source.source_id}"
            failed = source.source_id == DOWN_SOURCE
            documents = [page for page in pages.values() if page.source_id == source.source_id]
            con.execute(
                "insert into raw.landing_files values (?, ?, ?, ?, ?, ?)",
                [batch_id, f"{batch_id}.json", sha256(batch_id), RUN_ID, source.source_id, now],
            )
            con.execute(
                """insert into raw.harvest_runs values
                   (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, null)""",
                [
                    batch_id, RUN_ID, source.source_id, night, night + timedelta(seconds=3),
                    "failed" if failed else "ok",
                    "connect" if failed else None,
                    "connection refused: 127.0.0.1:18809" if failed else None,
                    2 if failed else 2 + len(documents),   # pages_requested (robots + list + …)
                    0 if failed else 1,                     # list_pages
                    0,                                      # not_modified
                    0 if failed else len(documents),        # articles_fetched
                    0,                                      # articles_known
                    0 if failed else len(documents),        # items_seen
                    None if failed else len(documents),     # items_declared
                    0 if failed else 50_000,                # bytes_fetched
                    0 if failed else len(documents),        # documents_new
                    0,                                      # documents_changed
                    json.dumps({"connect": 2} if failed else {}),
                    now,
                    True,                                   # full_walk (a first night)
                    not failed,                             # walk_complete
                ],
            )
            if failed:
                con.execute(
                    "insert into raw.fetches values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [sha256(batch_id + "0"), batch_id, source.source_id,
                     f"{source.base_url}/robots.txt", None, "GET", "robots", None, night, 3,
                     None, None, None, "{}", "connect", "connection refused", now],
                )

        # The same source a night earlier, for harvest history.
        earlier_batch = f"{EARLIER_RUN_ID}__bgzjy-fzzf"
        con.execute(
            """insert into raw.harvest_runs values
               (?, ?, ?, ?, ?, 'ok', null, null, 2, 1, 0, 0, 1, 1, 1, 1000, 0, 0, '{}', ?,
                true, true, 0, 0, null)""",
            [earlier_batch, EARLIER_RUN_ID, "bgzjy-fzzf", night - timedelta(days=1),
             night - timedelta(days=1) + timedelta(seconds=2), now - timedelta(days=1)],
        )

        for page in pages.values():
            source = SOURCE[page.source_id]
            url = source.base_url + page.path
            document_id = sha256(url)
            batch_id = f"{RUN_ID}__{source.source_id}"
            attachment_hash = sha256(page.pdf_text) if page.pdf_text else ""
            content_sha256 = sha256(page.text + attachment_hash)
            con.execute(
                "insert into raw.fetches values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [sha256(batch_id + page.key), batch_id, source.source_id, url, url, "GET",
                 "article", 200, night, 40, sha256("body" + page.key), 9000,
                 "text/html; charset=utf-8", "{}", None, None, now],
            )
            con.execute(
                "insert into raw.documents values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [document_id, content_sha256, batch_id, source.source_id, url,
                 sha256("body" + page.key), night, page.page_title, page.list_date,
                 page.page_title, json.dumps(page.meta or {}, ensure_ascii=False), page.text,
                 json.dumps({"header": "utf-8", "used": "utf-8"}), now],
            )
            if page.pdf_text:
                pdf_url = url.rsplit("/", 1)[0] + "/P020210125123456.pdf"
                con.execute(
                    """insert into raw.attachments values
                       (?, ?, ?, ?, ?, ?, 'application/pdf', ?, ?, ?, 'ok', null, ?, ?)""",
                    [sha256(pdf_url), document_id, content_sha256, pdf_url,
                     f"{page.page_title}.pdf", attachment_hash, 180_000, page.pdf_text, 3,
                     batch_id, now],
                )

        # An older version of the 花都 report, fetched the night before: the latest must win.
        huadu = pages["001"]
        huadu_url = SOURCE[huadu.source_id].base_url + huadu.path
        old_text = huadu.text[:1000]
        con.execute(
            "insert into raw.documents values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [sha256(huadu_url), sha256(old_text), f"{EARLIER_RUN_ID}__{huadu.source_id}",
             huadu.source_id, huadu_url, sha256("old"), night - timedelta(days=1),
             huadu.page_title, None, huadu.page_title,
             json.dumps(huadu.meta, ensure_ascii=False), old_text, "{}", now - timedelta(days=1)],
        )
    finally:
        con.close()
    return RawWarehouse(path=path, pages=pages)
