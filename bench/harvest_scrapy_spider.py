"""Scrapy crawling the benchmark's TRS column the way a Scrapy user would, for comparison.

Same work as our harvester, as far as Scrapy goes by itself: robots.txt obeyed, one request at
a time, no delay; list pages from the `createPageHTML` count, every article fetched, decoded
(Scrapy's own header/meta/BOM rules), title and body text extracted with CSS/XPath, each body
stored by sha256 and one JSON line per article (a feed export).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import scrapy
from scrapy.crawler import CrawlerProcess

_PAGE_COUNT = re.compile(r'createPageHTML\((\d+),\s*(\d+),\s*"([^"]+)",\s*"([^"]+)"')


class ReportColumnSpider(scrapy.Spider):
    name = "report_column"

    def __init__(self, start_url: str, store: Path, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.start_urls = [start_url]
        self.store = store

    def parse(self, response: scrapy.http.Response):
        yield from self.parse_list(response)
        found = _PAGE_COUNT.search(response.text)
        if found:
            count, _, name, ext = found.groups()
            for page in range(1, int(count)):
                yield response.follow(f"{name}_{page}.{ext}", callback=self.parse_list)

    def parse_list(self, response: scrapy.http.Response):
        for href in response.css("ul.list a::attr(href)").getall():
            yield response.follow(href, callback=self.parse_article)

    def parse_article(self, response: scrapy.http.Response):
        sha256 = hashlib.sha256(response.body).hexdigest()
        target = self.store / sha256[:2] / sha256
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(response.body)
        yield {
            "url": response.url,
            "body_sha256": sha256,
            "title": response.css('meta[name="ArticleTitle"]::attr(content)').get()
            or response.css("title::text").get(),
            "meta": dict(zip(response.css("meta[name]::attr(name)").getall(),
                             response.css("meta[name]::attr(content)").getall(), strict=False)),
            "text": "\n".join(t.strip() for t in response.css("div.TRS_Editor ::text").getall()
                              if t.strip()),
        }


def crawl(start_url: str, home: Path) -> dict[str, int]:
    process = CrawlerProcess(settings={
        "ROBOTSTXT_OBEY": True,
        "CONCURRENT_REQUESTS": 1,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "USER_AGENT": "govreports-bench-scrapy (+local fixture)",
        "FEEDS": {str(home / "items.jsonl"): {"format": "jsonlines", "encoding": "utf8"}},
    })
    crawler = process.create_crawler(ReportColumnSpider)
    process.crawl(crawler, start_url=start_url, store=home / "raw")
    process.start()
    stats = crawler.stats.get_stats()
    return {"pages": stats.get("downloader/response_status_count/200", 0),
            "articles": stats.get("item_scraped_count", 0)}
