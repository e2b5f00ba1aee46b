"""The bundled demo government sites, served on ephemeral ports and read over HTTP."""

from __future__ import annotations

import json
import re
import socket
from datetime import datetime, timedelta, timezone
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import pytest
import requests
import yaml
from bs4 import BeautifulSoup

# Import from the submodules: pytest puts tests/ on sys.path, where tests/demo_sites shadows
# the package name (a namespace package without the package's __init__).
from demo_sites.content import seed_text
from demo_sites.server import DemoSites, DemoSitesError

SERVED = ("zjg", "huadu", "spb", "jiefang", "bgzjy", "garbage")
HANWEB_FORM = {
    "col": "1", "appid": "1", "webid": "1", "path": "/", "columnid": "3821",
    "sourceContentType": "1", "unitid": "9627", "webname": "焦作市解放区人民政府",
    "permissiontype": "0",
}


@pytest.fixture(scope="module")
def sites():
    """Read-only tests share one set of sites; tests that change a site make their own."""
    with DemoSites().start(port_base=0) as demo:
        yield demo


@pytest.fixture
def fresh_sites():
    with DemoSites().start(port_base=0) as demo:
        yield demo


def get(url: str, **kwargs) -> requests.Response:
    return requests.get(url, timeout=5, **kwargs)


def soup(response: requests.Response, encoding: str = "utf-8") -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(encoding), "lxml")


def squeeze(text: str) -> str:
    return "".join(text.split())


# ---------------------------------------------------------------------------- every site


def test_each_site_answers_on_its_own_port(sites):
    assert len({sites.ports[key] for key in sites.keys}) == len(sites.keys) == 7
    for key in SERVED:
        robots = get(sites.base_url(key) + "/robots.txt")
        assert robots.status_code == 200, key
        assert "Disallow: /search/" in robots.text
        assert get(sites.list_url(key)).status_code == 200, key


def test_robots_txt_forbids_search_and_allows_the_columns(sites):
    for key in SERVED:
        parser = RobotFileParser()
        parser.parse(get(sites.base_url(key) + "/robots.txt").text.splitlines())
        assert not parser.can_fetch("govreports", sites.base_url(key) + "/search/?q=法治")
        assert parser.can_fetch("govreports", sites.list_url(key))
    delays = {key: get(sites.base_url(key) + "/robots.txt").text for key in SERVED}
    assert "Crawl-delay: 0\n" in delays["spb"]


def test_unknown_paths_are_404(sites):
    for key in ("zjg", "huadu", "spb", "jiefang", "bgzjy"):
        assert get(sites.base_url(key) + "/no/such/page.html").status_code == 404, key
    assert get(sites.base_url("zjg") + "/tyjrswj/fzzfjs/index_9.html").status_code == 404


def test_pages_never_link_outside_the_site(sites):
    pages = [
        sites.list_url("zjg"),
        sites.base_url("zjg") + "/tyjrswj/fzzfjs/202101/t20210120_6543210.html",
        sites.list_url("spb"),
        sites.list_url("huadu"),
        sites.base_url("huadu") + "/gkmlpt/content/8/8762/post_8762151.html",
        sites.list_url("bgzjy"),
    ]
    for url in pages:
        for link in soup(get(url)).find_all(["a", "script", "link", "img", "form"]):
            target = link.get("href") or link.get("src") or link.get("action")
            if not target or target.startswith(("#", "javascript:")):
                continue
            assert urlsplit(urljoin(url, target)).hostname == "127.0.0.1", (url, target)


def test_request_log_counts_requests(fresh_sites):
    url = fresh_sites.list_url("zjg")
    get(url)
    get(url)
    requests.head(url, timeout=5)
    get(fresh_sites.base_url("zjg") + "/missing.html")
    assert fresh_sites.request_log("zjg") == [
        ("GET", "/tyjrswj/fzzfjs/index.html", 200),
        ("GET", "/tyjrswj/fzzfjs/index.html", 200),
        ("HEAD", "/tyjrswj/fzzfjs/index.html", 200),
        ("GET", "/missing.html", 404),
    ]
    assert fresh_sites.request_log("huadu") == []
    fresh_sites.clear_logs()
    assert fresh_sites.request_log("zjg") == []


# ---------------------------------------------------------------------------- zjg (TRS)


