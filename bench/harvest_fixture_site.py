"""Fixture government sites for the harvest benchmarks, served from a separate process on 127.0.0.1.

Two layouts, generated on request (deterministic, nothing on disk):
  big   one TRS WCM column of N report pages: /col/index.html, index_1.html … (20 per page,
        `createPageHTML(count, page, "index", "html")`), articles /col/YYYYMM/tYYYYMMDD_<id>.html
        of about 25 kB each (meta tags, navigation chrome, a TRS_Editor body of ~3,000 characters).
  many  S small columns in four platform layouts (TRS, Hanweb JCMS, gkmlpt, generic), 8 articles
        each, two list pages each; list pages carry an ETag and answer If-None-Match with 304.

A tiny HTTP/1.1 server on asyncio (keep-alive, Content-Length) so that the server is never
the bottleneck of a crawler at concurrency 1. GET /__stats answers the request counts by kind.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import multiprocessing
import re
from collections import Counter
from urllib.parse import parse_qs, urlsplit

PER_LIST_PAGE = 20
MANY_ITEMS = 8
MANY_PER_PAGE = 4
PLATFORMS = ("trs", "hanweb", "gkmlpt", "generic")

_SENTENCES = [
    "一年来，我区坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想。",
    "全年共办理行政复议案件{a}件，依法纠错{b}件，纠错率{c}%。",
    "制定出台行政规范性文件{b}件，全部经过合法性审核，备案审查率100%。",
    "行政机关负责人出庭应诉{a}次，出庭应诉率达到{c}%。",
    "深化“放管服”改革，政务服务事项网上可办率达到{c}%，“一网通办”持续推进。",
    "严格落实重大行政决策程序规定，组织开展公众参与、专家论证、风险评估和合法性审查。",
    "推进严格规范公正文明执法，全面推行行政执法公示、执法全过程记录和重大执法决定法制审核制度。",
    "开展“八五”普法中期评估，组织法治宣传活动{a}场，受众{b}万人次。",
]


def article_path(doc_id: int) -> str:
    month = 1 + doc_id % 12
    day = 1 + doc_id % 28
    return f"/col/2024{month:02d}/t2024{month:02d}{day:02d}_{doc_id}.html"


def _body_paragraphs(doc_id: int, count: int = 90) -> str:
    out = []
    for n in range(count):
        sentence = _SENTENCES[(doc_id + n) % len(_SENTENCES)]
        out.append("<p>　　" + sentence.format(a=doc_id % 97 + n, b=n + 3, c=(doc_id + n) % 100)
                   + "</p>")
    return "\n".join(out)


_CHROME_LINKS = "".join(
    f'<li><a href="/col{n}/index.html" title="栏目{n}">政务公开栏目{n}</a></li>' for n in range(150)
)


def article_html(doc_id: int) -> str:
    title = f"某区人民政府关于{2000 + doc_id % 24}年度法治政府建设情况的报告（{doc_id}）"
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{title}_某区人民政府</title>
<meta name="SiteName" content="某区人民政府"><meta name="SiteDomain" content="www.example.gov.cn">
<meta name="SiteIDCode" content="3205820001"><meta name="ColumnName" content="法治政府建设">
<meta name="ColumnType" content="法治政府建设"><meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="2024-03-{1 + doc_id % 28:02d} 10:00"><meta name="ContentSource" content="区司法局">
<meta name="Keywords" content="法治政府"><meta name="Author" content="区司法局">
<meta name="Description" content="{title}"><meta name="Url" content="http://www.example.gov.cn{article_path(doc_id)}">
<link rel="stylesheet" href="/css/style.css"><script src="/js/jquery.min.js"></script>
</head><body>
<div class="top"><a href="/">首页</a> <a href="#">无障碍浏览</a> <a href="#">长者模式</a></div>
<div class="nav"><ul>{_CHROME_LINKS}</ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/col/index.html">法治政府建设</a></div>
<div class="article"><h1>{title}</h1>
<div class="info">发布日期：2024-03-{1 + doc_id % 28:02d} 来源：区司法局 【字体：大 中 小】 访问量：{doc_id * 7}</div>
<div class="TRS_Editor">
{_body_paragraphs(doc_id)}
</div>
<div class="share">分享到：微信 微博</div><div class="print">打印本页 关闭窗口</div></div>
<div class="footer"><p>主办：某区人民政府办公室 网站标识码：3205820001 苏ICP备05012345号</p>
<script>var _hmt = _hmt || [];</script></div>
</body></html>"""


def trs_list_html(page: int, page_count: int, ids: list[int], link=article_path) -> str:
    items = "".join(
        f'<li><a href="{link(i)}" title="报告{i}" target="_blank">报告{i}</a><span>2024-03-01</span></li>'
        for i in ids
    )
    return (f'<html><head><meta charset="utf-8"><title>法治政府建设</title></head><body>'
            f'<div class="nav"><ul>{_CHROME_LINKS}</ul></div><ul class="list">{items}</ul>'
            f'<script>createPageHTML({page_count}, {page}, "index", "html");</script></body></html>')


