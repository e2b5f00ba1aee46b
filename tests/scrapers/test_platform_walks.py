"""How each adapter walks a column: which URLs it asks for, in which order, when it stops.

A fake fetcher serves canned answers, so these tests are about the walking logic only;
parsing is covered by the saved example pages (test_platform_examples.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pytest
from scraper_site import make_source

from scrapers.failures import FetchError, ParseError
from scrapers.platforms import FetchedText, platform_for


class FakeSite:
    def __init__(self, pages: dict[str, str | int]) -> None:
        self.pages = pages                       # URL -> body, or an HTTP status
        self.requests: list[tuple[str, str, dict[str, Any] | None]] = []

    def __call__(
        self,
        url: str,
        *,
        method: str = "GET",
        data: dict[str, Any] | None = None,
        accept_statuses: Iterable[int] = (),
    ) -> FetchedText:
        self.requests.append((method, url, data))
        answer = self.pages.get(f"{method} {url}", self.pages.get(url, 404))
        if isinstance(answer, int):
            if answer in tuple(accept_statuses):
                return FetchedText(url, url, answer, "")
            raise FetchError("http_4xx", f"HTTP {answer}", url=url, status=answer)
        return FetchedText(url, url, 200, answer)

    @property
    def urls(self) -> list[str]:
        return [url for _, url, _ in self.requests]


def trs_list(count: int, current: int, doc_ids: list[int]) -> str:
    items = "".join(f'<li><a href="./202401/t20240101_{d}.html">文章{d}</a><span>2024-01-01</span>'
                    f"</li>" for d in doc_ids)
    return (f"<ul>{items}</ul><script>createPageHTML({count}, {current}, "
            f'"index", "shtml");</script>')


def test_trs_walks_index_then_index_n_minus_1() -> None:
    base = "http://a.gov.cn/col/"
    fetch = FakeSite({
        base + "index.shtml": trs_list(3, 0, [1, 2]),
        base + "index_1.shtml": trs_list(3, 1, [3, 4]),
        base + "index_2.shtml": trs_list(3, 2, [5]),
    })
    adapter = platform_for(make_source(base + "index.shtml", "trs"))
    pages = list(adapter.walk(base + "index.shtml", fetch))
    assert fetch.urls == [base + "index.shtml", base + "index_1.shtml", base + "index_2.shtml"]
    assert [len(p.items) for p in pages] == [2, 2, 1]
    assert pages[2].items[0].url == base + "202401/t20240101_5.html"


def test_trs_walk_can_be_stopped_early() -> None:
    base = "http://a.gov.cn/col/"
    fetch = FakeSite({base + "index.html": trs_list(50, 0, [1])})
    adapter = platform_for(make_source(base + "index.html", "trs"))
    walk = adapter.walk(base + "index.html", fetch)
    next(walk)
    walk.close()
    assert fetch.urls == [base + "index.html"]


def test_trs_page_count_is_capped_by_max_pages() -> None:
    base = "http://a.gov.cn/col/"
    pages = {base + "index.shtml": trs_list(1000, 0, [1])}
    pages.update({base + f"index_{n}.shtml": trs_list(1000, n, [n + 1]) for n in range(1, 10)})
    adapter = platform_for(make_source(base + "index.shtml", "trs", options={"max_pages": 3}))
    assert len(list(adapter.walk(base + "index.shtml", FakeSite(pages)))) == 3


def hanweb_column(total: int, records: list[int], ids: bool = True) -> str:
    recs = "".join(f'<record><![CDATA[<li><a href="/art/2024/1/1/art_77_{r}.html">文{r}</a>'
                   f"<span>2024-01-01</span></li>]]></record>" for r in records)
    script = (f"<script>$('#88').jpage({{totalRecord: {total}, perPage: 2, proxyUrl: "
              "'/module/web/jpage/dataproxy.jsp', ajaxParam: {webid: 5, columnid: 77, "
              "unitid: 88, webname: '某区'}});</script>") if ids else ""
    return (f'<div id="88"><script type="text/xml"><datastore><recordset>{recs}'
            f"</recordset></datastore></script>{script}</div>")


def hanweb_proxy(total: int, records: list[int]) -> str:
    recs = "".join(f'<record><![CDATA[<li><a href="/art/2024/1/1/art_77_{r}.html">文{r}</a>'
                   f"</li>]]></record>" for r in records)
    return (f"<datastore><totalrecord>{total}</totalrecord><recordset>{recs}</recordset>"
            "</datastore>")


def test_hanweb_posts_dataproxy_with_the_form_fields() -> None:
    column = "http://h.gov.cn/col/col77/index.html"
    proxy = "http://h.gov.cn/module/web/jpage/dataproxy.jsp"
    fetch = FakeSite({
        column: hanweb_column(5, [1, 2]),
        f"POST {proxy}?startrecord=3&endrecord=4&perpage=2": hanweb_proxy(5, [3, 4]),
        f"POST {proxy}?startrecord=5&endrecord=6&perpage=2": hanweb_proxy(5, [5]),
    })
    adapter = platform_for(make_source(column, "hanweb"))
    pages = list(adapter.walk(column, fetch))
    assert [len(p.items) for p in pages] == [2, 2, 1]
    method, _, form = fetch.requests[1]
    assert method == "POST"
    assert form == {"col": 1, "appid": 1, "webid": "5", "path": "/", "columnid": "77",
                    "sourceContentType": 1, "unitid": "88", "webname": "某区",
                    "permissiontype": 0}
    assert len(fetch.requests) == 3          # stops once totalrecord items were seen


def test_hanweb_falls_back_to_get_when_post_is_refused() -> None:
    column = "http://h.gov.cn/col/col77/index.html"
    proxy = "http://h.gov.cn/module/web/jpage/dataproxy.jsp"
    fetch = FakeSite({
        column: hanweb_column(4, [1, 2]),
        f"POST {proxy}?startrecord=3&endrecord=4&perpage=2": 405,
        f"GET {proxy}?page=2&appid=1&webid=5&columnid=77&unitid=88&perpage=2":
            hanweb_proxy(4, [3, 4]),
    })
    pages = list(platform_for(make_source(column, "hanweb")).walk(column, fetch))
    assert [item.url for item in pages[1].items] == [
        "http://h.gov.cn/art/2024/1/1/art_77_3.html", "http://h.gov.cn/art/2024/1/1/art_77_4.html"
    ]


def test_hanweb_options_override_and_missing_ids_are_a_parse_error() -> None:
    column = "http://h.gov.cn/col/col77/index.html"
    proxy = "http://h.gov.cn/module/web/jpage/dataproxy.jsp"
    bare = hanweb_column(0, [1, 2], ids=False).replace("<recordset>", "<totalrecord>3"
                                                       "</totalrecord><recordset>")
    walk = platform_for(make_source(column, "hanweb")).walk(column, FakeSite({column: bare}))
    next(walk)
    with pytest.raises(ParseError, match="unitid"):
        next(walk)
    fetch = FakeSite({column: bare,
                      f"POST {proxy}?startrecord=3&endrecord=4&perpage=2": hanweb_proxy(3, [3])})
    adapter = platform_for(make_source(column, "hanweb", options={"unitid": 88, "perpage": 2}))
    assert [len(p.items) for p in adapter.walk(column, fetch)] == [2, 1]
    assert fetch.requests[1][2]["columnid"] == "77"     # from the /col/col77/ URL


def gkmlpt_api(ids: list[int], total: int) -> str:
    return json.dumps({"articles": [{"id": i, "title": f"文{i}", "url": f"http://g.gov.cn/gkmlpt/"
                                     f"content/0/1/post_{i}.html", "display_publish_time": i}
                                    for i in ids],
                       "classify": {"post_count": total}})


def test_gkmlpt_discovers_sid_and_stops_on_404() -> None:
    index = "http://g.gov.cn/gkmlpt/index#2844"
    api = "http://g.gov.cn/gkmlpt/api/all/2844"
    fetch = FakeSite({
        index: "<script>window._CONFIG = {SID:'200029', TREE:[]};</script>",
        f"{api}?page=1&sid=200029": gkmlpt_api([1, 2], 10),
        f"{api}?page=2&sid=200029": 404,
    })
    pages = list(platform_for(make_source(index, "gkmlpt")).walk(index, fetch))
    assert len(pages) == 1 and pages[0].total_records == 10
    assert fetch.urls[-1] == f"{api}?page=2&sid=200029"


def test_gkmlpt_stops_on_an_empty_page_or_when_the_total_is_reached() -> None:
    index = "http://g.gov.cn/gkmlpt/index"
    api = "http://g.gov.cn/gkmlpt/api/all/0"
    fetch = FakeSite({
        index: "<script>window._CONFIG = {SID:'7', TREE:[]};</script>",
        f"{api}?page=1&sid=7": gkmlpt_api([1, 2], 3),
        f"{api}?page=2&sid=7": gkmlpt_api([3], 3),
    })
    assert len(list(platform_for(make_source(index, "gkmlpt")).walk(index, fetch))) == 2
    assert len(fetch.requests) == 3
    fetch = FakeSite({index: "<script>window._CONFIG = {SID:'7'};</script>",
                      f"{api}?page=1&sid=7": gkmlpt_api([1], 99),
                      f"{api}?page=2&sid=7": gkmlpt_api([], 99)})
    assert len(list(platform_for(make_source(index, "gkmlpt")).walk(index, fetch))) == 1


def test_gkmlpt_without_config_is_a_parse_error() -> None:
    index = "http://g.gov.cn/gkmlpt/index"
    fetch = FakeSite({index: "<html>no config here</html>"})
    with pytest.raises(ParseError, match="SID"):
        list(platform_for(make_source(index, "gkmlpt")).walk(index, fetch))


GENERIC_OPTIONS = {"item_selector": "ul.list a", "next_selector": "a.next",
                   "date_selector": "em"}


def generic_list(ids: list[int], next_href: str | None) -> str:
    items = "".join(f'<li><a href="/p/{i}.html">第{i}篇</a><em>2023-0{i}-01</em></li>'
                    for i in ids)
    nxt = f'<a class="next" href="{next_href}">下一页</a>' if next_href else ""
    return f'<ul class="list">{items}</ul>{nxt}'


def test_generic_follows_next_until_absent_or_repeated() -> None:
    start = "http://b.cn/list/"
    fetch = FakeSite({
        start: generic_list([1, 2], "/list/list_2.html"),
        "http://b.cn/list/list_2.html": generic_list([3], "/list/"),    # points back: stop
    })
    adapter = platform_for(make_source(start, "generic", options=GENERIC_OPTIONS))
    pages = list(adapter.walk(start, fetch))
    assert [[i.url for i in p.items] for p in pages] == [
        ["http://b.cn/p/1.html", "http://b.cn/p/2.html"], ["http://b.cn/p/3.html"]]
    assert pages[0].items[1].date_text == "2023-02-01"
    assert fetch.urls == [start, "http://b.cn/list/list_2.html"]


def hanweb_js_variant(total: int, records: list[int]) -> str:
    recs = ",".join(f"\"<li><a href='/art/2020/8/14/art_77_{r}.html'>文{r}</a><i>2020-08-14</i></li>\""
                    for r in records)
    return f"totalRecord={total}.0;totalPage = {(total + 1) // 2};dataStore = [{recs}];"


def test_hanweb_old_proxy_answering_javascript_is_walked() -> None:
    column = "http://h.gov.cn/col/col77/index.html"
    proxy = "http://h.gov.cn/module/jpage/dataproxy.jsp"
    first = hanweb_column(5, [1, 2]).replace("/module/web/jpage/dataproxy.jsp", "/module/jpage/dataproxy.jsp")
    fetch = FakeSite({
        column: first,
        f"POST {proxy}?startrecord=3&endrecord=4&perpage=2": hanweb_js_variant(5, [3, 4]),
        f"POST {proxy}?startrecord=5&endrecord=6&perpage=2": hanweb_js_variant(5, [5]),
    })
    pages = list(platform_for(make_source(column, "hanweb")).walk(column, fetch))
    assert [len(p.items) for p in pages] == [2, 2, 1]
    assert pages[1].total_records == 5 and pages[1].page_count == 3
    assert pages[2].items[0].url == "http://h.gov.cn/art/2020/8/14/art_77_5.html"


@pytest.mark.parametrize(
    ("script", "first", "second"),
    [
        ('createPageHTML(2, 0, "index", "htm");', "index.htm", "index_1.htm"),
        ("createPageHTML('page_div', 2, 1, 'index', 'shtml', 3);", "index.shtml", "index_1.shtml"),
        ('//wcm分页，总记录：3\ncreatePage(2, 0, "index", "html");', "index.html", "index_1.html"),
        ("var countPage = 2;//共多少页", "list.html", "list_1.html"),
    ],
)
def test_trs_every_pagination_form_leads_to_page_two(script: str, first: str, second: str) -> None:
    base = "http://t.gov.cn/col/"
    items = '<li><a href="./202401/t20240101_{0}.html">文{0}</a><span>2024-01-01</span></li>'
    fetch = FakeSite({
        base + first: f"<ul>{items.format(1)}{items.format(2)}</ul><script>{script}</script>",
        base + second: f"<ul>{items.format(3)}</ul><script>{script}</script>",
    })
    pages = list(platform_for(make_source(base + first, "trs")).walk(base + first, fetch))
    assert fetch.urls == [base + first, base + second]
    assert [len(p.items) for p in pages] == [2, 1]