def trs_items(sites, key: str, page_url: str) -> list[tuple[str, str]]:
    page = soup(get(page_url))
    return [(urljoin(page_url, li.a["href"]), li.span.text) for li in page.select("ul li")
            if li.a and li.span and re.search(r"/t\d{8}_\d+\.html$", li.a["href"])]


def test_zjg_list_paginates_with_create_page_html(sites):
    first, second = sites.list_url("zjg"), sites.list_url("zjg").replace("index", "index_1")
    assert 'createPageHTML(2, 0, "index", "html")' in get(first).text
    assert 'createPageHTML(2, 1, "index", "html")' in get(second).text
    items = trs_items(sites, "zjg", first) + trs_items(sites, "zjg", second)
    assert [len(trs_items(sites, "zjg", u)) for u in (first, second)] == [6, 5]
    dates = [date for _, date in items]
    assert dates == sorted(dates, reverse=True)          # newest first across pages
    assert len({url for url, _ in items}) == 11
    report = sites.base_url("zjg") + "/tyjrswj/fzzfjs/202101/t20210120_6543210.html"
    assert (report, "2021-01-20") in trs_items(sites, "zjg", second)
    for url, date in items:                               # the date is in the article URL
        assert date.replace("-", "") in urlsplit(url).path


def test_zjg_report_is_only_a_pdf_attachment(sites):
    url = sites.base_url("zjg") + "/tyjrswj/fzzfjs/202101/t20210120_6543210.html"
    page = soup(get(url))
    body = page.select_one("div.TRS_Editor")
    assert "详见附件" in body.text and len(squeeze(body.text)) < 120
    link = body.find("a")
    assert link["href"] == "./P020210120512345678901.pdf"
    assert link.text == "张家港市退役军人事务局2020年度法治政府建设情况报告.pdf"

    pdf = get(urljoin(url, link["href"]))
    assert pdf.status_code == 200
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")

    from io import BytesIO

    from pdfminer.high_level import extract_text

    text = squeeze(extract_text(BytesIO(pdf.content)))
    assert "张家港市退役军人事务局" in text
    assert "张家港市退役军人事务局2021年1月20日" in text         # signature and date
    assert "加强事后公开等18类大项、29个小项" in text      # a paragraph the seed had cut in two


def test_gov_article_pages_carry_the_guideline_meta_tags(sites):
    pages = {
        "zjg": ("/tyjrswj/fzzfjs/202101/t20210120_6543210.html", "320582", "utf-8"),
        "huadu": ("/gkmlpt/content/8/8762/post_8762151.html", "440114", "utf-8"),
        "spb": ("/zwgk_162/fdzdgknr/fzzfjs/202201/t20220125_10323456.html", "500106", "utf-8"),
        "jiefang": ("/art/2024/1/15/art_3821_567890.html", "410802", "gb18030"),
    }
    required = ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType", "ArticleTitle",
                "PubDate", "ContentSource", "Keywords", "Author", "Description", "Url")
    for key, (path, district, encoding) in pages.items():
        url = sites.base_url(key) + path
        page = soup(get(url), encoding)
        meta = {m["name"]: m["content"] for m in page.find_all("meta", attrs={"name": True, "content": True})}
        assert set(required) <= set(meta), key
        assert re.fullmatch(district + r"\d{4}", meta["SiteIDCode"]), key
        assert meta["Url"] == url
        assert f"网站标识码{meta['SiteIDCode']}" in page.text
        assert "当前位置：首页>政务公开>" in squeeze(page.text)


# ---------------------------------------------------------------------------- spb (TRS Chongqing)


def test_spb_list_uses_the_chongqing_pager(sites):
    first, second = sites.list_url("spb"), sites.list_url("spb").replace("index", "index_1")
    html = get(first).text
    assert re.search(r'//wcm分页，总记录：11\s*createPage\(2, 0, "index", "html"\);', html)
    assert 'createPage(2, 1, "index", "html")' in get(second).text
    items = trs_items(sites, "spb", first) + trs_items(sites, "spb", second)
    assert len({url for url, _ in items}) == 11
    assert items[4] == (sites.base_url("spb") + "/zwgk_162/fdzdgknr/fzzfjs/202201/t20220125_10323456.html",
                        "2022-01-25")


def test_spb_report_body_and_title(sites):
    url = sites.base_url("spb") + "/zwgk_162/fdzdgknr/fzzfjs/202201/t20220125_10323456.html"
    page = soup(get(url))
    assert page.title.text.startswith("区退役军人事务局2021年度法治政府建设情况报告")
    body = page.select_one("div.trs_editor_view.TRS_UEDITOR")
    seed_lines = [line for line in seed_text("002").splitlines() if line.strip()]
    assert [p.text for p in body.find_all("p")] == seed_lines