class Layout:
    """What to answer for a request path (and form); (status, content type, body, etag)."""

    def __init__(self, mode: str, size: int) -> None:
        self.mode, self.size = mode, size

    def answer(self, method: str, target: str, form: dict[str, str]) -> tuple[int, str, bytes]:
        parts = urlsplit(target)
        path, query = parts.path, parse_qs(parts.query)
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n"
        html = self._big(path) if self.mode == "big" else self._many(method, path, query, form)
        if html is None:
            return 404, "text/html", b"<html><body>404</body></html>"
        content_type = "application/json" if html.startswith("{") else "text/html; charset=utf-8"
        return 200, content_type, html.encode("utf-8")

    # -- one big TRS column ---------------------------------------------------------------

    def _big(self, path: str) -> str | None:
        page_count = -(-self.size // PER_LIST_PAGE)
        match = re.fullmatch(r"/col/index(?:_(\d+))?\.html", path)
        if match:
            page = int(match.group(1) or 0)
            first = page * PER_LIST_PAGE
            ids = [self.size - n for n in range(first, min(first + PER_LIST_PAGE, self.size))]
            return trs_list_html(page, page_count, ids) if page < page_count else None
        match = re.fullmatch(r"/col/\d{6}/t\d{8}_(\d+)\.html", path)
        if match and 1 <= int(match.group(1)) <= self.size and path == article_path(int(match.group(1))):
            return article_html(int(match.group(1)))
        return None

    # -- many small columns -----------------------------------------------------------------

    def _many(self, method: str, path: str, query: dict, form: dict[str, str]) -> str | None:
        match = re.match(r"/s(\d+)(/.*)", path)
        if not match or int(match.group(1)) >= self.size:
            return None
        source, rest = int(match.group(1)), match.group(2)
        platform = PLATFORMS[source % len(PLATFORMS)]
        ids = [source * 100 + n for n in range(MANY_ITEMS, 0, -1)]   # newest first
        pages = [ids[:MANY_PER_PAGE], ids[MANY_PER_PAGE:]]
        base = f"/s{source}"
        if re.fullmatch(r"/art/\d+\.html|/t/t20240301_\d+\.html|/gkmlpt/content/post_\d+\.html", rest):
            return _small_article(source, rest)
        if platform == "trs":
            link = lambda i: f"{base}/t/t20240301_{i}.html"  # noqa: E731
            if rest == "/index.html":
                return trs_list_html(0, 2, pages[0], link)
            if rest == "/index_1.html":
                return trs_list_html(1, 2, pages[1], link)
        if platform == "hanweb":
            records = lambda chunk: "".join(  # noqa: E731
                f'<record><![CDATA[<li><a href="{base}/art/{i}.html">文{i}</a><span>2024-03-01</span></li>]]>'
                "</record>" for i in chunk)
            if rest == f"/col/col{source}/index.html":
                return (f'<html><head><meta charset="utf-8"></head><body><div id="u1">'
                        f'<script type="text/xml"><datastore><totalrecord>{MANY_ITEMS}</totalrecord>'
                        f"<recordset>{records(pages[0])}</recordset></datastore></script>"
                        f"<script>$('#u1').jpage({{totalRecord:{MANY_ITEMS},perPage:{MANY_PER_PAGE},"
                        f"proxyUrl:'{base}/module/web/jpage/dataproxy.jsp',ajaxParam:{{webid:1,"
                        f"columnid:{source},unitid:{source + 5000}}}}});</script></div></body></html>")
            if rest == "/module/web/jpage/dataproxy.jsp" and method == "POST":
                start = int(query.get("startrecord", ["1"])[0]) - 1
                chunk = ids[start:start + MANY_PER_PAGE]
                return (f"<datastore><totalrecord>{MANY_ITEMS}</totalrecord>"
                        f"<recordset>{records(chunk)}</recordset></datastore>")
        if platform == "gkmlpt":
            if rest == "/gkmlpt/index":
                return f"<html><script>window._CONFIG = {{SID:'{source}', TREE:[]}};</script></html>"
            if rest == "/gkmlpt/api/all/0":
                page = int(query.get("page", ["1"])[0])
                chunk = pages[page - 1] if page <= len(pages) else []
                return json.dumps({"articles": [
                    {"id": i, "title": f"文{i}", "url": f"{base}/gkmlpt/content/post_{i}.html",
                     "display_publish_time": 1709262000} for i in chunk],
                    "classify": {"post_count": MANY_ITEMS}}, ensure_ascii=False)
        if platform == "generic":
            links = lambda chunk: "".join(  # noqa: E731
                f'<li><a href="{base}/art/{i}.html">文{i}</a><em>2024-03-01</em></li>' for i in chunk)
            if rest == "/list/":
                return (f'<html><body><ul class="list">{links(pages[0])}</ul>'
                        f'<a class="next" href="{base}/list/list_2.html">下一页</a></body></html>')
            if rest == "/list/list_2.html":
                return f'<html><body><ul class="list">{links(pages[1])}</ul></body></html>'
        return None


def _small_article(source: int, rest: str) -> str:
    doc_id = int(re.search(r"(\d+)\.html$", rest).group(1))
    body = _body_paragraphs(doc_id, count=8)
    if "gkmlpt" in rest:
        content = json.dumps(body, ensure_ascii=False)
        return (f'<html><head><meta charset="utf-8"><title>文{doc_id}</title><script>window._CONFIG = '
                f'{{"SID":"{source}","DETAIL":{{"title":"文{doc_id}","content":{content}}}}};</script>'
                "</head><body></body></html>")
    return (f'<html><head><meta charset="utf-8"><title>文{doc_id}</title></head><body>'
            f'<div id="zoom"><div class="TRS_Editor">{body}</div></div></body></html>')


def many_registry_entries(port: int, size: int) -> list[dict]:
    """Registry entries for the `many` layout (as `govreports sources detect` would print them)."""
    entries = []
    for source in range(size):
        platform = PLATFORMS[source % len(PLATFORMS)]
        base = f"http://127.0.0.1:{port}/s{source}"
        list_url, options = {
            "trs": (f"{base}/index.html", {}),
            "hanweb": (f"{base}/col/col{source}/index.html", {}),
            "gkmlpt": (f"{base}/gkmlpt/index", {"sid": str(source)}),
            "generic": (f"{base}/list/", {"item_selector": "ul.list a", "next_selector": "a.next",
                                          "body_selector": "#zoom"}),
        }[platform]
        entries.append({"id": f"bench-{source}", "name": f"基准来源{source}", "platform": platform,
                        "list_urls": [list_url], "options": options,
                        "politeness": {"delay_seconds": 0, "allow_private_addresses": True}})
    return entries


# -- the server -------------------------------------------------------------------------------

class _Server:
    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.counts: Counter[str] = Counter()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = {k.strip().lower(): v.strip()
                           for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)}
                form: dict[str, str] = {}
                length = int(headers.get("content-length") or 0)
                if length:
                    raw = await reader.readexactly(length)
                    form = {k: v[0] for k, v in parse_qs(raw.decode("utf-8")).items()}
                writer.write(self.respond(method, target, headers, form))
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    def respond(self, method: str, target: str, headers: dict[str, str], form: dict[str, str]) -> bytes:
        if target == "/__stats":
            status, content_type, body = 200, "application/json", json.dumps(self.counts).encode()
        else:
            status, content_type, body = self.layout.answer(method, target, form)
            self.counts[_kind(target)] += 1
        extra = ""
        if status == 200 and target != "/__stats" and _kind(target) == "list":
            etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
            extra = f"ETag: {etag}\r\n"
            if headers.get("if-none-match") == etag:
                status, body = 304, b""
                self.counts["list_304"] += 1
        reason = {200: "OK", 304: "Not Modified", 404: "Not Found"}[status]
        return (f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n{extra}"
                f"Content-Length: {len(body)}\r\n\r\n").encode() + body


