"""Guangdong intensive platform (集约化), 政府信息公开目录 `gkmlpt`.

The index page `…/gkmlpt/index#{catId}` is an empty template plus
`window._CONFIG = {SID:'200029', TREE:[…]}`; the list comes from a JSON API,
`GET …/gkmlpt/api/all/{catId}?page=N&sid=SID` → {articles: […], classify: {post_count}, total},
and some sites answer 404 from page 2 on. A detail page's body exists only as a JSON string
in `window._CONFIG.DETAIL.content`: a generic extractor finds the chrome and nothing else.

Options: `category` (catId; default the list URL's #fragment, else 0 = everything),
`api_url` (the list API, when it is not beside the index page), `sid` (skip discovery).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from html import escape
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from lxml.html import HtmlElement

from scrapers.failures import ParseError
from scrapers.platforms.base import PageFetcher, Platform
from scrapers.platforms.jsliteral import find_assignment
from scrapers.platforms.parsed import ListingItem, ListPage
from scrapers.selectors import select_one
from scrapers.urls import absolute_url

SID = re.compile(r"""\bSID\s*[:=]\s*['"]?(\w+)""")   # {SID:'200029'} or _CONFIG.SID = '…'
# The first of these present is the list date.
_DATE_FIELDS = ("display_publish_time", "publish_time", "created_at", "date")
# What the list API says about an article besides its link and title, kept as written:
# 文号, 索引号, 发布机构, 主题词, 摘要, classification, validity (失效/废止), the times.
LIST_FIELDS = (
    "id", "post_url", "created_at", "display_publish_time", "document_number", "identifier",
    "publisher", "keywords", "abstract", "classify_main_name", "classify_genre_name",
    "classify_theme_name", "is_expired", "is_abolished", "attachment",
)


class GkmlptPlatform(Platform):
    name = "gkmlpt"

    def walk(self, list_url: str, fetch: PageFetcher) -> Iterator[ListPage]:
        sid = self.options.get("sid")
        if not sid:
            index = fetch(list_url)
            sid = self.parse_list(index.final_url, index.text).pagination.get("sid")
        api = self.api_url(list_url)
        got = 0
        for number in range(1, self.max_list_pages + 1):
            answer = fetch(
                f"{api}?{urlencode({'page': number, 'sid': sid})}", accept_statuses=(404,)
            )
            if answer.status == 404:
                if number == 1:
                    raise ParseError(f"gkmlpt: the list API {api} answers 404 (sid {sid})")
                return   # some sites keep everything on page 1 and 404 the rest
            page = self.parse_list(answer.final_url, answer.text)
            if not page.items:
                if number == 1:
                    yield page   # an empty column: let the harvester judge it
                return
            yield page
            got += len(page.items)
            if page.total_records is not None and got >= page.total_records:
                return

    def api_url(self, list_url: str) -> str:
        if self.options.get("api_url"):
            return absolute_url(list_url, self.options["api_url"])
        parts = urlsplit(list_url)
        category = self.options.get("category", parts.fragment if parts.fragment.isdigit() else 0)
        # The API sits beside the index: …/gkmlpt/index → …/gkmlpt/api/all/{catId}
        prefix, found, _ = parts.path.partition("/gkmlpt/")
        if not found:
            raise ParseError(f"gkmlpt: list URL {list_url} has no /gkmlpt/ path; set api_url")
        return urlunsplit((parts.scheme, parts.netloc, f"{prefix}/gkmlpt/api/all/{category}",
                           "", ""))

    def parse_list(self, url: str, text: str) -> ListPage:
        stripped = text.lstrip()
        if stripped.startswith("{"):
            return self._parse_api(url, stripped)
        config = _config(text)
        sid = config.get("SID") if config else None
        if not sid:
            match = SID.search(text)
            sid = match.group(1) if match else None
        if not sid:
            raise ParseError("gkmlpt: no window._CONFIG with a SID on the index page")
        return ListPage(url=url, items=[], pagination={"sid": str(sid)})

    def _parse_api(self, url: str, text: str) -> ListPage:
        try:
            answer = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ParseError(f"gkmlpt: list API answer is not JSON ({exc})") from None
        articles = answer.get("articles") if isinstance(answer, dict) else None
        if not isinstance(articles, list):
            raise ParseError("gkmlpt: list API answer has no 'articles' list")
        items = []
        for article in articles:
            if not isinstance(article, dict):
                continue
            link = article.get("url") or article.get("post_url")
            if not link:
                continue
            date = next((article[f] for f in _DATE_FIELDS if article.get(f) not in (None, "")),
                        None)
            items.append(ListingItem(
                url=absolute_url(url, str(link)),
                title=article.get("title"),
                date_text=str(date) if date is not None else None,
                fields=_as_written(article, LIST_FIELDS),
            ))
        classify = answer.get("classify") if isinstance(answer.get("classify"), dict) else {}
        total = classify.get("post_count", answer.get("total"))
        return ListPage(url=url, items=items, total_records=_as_count(total))

    def find_body(self, root: HtmlElement, html: str) -> HtmlElement | str:
        detail = _detail(html)
        content = detail.get("content") if detail else None
        if isinstance(content, str):
            return content
        # A main-site article (…/content/post_NNN.html) has its body in the HTML.
        found = select_one(root, "div.article-content")
        found = found if found is not None else select_one(root, "#zoom")
        if found is not None and "".join(found.itertext()).strip():
            return found
        raise ParseError("gkmlpt: no window._CONFIG.DETAIL.content on the detail page")

    def platform_title(self, root: HtmlElement, html: str) -> str | None:
        detail = _detail(html)
        title = detail.get("title") if detail else None
        return title.strip() if isinstance(title, str) and title.strip() else None

    def page_meta(self, root: HtmlElement, html: str) -> dict[str, str]:
        meta = super().page_meta(root, html)
        detail = _detail(html)
        if detail:
            fields = [name for name in detail if name not in ("content", "title")]
            meta.update({f"gkmlpt:{name}": value
                         for name, value in _as_written(detail, fields).items()})
        return meta

    def attachment_scope(self, body: HtmlElement | str, html: str) -> list[HtmlElement | str]:
        """The body's own links, and DETAIL.attachment entries ({name, url}) the body omits."""
        detail = _detail(html) or {}
        listed = detail.get("attachment") if isinstance(detail.get("attachment"), list) else []
        anchors = []
        for entry in listed:
            if not isinstance(entry, dict):
                continue
            link = entry.get("url") or entry.get("link") or entry.get("path")
            if isinstance(link, str) and link.strip():
                name = entry.get("name") or entry.get("title") or ""
                anchors.append(f'<a class="nfw-cms-attachment" href="{escape(link.strip())}">'
                               f"{escape(str(name))}</a>")
        return super().attachment_scope(body, html) + ["".join(anchors)] * bool(anchors)


def _as_written(record: dict[str, Any], names: Iterable[str]) -> dict[str, str]:
    """The named fields that say something, as text; lists and objects as JSON."""
    written = {}
    for name in names:
        value = record.get(name)
        if value in (None, "", [], {}):
            continue
        if isinstance(value, bool):
            written[name] = "true" if value else "false"
        elif isinstance(value, list | dict):
            written[name] = json.dumps(value, ensure_ascii=False, sort_keys=True)
        else:
            written[name] = str(value)
    return written


def _as_count(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _config(html: str) -> dict[str, Any] | None:
    try:
        config = find_assignment(html, "window._CONFIG")
    except KeyError:
        return None
    return config if isinstance(config, dict) else None


@lru_cache(maxsize=4)   # find_body, title, meta and attachments all ask for the same page's
def _detail(html: str) -> dict[str, Any] | None:
    """DETAIL inside `window._CONFIG = {…}`, or assigned alone as `window._CONFIG.DETAIL = {…}`."""
    try:
        detail = find_assignment(html, "window._CONFIG.DETAIL")
    except KeyError:
        config = _config(html)
        detail = config.get("DETAIL") if config else None
    return detail if isinstance(detail, dict) else None