# ---------------------------------------------------------------------------- huadu (gkmlpt)


def gkmlpt_config(html: str) -> tuple[str, dict | None]:
    """SID and DETAIL out of `window._CONFIG = {SID:'…', TREE:[…], …, DETAIL: {…}}`."""
    sid = re.search(r"window\._CONFIG = \{SID:'(\d+)'", html).group(1)
    start = html.find("DETAIL: ")
    if start < 0:
        return sid, None
    detail, _ = json.JSONDecoder().raw_decode(html, start + len("DETAIL: "))
    return sid, detail


def test_huadu_api_pages_and_totals(sites):
    sid, detail = gkmlpt_config(get(sites.list_url("huadu")).text)
    assert (sid, detail) == ("200029", None)
    api = sites.base_url("huadu") + "/gkmlpt/api/all/0"
    pages = [get(api, params={"page": n, "sid": sid}).json() for n in (1, 2, 3)]
    assert [len(p["articles"]) for p in pages] == [10, 3, 0]
    articles = pages[0]["articles"] + pages[1]["articles"]
    assert pages[0]["total"] == pages[0]["classify"]["post_count"] == len({a["id"] for a in articles}) == 13
    times = [a["display_publish_time"] for a in articles]
    assert times == sorted(times, reverse=True)
    report = next(a for a in articles if a["id"] == 8762151)
    assert report in pages[1]["articles"]
    assert report["title"] == "广州市花都区退役军人事务局2022年法治政府建设年度报告"
    beijing = timezone(timedelta(hours=8))
    assert datetime.fromtimestamp(report["display_publish_time"], beijing).strftime("%Y-%m-%d %H:%M") \
        == "2023-01-11 15:41"
    assert report["url"] == sites.base_url("huadu") + "/gkmlpt/content/8/8762/post_8762151.html"
    fields = {"id", "title", "url", "post_url", "created_at", "display_publish_time", "document_number",
              "identifier", "publisher", "keywords", "abstract", "classify_main_name", "attachment"}
    assert fields <= set(report)
    assert get(api, params={"page": 1, "sid": "999"}).status_code == 404


def test_huadu_detail_body_is_only_in_the_config_json(sites):
    response = get(sites.base_url("huadu") + "/gkmlpt/content/8/8762/post_8762151.html")
    _, detail = gkmlpt_config(response.text)
    assert detail["title"] == "广州市花都区退役军人事务局2022年法治政府建设年度报告"
    body = BeautifulSoup(detail["content"], "lxml").find_all("p")
    seed = seed_text("001").splitlines()
    chrome = ("headerBg", "发布日期:", "相关附件:", "分享到:")
    kept = [line for line in seed if line.strip() and not line.startswith(chrome)]
    assert [p.text for p in body] == kept[1:]            # the title line is the page's <h1>
    assert "headerBg" not in detail["content"] and "访问量" not in detail["content"]
    page = soup(response)
    for script in page.find_all("script"):
        script.decompose()
    visible = page.text
    assert "今年以来" not in visible                         # the body is not in the HTML
    for noise in ("发布日期:2023-01-11 15:41", "文章来源:花都区退役军人事务局局", "访问量: -", "分享到:", "相关附件:"):
        assert noise in visible


# ---------------------------------------------------------------------------- jiefang (Hanweb)


def hanweb_records(xml: str) -> list[tuple[str, str]]:
    return re.findall(r'<li><a href="(/art/[^"]+)"[^>]*>.*?</a><span>([\d-]+)</span></li>', xml)


def test_jiefang_is_gb18030_without_a_charset_header(sites):
    urls = [sites.list_url("jiefang"), sites.base_url("jiefang") + "/art/2024/2/6/art_3821_568044.html"]
    for url in urls:
        response = get(url)
        assert response.headers["Content-Type"] == "text/html"
        text = response.content.decode("gb18030")
        assert 'content="text/html; charset=gb2312"' in text
        assert "镕" in text
        with pytest.raises(UnicodeDecodeError):
            response.content.decode("gb2312")
        with pytest.raises(UnicodeDecodeError):
            response.content.decode("utf-8")
    assert "抗美援朝老战士王镕" in get(urls[1]).content.decode("gb18030")