def _kind(target: str) -> str:
    path = urlsplit(target).path
    if path == "/robots.txt":
        return "robots"
    if re.search(r"/t\d{8}_\d+\.html$|/art/\d+\.html$|/post_\d+\.html$", path):
        return "article"
    return "list"


def _serve(mode: str, size: int, port_pipe) -> None:
    async def main() -> None:
        server = await asyncio.start_server(_Server(Layout(mode, size)).handle, "127.0.0.1", 0,
                                            backlog=256)
        port_pipe.send(server.sockets[0].getsockname()[1])
        async with server:
            await server.serve_forever()

    asyncio.run(main())


class FixtureSite:
    """The fixture site in its own process: `with FixtureSite("big", 10_000) as site: site.port`."""

    def __init__(self, mode: str, size: int) -> None:
        self.mode, self.size = mode, size

    def __enter__(self) -> FixtureSite:
        receive, send = multiprocessing.Pipe(duplex=False)
        self.process = multiprocessing.Process(target=_serve, args=(self.mode, self.size, send),
                                               daemon=True)
        self.process.start()
        self.port = receive.recv()
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.join()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stats(self) -> Counter[str]:
        import urllib.request

        # A direct local request: no proxy, never leaves 127.0.0.1.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(self.url("/__stats")) as answer:
            return Counter(json.loads(answer.read()))
