"""TRS WCM (拓尔思): static list pages `index.html`, `index_1.html`, … with the page count in
inline JavaScript, articles at `<column>/YYYYMM/tYYYYMMDD_<docid>.html`.

Pagination forms seen in the wild (all read here):
  createPageHTML(34, 0, "index", "htm")                         count, current (from 0), name, ext
  createPageHTML('page_div', 34, 1, 'index', 'shtml', 1000)     div, count, current, name, ext, total
  //wcm分页，总记录：N  createPage(34, 0, "index", "html")         Chongqing
  var countPage = 34 / totalPage / pageCount                     name and ext from the list URL

List items: by default every link shaped like a TRS article URL (or straight to a PDF/DOC…
attachment). Options: `item_selector` (CSS for the list links, when that default catches a
sidebar too, or misses items).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from scrapers.platforms import page_parts
from scrapers.platforms.base import PageFetcher, Platform
from scrapers.platforms.parsed import ListPage
from scrapers.selectors import select
from scrapers.text.html import parse_html
from scrapers.urls import absolute_url

# t20210406_123.html, t20210406_123_1.shtml (multi-page articles), .htm
ARTICLE_HREF = re.compile(r"(?:^|/)t\d{8}_\d+(?:_\d+)?\.s?html?(?:$|[?#])", re.I)

_Q = r"""['"]"""
_NAME = rf"{_Q}([^'\"]+){_Q}"
_PAGE_DIV = re.compile(
    rf"createPageHTML\(\s*{_Q}[^'\"]*{_Q}\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*{_NAME}\s*,\s*{_NAME}"
    rf"\s*(?:,\s*(\d+))?"
)
_CLASSIC = re.compile(rf"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*{_NAME}\s*,\s*{_NAME}")
_CHONGQING = re.compile(rf"\bcreatePage\(\s*(\d+)\s*,\s*(\d+)\s*,\s*{_NAME}\s*,\s*{_NAME}")
_CHONGQING_TOTAL = re.compile(r"wcm分页\s*[,，]\s*总记录\s*[:：]\s*(\d+)")
_COUNT_VARIABLE = re.compile(r"\b(?:countPage|totalPage|pageCount)\s*[=:]\s*['\"]?(\d+)")
_RECORD_VARIABLE = re.compile(r"\b(?:recordCount|totalRecord|totalCount)\s*[=:]\s*['\"]?(\d+)")


class TrsPlatform(Platform):
    name = "trs"
    body_selectors = (
        "div.TRS_Editor",
        "div.trs_editor_view",
        "div.TRS_UEDITOR",
        "div.TRS_PreAppend",
        "#zoom",
    )

    def walk(self, list_url: str, fetch: PageFetcher) -> Iterator[ListPage]:
        first = fetch(list_url)
        page = self.parse_list(first.final_url, first.text)
        yield page
        page_count = min(page.page_count or 1, self.max_list_pages)
        name = page.pagination.get("page_name", "index")
        ext = page.pagination.get("page_ext", "html")
        for number in range(2, page_count + 1):
            # Page n is index_{n-1}, in the same folder as the first page.
            url = absolute_url(first.final_url, f"{name}_{number - 1}.{ext}")
            fetched = fetch(url)
            yield self.parse_list(fetched.final_url, fetched.text)

    def parse_list(self, url: str, text: str) -> ListPage:
        root = parse_html(text)
        selector = self.options.get("item_selector")
        if selector:
            anchors = [
                tag if tag.tag == "a" else next((a for a in tag.iterdescendants("a") if a.get("href")), None)
                for tag in select(root, selector)
            ]
        else:
            anchors = [a for a in root.iter("a") if a.get("href") and _is_item_link(a.get("href"), url)]
        items = page_parts.unique_items(
            page_parts.listing_item(anchor, url) for anchor in anchors if anchor is not None
        )
        page = ListPage(url=url, items=items)
        _read_pagination(text, url, page)
        return page


def _is_item_link(href: str, page_url: str) -> bool:
    # Some columns link a report's PDF straight from the list: that is an item too.
    return bool(ARTICLE_HREF.search(href)) or page_parts.is_attachment_url(
        absolute_url(page_url, href)
    )


def _read_pagination(text: str, url: str, page: ListPage) -> None:
    file_name = urlsplit(url).path.rsplit("/", 1)[-1]
    stem, _, ext = file_name.partition(".")
    # index_3.html → name index, ext html (when the script does not say).
    page.pagination["page_name"] = re.sub(r"_\d+$", "", stem) or "index"
    page.pagination["page_ext"] = ext or "html"
    for pattern, form in ((_PAGE_DIV, "createPageHTML/6"), (_CLASSIC, "createPageHTML/4"),
                          (_CHONGQING, "createPage")):
        match = pattern.search(text)
        if match:
            page.page_count = int(match.group(1))
            page.pagination.update(
                form=form,
                current_page=int(match.group(2)),
                page_name=match.group(3),
                page_ext=match.group(4),
            )
            if form == "createPageHTML/6" and match.group(5):
                page.total_records = int(match.group(5))
            break
    else:
        match = _COUNT_VARIABLE.search(text)
        if match:
            page.page_count = int(match.group(1))
            page.pagination["form"] = "variable"
    if page.total_records is None:
        total = _CHONGQING_TOTAL.search(text) or _RECORD_VARIABLE.search(text)
        if total:
            page.total_records = int(total.group(1))