def test_jiefang_column_embeds_page_one_and_dataproxy_serves_the_rest(sites):
    column = get(sites.list_url("jiefang")).content.decode("gb18030")
    embedded = re.search(r'<script type="text/xml"><datastore>(.*?)</datastore></script>', column, re.S).group(1)
    assert "<nextgroup><![CDATA[" in embedded
    first = hanweb_records(embedded)
    assert len(first) == 6
    assert re.search(r"totalRecord = 13;\s*var perpage = 6;", column)

    proxy = sites.base_url("jiefang") + "/module/web/jpage/dataproxy.jsp"
    pages = [first]
    for start in (7, 13):
        response = requests.post(proxy, params={"startrecord": start, "endrecord": start + 5, "perpage": 6},
                                 data=HANWEB_FORM, timeout=5)
        xml = response.content.decode("gb18030")
        assert "<totalrecord>13</totalrecord>" in xml and "<totalpage>3</totalpage>" in xml
        pages.append(hanweb_records(xml))
    assert [len(p) for p in pages] == [6, 6, 1]
    everything = [record for page in pages for record in page]
    assert len(set(everything)) == 13
    assert [d for _, d in everything] == sorted((d for _, d in everything), reverse=True)
    assert ("/art/2024/1/15/art_3821_567890.html", "2024-01-15") in pages[1]

    newer = get(proxy, params={"page": 2, "appid": 1, "webid": 1, "columnid": 3821, "unitid": 9627})
    assert hanweb_records(newer.content.decode("gb18030")) == pages[1]
    unknown = requests.post(proxy, params={"startrecord": 1, "endrecord": 6, "perpage": 6},
                            data={**HANWEB_FORM, "columnid": "1"}, timeout=5)
    assert hanweb_records(unknown.content.decode("gb18030")) == []


def test_jiefang_report_keeps_every_line_between_the_rss_markers(sites):
    html = get(sites.base_url("jiefang") + "/art/2024/1/15/art_3821_567890.html").content.decode("gb18030")
    body = re.search(r"<!--ZJEG_RSS.content.begin-->(.*)<!--ZJEG_RSS.content.end-->", html, re.S).group(1)
    assert '<div id="zoom"><!--ZJEG_RSS.content.begin-->' in html
    paragraphs = BeautifulSoup(body, "lxml").find_all("p")
    assert [p.text for p in paragraphs] == seed_text("004").splitlines()


# ---------------------------------------------------------------------------- bgzjy (aggregator)


def test_bgzjy_list_follows_next_links(sites):
    url, pages = sites.list_url("bgzjy"), []
    while url:
        page = soup(get(url))
        pages.append([(a["href"], a.parent.select_one("em").text) for a in page.select("div.list li a")])
        next_link = page.select_one("div.pages a.next")
        url = urljoin(url, next_link["href"]) if next_link else None
    assert [len(p) for p in pages] == [8, 3]
    assert ("/fanwen/fazhi/20230301/58231.html", "2023-03-01") in pages[0]
    assert get(sites.base_url("bgzjy") + "/fanwen/fazhi/list_2.html").status_code == 200


def test_bgzjy_report_keeps_watermarks_and_redactions(sites):
    page = soup(get(sites.base_url("bgzjy") + "/fanwen/fazhi/20230301/58231.html"))
    assert page.select_one("div.article h1").text == "区退役军人事务局2022年度法治政府建设总结"
    body = page.select_one("div.content")
    assert [p.text for p in body.find_all("p")] == [line for line in seed_text("003").splitlines()[1:] if line.strip()]
    assert body.text.count("笔杆儿网www.bgzjy.cn") >= 5
    assert "*名公务员" in body.text and "**万元" in body.text
    names = {m.get("name") for m in page.find_all("meta") if m.get("name")}
    assert names == {"keywords", "description"}
    assert "会员专享" in page.text                              # ads around the text


# ---------------------------------------------------------------------------- broken sites


def test_garbage_site_answers_200_with_random_bytes(sites):
    first = get(sites.list_url("garbage"))
    assert first.status_code == 200 and first.headers["Content-Type"] == "text/html"
    assert first.content == get(sites.list_url("garbage")).content     # deterministic
    assert first.content != get(sites.base_url("garbage") + "/other.html").content
    assert b"<html" not in first.content.lower()
    with pytest.raises(UnicodeDecodeError):
        first.content.decode("utf-8")


