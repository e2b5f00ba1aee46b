"""TRS WCM sites: 张家港 (classic `createPageHTML`) and 沙坪坝 (Chongqing `createPage`).

Both publish a column as `index.html`, `index_1.html`, … (page n is `index_{n-1}`) with the
page count only in inline JavaScript, and articles at `<column>/YYYYMM/tYYYYMMDD_<docid>.html`
with the date in the URL. Attachments sit in the article's month folder, linked relatively.
"""

from __future__ import annotations

import re

from demo_sites import content
from demo_sites.content import Article
from demo_sites.pages import (
    GovSite,
    article_meta,
    column_meta,
    esc,
    footer,
    page_count,
    page_slice,
    paragraphs_html,
)
from demo_sites.sites.base import Request, Response, Site

_INDEX = re.compile(r"index(?:_(\d+))?\.html")
_ARTICLE = re.compile(r"(\d{6})/t(\d{8})_(\d+)\.html")


class TrsSite(Site):
    column_path = ""             # e.g. /tyjrswj/fzzfjs/
    column_name = ""
    page_size = 6
    gov: GovSite

    def article_path(self, article: Article) -> str:
        return f"{self.column_path}{article.published:%Y%m}/t{article.published:%Y%m%d}_{article.doc_id}.html"

    def route(self, request: Request) -> Response | None:
        if request.method not in ("GET", "HEAD") or not request.path.startswith(self.column_path):
            return None
        rest = request.path[len(self.column_path):]
        if rest == "":
            rest = "index.html"
        if m := _INDEX.fullmatch(rest):
            return self.list_page(int(m.group(1) or 0))
        if m := _ARTICLE.fullmatch(rest):
            article = self.find(int(m.group(3)))
            if article and self.article_path(article) == request.path:
                return self.html(self.article_page(article, request.origin + request.path))
            return None
        return self.attachment(rest)

    def attachment(self, rest: str) -> Response | None:
        folder, _, name = rest.partition("/")
        for article in self.articles:
            att = article.attachment
            if att and name == att.filename and folder == f"{article.published:%Y%m}":
                return Response(200, att.path.read_bytes(), att.content_type)
        return None

    def list_page(self, page: int) -> Response | None:
        articles = self.articles
        pages = page_count(len(articles), self.page_size)
        if page >= pages:
            return None
        items = "\n".join(
            f'<li><a href="./{a.published:%Y%m}/t{a.published:%Y%m%d}_{a.doc_id}.html" '
            f'title="{esc(a.title)}" target="_blank">{esc(a.title)}</a><span>{a.date}</span></li>'
            for a in page_slice(articles, self.page_size, page)
        )
        return self.html(self.list_html(items, page, pages, len(articles)))

    def list_html(self, items: str, page: int, pages: int, total: int) -> str:
        raise NotImplementedError

    def article_page(self, article: Article, url: str) -> str:
        raise NotImplementedError


class ZjgSite(TrsSite):
    key = "zjg"
    offset = 1
    title = "张家港市人民政府 (TRS WCM)"
    column_path = "/tyjrswj/fzzfjs/"
    column_name = "法治政府建设"
    page_size = 6
    gov = GovSite(
        site_name="张家港市人民政府",
        site_domain="www.zjg.gov.cn",
        site_id_code="3205820001",
        organizer="张家港市人民政府办公室",
        icp="苏ICP备05004575号-1",
        police="苏公网安备 32058202010473号",
    )

    def report(self) -> Article:
        return content.report_000()

    def _chrome_top(self) -> str:
        return """<div class="top"><div class="w1200"><span>欢迎访问张家港市人民政府网站！</span>
  <a href="#">无障碍浏览</a> <a href="#">长者模式</a> <a href="#">English</a></div></div>
<div class="header"><div class="logo"><a href="/">张家港市人民政府</a></div>
  <form class="search" action="/search/" method="get"><input type="text" name="searchword">
  <button type="submit">搜索</button></form></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="#">走进张家港</a></li>
  <li><a href="#">政务公开</a></li><li><a href="#">政务服务</a></li><li><a href="#">互动交流</a></li></ul></div>"""

    def _position(self) -> str:
        return ('<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="#">政务公开</a>'
                ' &gt; <a href="/tyjrswj/">市退役军人事务局</a> &gt; '
                f'<a href="{self.column_path}">{self.column_name}</a></div>')

    def list_html(self, items: str, page: int, pages: int, total: int) -> str:
        return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{self.column_name}_张家港市人民政府</title>
{column_meta(self.gov, self.column_name, "张家港市退役军人事务局法治政府建设信息")}
<link rel="stylesheet" href="/images/zjg_common.css">
<script src="/images/page.js"></script>
</head>
<body>
{self._chrome_top()}
{self._position()}
<div class="main w1200">
<div class="left-menu"><h2>市退役军人事务局</h2><ul><li><a href="#">机构职能</a></li>
<li><a href="#">工作动态</a></li><li class="on"><a href="{self.column_path}">{self.column_name}</a></li></ul></div>
<div class="right-list">
<div class="list-title"><span>{self.column_name}</span></div>
<ul class="list">
{items}
</ul>
<div class="page"><script>createPageHTML({pages}, {page}, "index", "html");</script></div>
</div>
</div>
{footer(self.gov)}
</body>
</html>
"""

    def article_page(self, article: Article, url: str) -> str:
        body = paragraphs_html(article.paragraphs, "text-indent: 2em;")
        if att := article.attachment:
            body += (f'\n<p><a href="./{att.filename}" OLDSRC="/protect/P0/2021/{att.filename}">'
                     f"{esc(att.link_text)}</a></p>")
        published = article.published.strftime("%Y-%m-%d %H:%M")
        return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(article.title)}_张家港市人民政府</title>
{article_meta(self.gov, self.column_name, article, url)}
<link rel="stylesheet" href="/images/zjg_common.css">
</head>
<body>
{self._chrome_top()}
{self._position()}
<div class="article w1200">
<h1 class="title">{esc(article.title)}</h1>
<div class="info"><span>发布日期：{published}</span> <span>来源：{esc(article.source)}</span>
<span>浏览次数：<em id="hits">-</em></span>
<span>【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</span>
<span><a href="#">保护视力色</a></span></div>
<div class="content" id="zoom"><div class="TRS_Editor">
{body}
</div></div>
<div class="print">【<a href="javascript:window.print()">打印本页</a>】
【<a href="javascript:window.close()">关闭窗口</a>】</div>
</div>
{footer(self.gov)}
</body>
</html>
"""


