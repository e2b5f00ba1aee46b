"""Hanweb JCMS (大汉; Zhejiang, Jiangsu, Shandong, Henan, …).

The column page `/col/col{ID}/index.html` embeds its first list page as
`<script type="text/xml"><datastore>…<record><![CDATA[<li><a …>…</a><span>date</span></li>]]>…`.
Further pages come from `dataproxy.jsp`: POST `?startrecord=&endrecord=&perpage=` with form
fields (col, appid, webid, path, columnid, sourceContentType, unitid, webname,
permissiontype), or on newer sites GET `?page=N&appid=1&webid=…&columnid=…&unitid=…`.
An old variant answers JavaScript `totalRecord=714.0;totalPage = 27;dataStore = [...]`.
Article body: between `<!--ZJEG_RSS.content.begin-->` and `<!--ZJEG_RSS.content.end-->`,
else `#zoom`.

Options (each overrides what is discovered on the column page): webid, columnid, unitid,
webname, perpage, proxy_url.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlencode

from lxml.html import HtmlElement

from scrapers.failures import ParseError
from scrapers.platforms import page_parts
from scrapers.platforms.base import PageFetcher, Platform
from scrapers.platforms.jsliteral import find_assignment
from scrapers.platforms.parsed import ListingItem, ListPage
from scrapers.text.html import parse_html
from scrapers.urls import absolute_url

DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp"
DEFAULT_PERPAGE = 15
ID_FIELDS = ("webid", "columnid", "unitid", "webname")

_DATASTORE = re.compile(r"<datastore>(.*?)</datastore>", re.S | re.I)
_RECORD = re.compile(r"<record>\s*(?:<!\[CDATA\[(.*?)\]\]>|(.*?))\s*</record>", re.S | re.I)
_TOTAL_RECORD = re.compile(
    r"<totalrecord>\s*(\d+)|\btotalRecord\s*[=:]\s*['\"]?(\d+)(?:\.\d+)?", re.I
)
_TOTAL_PAGE = re.compile(r"<totalpage>\s*(\d+)|\btotalPage\s*[=:]\s*['\"]?(\d+)(?:\.\d+)?", re.I)
_PERPAGE = re.compile(r"\bper_?page\s*[=:]\s*['\"]?(\d+)", re.I)
_PROXY = re.compile(r"""proxyUrl\s*[=:]\s*['"]([^'"]+)['"]|([^'"\s<>=]*dataproxy\.jsp)""", re.I)
_COLUMN_IN_URL = re.compile(r"/col/col(\d+)/")
_BODY = re.compile(r"<!--\s*ZJEG_RSS\.content\.begin\s*-->(.*?)<!--\s*ZJEG_RSS\.content\.end", re.S)


class HanwebPlatform(Platform):
    name = "hanweb"
    body_selectors = ("#zoom",)

    def walk(self, list_url: str, fetch: PageFetcher) -> Iterator[ListPage]:
        first = fetch(list_url)
        page = self.parse_list(first.final_url, first.text)
        yield page
        params = {**page.pagination, **{k: v for k, v in self.options.items() if v is not None}}
        total = page.total_records
        got = len(page.items)
        perpage = int(params.get("perpage") or got or DEFAULT_PERPAGE)
        proxy = absolute_url(first.final_url, params.get("proxy_url") or DEFAULT_PROXY)
        use_get = False
        for _ in range(2, self.max_list_pages + 1):
            if (total is not None and got >= total) or (total is None and not page.items):
                return
            page, use_get = self._next_page(fetch, proxy, params, got, perpage, use_get)
            if not page.items:
                return
            yield page
            got += len(page.items)

    def _next_page(
        self,
        fetch: PageFetcher,
        proxy: str,
        params: dict[str, Any],
        got: int,
        perpage: int,
        use_get: bool,
    ) -> tuple[ListPage, bool]:
        missing = [field for field in ("columnid", "unitid") if not params.get(field)]
        if missing:
            raise ParseError(
                f"hanweb: cannot find {', '.join(missing)} on the column page; "
                f"set options.{missing[0]} in the registry entry"
            )
        if not use_get:
            query = urlencode({"startrecord": got + 1, "endrecord": got + perpage,
                               "perpage": perpage})
            form = {
                "col": 1, "appid": 1, "webid": params.get("webid", 1), "path": "/",
                "columnid": params["columnid"], "sourceContentType": 1,
                "unitid": params["unitid"], "webname": params.get("webname", ""),
                "permissiontype": 0,
            }
            answer = fetch(f"{proxy}?{query}", method="POST", data=form,
                           accept_statuses=(404, 405))
            if answer.status < 400:
                try:
                    return self.parse_list(answer.final_url, answer.text), False
                except ParseError:
                    pass
        # Newer sites: GET with a page number (and no POST support).
        query = urlencode({
            "page": got // perpage + 1, "appid": 1, "webid": params.get("webid", 1),
            "columnid": params["columnid"], "unitid": params["unitid"], "perpage": perpage,
        })
        answer = fetch(f"{proxy}?{query}")
        return self.parse_list(answer.final_url, answer.text), True

    def parse_list(self, url: str, text: str) -> ListPage:
        fragments = _record_fragments(text)
        if fragments is None:
            raise ParseError("hanweb: no <datastore> (nor dataStore = [...]) in the list page")
        items = page_parts.unique_items(_item(fragment, url) for fragment in fragments)
        page = ListPage(url=url, items=items)
        page.total_records = _first_int(_TOTAL_RECORD, text)
        page.page_count = _first_int(_TOTAL_PAGE, text)
        page.pagination = _discover_ids(url, text)
        return page

    def find_body(self, root: HtmlElement, html: str) -> HtmlElement | str:
        marked = _BODY.search(html)
        if marked:
            return marked.group(1)
        return super().find_body(root, html)


def _record_fragments(text: str) -> list[str] | None:
    datastore = _DATASTORE.search(text)
    if datastore:
        return [cdata if cdata is not None else plain
                for cdata, plain in _RECORD.findall(datastore.group(1))]
    try:
        records = find_assignment(text, "dataStore")
    except KeyError:
        return None
    if not isinstance(records, list):
        return None
    return [record for record in records if isinstance(record, str)]


def _item(fragment: str, page_url: str) -> ListingItem | None:
    root = parse_html(fragment)
    anchor = next((a for a in root.iter("a") if a.get("href")), None)
    if anchor is None:
        return None
    return page_parts.listing_item(anchor, page_url, date_scope=root)


def _first_int(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    if not match:
        return None
    return int(next(group for group in match.groups() if group is not None))


def _discover_ids(url: str, text: str) -> dict[str, Any]:
    """webid/columnid/unitid/webname/perpage/proxy_url as the page writes them (if it does)."""
    found: dict[str, Any] = {}
    for field in ID_FIELDS:
        value = _field_value(field, text)
        if value:
            found[field] = value
    if "columnid" not in found and (column := _COLUMN_IN_URL.search(url)):
        found["columnid"] = column.group(1)
    perpage = _PERPAGE.search(text)
    if perpage:
        found["perpage"] = int(perpage.group(1))
    proxy = _PROXY.search(text)
    if proxy:
        found["proxy_url"] = proxy.group(1) or proxy.group(2)
    return found


def _field_value(field: str, text: str) -> str | None:
    # `webid: 1`, `webid=1&`, `"webid":"1"`, `webname: '焦作…'` — the first one written wins.
    pattern = re.compile(
        rf"""\b{field}['"]?\s*[=:]\s*(?:(['"])(.*?)\1|([^'"&,;}}\s<]+))""", re.I
    )
    match = pattern.search(text)
    if not match:
        return None
    value = match.group(2) if match.group(1) else match.group(3)
    # Values copied from a query string (the nextgroup link) are percent-encoded.
    return unquote(value).strip() or None