def test_down_site_refuses_connections(sites):
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", sites.ports["down"]), timeout=2).close()
    with pytest.raises(requests.ConnectionError):
        get(sites.list_url("down"))


def test_take_down_bring_up_and_forced_status(fresh_sites):
    url = fresh_sites.list_url("spb")
    fresh_sites.take_down("spb")
    with pytest.raises(requests.ConnectionError):
        get(url)
    fresh_sites.bring_up("spb")
    assert get(url).status_code == 200
    fresh_sites.force_status("spb", 503)
    assert get(url).status_code == 503
    fresh_sites.force_status("spb", None)
    assert get(url).status_code == 200


# ---------------------------------------------------------------------------- ports and registry


def test_busy_fixed_port_is_a_clear_error():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        busy = holder.getsockname()[1]
        sites = DemoSites()
        with pytest.raises(DemoSitesError) as error:
            sites.start(port_base=busy - 1)                  # zjg is base + 1
        assert str(busy) in str(error.value)
        assert "GOVREPORTS_DEMO_PORT_BASE" in str(error.value)
        assert sites._servers == {}                          # nothing left half-started


def test_write_registry_rewrites_the_ports(sites, tmp_path):
    path = sites.write_registry(tmp_path / "sources.yml")
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"127\.0\.0\.1:1880\d", text)
    sources = {s["id"]: s for s in yaml.safe_load(text)["sources"]}
    expected = {
        "zjg-tyjrswj-fzzf": "zjg", "huadu-tyjrswj-fzzf": "huadu", "spb-tyjrswj-fzzf": "spb",
        "jiefang-tyjrswj-fzzf": "jiefang", "bgzjy-fazhi": "bgzjy", "demo-garbage": "garbage",
        "demo-down": "down",
    }
    assert set(sources) == set(expected)
    for source_id, key in expected.items():
        assert sources[source_id]["list_urls"] == [sites.list_url(key)]
    assert sources["jiefang-tyjrswj-fzzf"]["options"] == {"webid": 1, "columnid": 3821, "unitid": 9627}
    assert sources["huadu-tyjrswj-fzzf"]["district_code"] == "440114"
    assert "district_code" not in sources["bgzjy-fazhi"]


def test_written_registry_is_valid_for_the_scrapers(sites, tmp_path):
    registry = pytest.importorskip("scrapers.registry")
    loaded = registry.load_registry(sites.write_registry(tmp_path / "sources.yml"))
    assert loaded.problems == []
    assert len(loaded.sources) == 7


# ---------------------------------------------------------------------------- changing content


def top_item(sites, key: str) -> tuple[str, int]:
    """(absolute URL of the first list item, number of items on the whole list)."""
    base = sites.base_url(key)
    if key == "huadu":
        data = get(base + "/gkmlpt/api/all/0", params={"page": 1, "sid": "200029"}).json()
        return data["articles"][0]["url"], data["total"]
    if key == "jiefang":
        column = get(sites.list_url(key)).content.decode("gb18030")
        total = int(re.search(r"totalRecord = (\d+);", column).group(1))
        return base + hanweb_records(column)[0][0], total
    if key == "bgzjy":
        page = soup(get(sites.list_url(key)))
        total = len(page.select("div.list li a")) + len(soup(get(base + "/fanwen/fazhi/list_2.html"))
                                                        .select("div.list li a"))
        return urljoin(sites.list_url(key), page.select_one("div.list li a")["href"]), total
    first = sites.list_url(key)
    items = trs_items(sites, key, first) + trs_items(sites, key, first.replace("index", "index_1"))
    return items[0][0], len(items)


@pytest.mark.parametrize("key", ["zjg", "huadu", "spb", "jiefang", "bgzjy"])
def test_publish_extra_report_adds_an_item_at_the_top(fresh_sites, key):
    _, before = top_item(fresh_sites, key)
    url = fresh_sites.publish_extra_report(key)
    top, after = top_item(fresh_sites, key)
    assert top == url
    assert after == before + 1
    response = get(url)
    assert response.status_code == 200
    text = response.content.decode("gb18030" if key == "jiefang" else "utf-8")
    assert "2024年" in text and "法治政府建设" in text
    second = fresh_sites.publish_extra_report(key, kind="filler")
    assert top_item(fresh_sites, key)[0] == second != url


def test_publish_extra_report_needs_a_site_with_a_list(fresh_sites):
    with pytest.raises(ValueError):
        fresh_sites.publish_extra_report("garbage")