class SpbSite(TrsSite):
    key = "spb"
    offset = 3
    title = "重庆市沙坪坝区人民政府 (TRS, Chongqing variant)"
    column_path = "/zwgk_162/fdzdgknr/fzzfjs/"
    column_name = "法治政府建设"
    page_size = 8
    crawl_delay = "0"
    gov = GovSite(
        site_name="重庆市沙坪坝区人民政府",
        site_domain="www.cqspb.gov.cn",
        site_id_code="5001060003",
        organizer="重庆市沙坪坝区人民政府办公室",
        icp="渝ICP备13003498号-1",
        police="渝公网安备 50010602500135号",
    )

    def report(self) -> Article:
        return content.report_002()

    def _chrome_top(self) -> str:
        return """<div class="header"><div class="header-top"><a href="#">无障碍</a> <a href="#">长者模式</a>
  <a href="#">登录</a> <a href="#">注册</a></div>
  <div class="logo"><a href="/">重庆市沙坪坝区人民政府</a></div>
  <form action="/search/" method="get"><input name="searchWord" placeholder="请输入关键字">
<input type="submit" value="搜索"></form>
</div>
<div class="nav"><a href="/">首页</a><a href="#">政务公开</a><a href="#">政务服务</a>
<a href="#">政民互动</a><a href="#">走进沙磁</a></div>"""

    def _crumbs(self) -> str:
        return ('<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="#">政务公开</a> &gt; '
                '<a href="#">法定主动公开内容</a> &gt; '
                f'<a href="{self.column_path}">{self.column_name}</a></div>')

    def list_html(self, items: str, page: int, pages: int, total: int) -> str:
        return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="UTF-8">
<title>{self.column_name}_重庆市沙坪坝区人民政府</title>
{column_meta(self.gov, self.column_name, "沙坪坝区法治政府建设")}
</head>
<body>
{self._chrome_top()}
{self._crumbs()}
<div class="container">
<div class="zwgk-left"><h3>法定主动公开内容</h3></div>
<div class="zwgk-right">
<div class="tab-title">{self.column_name}</div>
<ul class="tab-list">
{items}
</ul>
<div class="pagination">
<script>
//wcm分页，总记录：{total}
createPage({pages}, {page}, "index", "html");
</script>
</div>
</div>
</div>
{footer(self.gov)}
</body>
</html>
"""

    def article_page(self, article: Article, url: str) -> str:
        published = article.published
        index_no = f"11500106MB1504236T/{published.year}-{article.doc_id % 100000:05d}"
        return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="UTF-8">
<title>{esc(article.title)}_重庆市沙坪坝区人民政府</title>
{article_meta(self.gov, self.column_name, article, url)}
</head>
<body>
{self._chrome_top()}
{self._crumbs()}
<div class="container zwxl">
<table class="zwxl-table">
<tr><td>索引号：</td><td>{index_no}</td><td>发文字号：</td><td></td></tr>
<tr><td>主题分类：</td><td>其他</td><td>发布机构：</td><td>{esc(article.source)}</td></tr>
<tr><td>成文日期：</td><td>{published:%Y-%m-%d}</td><td>发布日期：</td><td>{published:%Y-%m-%d}</td></tr>
</table>
<div class="zwxl-title"><p class="tit">{esc(article.title)}</p></div>
<div class="zwxl-font">【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】 <a href="#">朗读</a></div>
<div class="zwxl-article"><div class="trs_editor_view TRS_UEDITOR trs_paper_default trs_web">
{paragraphs_html(article.paragraphs, "text-indent: 2em;")}
</div></div>
<div class="zwxl-share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
</div>
{footer(self.gov)}
</body>
</html>
"""
