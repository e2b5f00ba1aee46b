"""焦作市解放区: Hanweb JCMS (大汉).

The column page embeds its first list page as `<script type="text/xml"><datastore>…`; the
other pages come from `dataproxy.jsp` (POST with form fields, or the newer GET `?page=N`),
answering XML whose records are HTML fragments in CDATA. The body of an article sits between
`<!--ZJEG_RSS.content.begin-->` and `<!--ZJEG_RSS.content.end-->` inside `div#zoom`.

The whole site is GB18030 bytes, the Content-Type header has no charset and the page's
meta tag claims gb2312 (a decoder that believes it fails on 镕, in the footer of every
page and in a filler article).
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

WEBID = 1
COLUMNID = 3821
UNITID = 9627
PERPAGE = 6
WEBNAME = "焦作市解放区人民政府"
COLUMN_NAME = "法治政府建设"

# All three paths the platform uses for the same endpoint.
PROXY_PATHS = (
    "/module/web/jpage/dataproxy.jsp",
    "/module/jpage/dataproxy.jsp",
    "/module/jslib/jquery/jpage/dataproxy.jsp",
)
_ARTICLE = re.compile(rf"/art/(\d{{4}})/(\d{{1,2}})/(\d{{1,2}})/art_{COLUMNID}_(\d+)\.html")


def _int(text: str, default: int) -> int:
    try:
        return int(float(text))
    except ValueError:
        return default


class JiefangSite(Site):
    key = "jiefang"
    offset = 4
    title = "焦作市解放区人民政府 (Hanweb JCMS, GB18030)"
    encoding = "gb18030"
    content_type = "text/html"   # no charset: the bytes are GB18030, the meta says gb2312
    column_path = f"/col/col{COLUMNID}/"
    gov = GovSite(
        site_name=WEBNAME,
        site_domain="www.jfq.gov.cn",
        site_id_code="4108020002",
        organizer="焦作市解放区人民政府办公室",
        icp="豫ICP备05005367号-1",
        police="豫公网安备 41080202000118号",
        # 镕 is outside GB2312: every page of this site fails a gb2312 decoder.
        support="焦作市镕信网络科技有限公司",
    )

    def report(self) -> Article:
        return content.report_004()

    def article_path(self, article: Article) -> str:
        d = article.published
        return f"/art/{d.year}/{d.month}/{d.day}/art_{COLUMNID}_{article.doc_id}.html"

    def record(self, article: Article) -> str:
        return (f'<li><a href="{self.article_path(article)}" title="{esc(article.title)}" '
                f'target="_blank">{esc(article.title)}</a><span>{article.date}</span></li>')

    # ------------------------------------------------------------------ routes

    def route(self, request: Request) -> Response | None:
        if request.path in (self.column_path, self.column_path + "index.html"):
            if request.method in ("GET", "HEAD"):
                return self.html(self.column_page())
            return None
        if request.path in PROXY_PATHS:
            return self.dataproxy(request)
        if (m := _ARTICLE.fullmatch(request.path)) and request.method in ("GET", "HEAD"):
            article = self.find(int(m.group(4)))
            if article and self.article_path(article) == request.path:
                return self.html(self.article_page(article, request.origin + request.path))
        return None

    def dataproxy(self, request: Request) -> Response:
        articles = self.articles
        if (_int(request.param("columnid"), 0), _int(request.param("unitid"), 0)) != (
            COLUMNID,
            UNITID,
        ):
            # The real endpoint answers an empty datastore when it does not know the column.
            articles = []
        perpage = max(1, _int(request.query.get("perpage", request.param("perpage")), PERPAGE))
        if "startrecord" in request.query or "startrecord" in request.form:
            start = max(1, _int(request.param("startrecord"), 1))
            end = _int(request.param("endrecord"), start + perpage - 1)
            chosen = articles[start - 1:end]
        else:  # GET ?page=N (newer sites)
            page = max(1, _int(request.param("page"), 1))
            chosen = page_slice(articles, perpage, page - 1)
        total = len(articles)
        records = "\n".join(f"<record><![CDATA[\n{self.record(a)}]]></record>" for a in chosen)
        body = (f"<datastore>\n<totalrecord>{total}</totalrecord>\n"
                f"<totalpage>{page_count(total, perpage) if total else 0}</totalpage>\n"
                f"<recordset>\n{records}\n</recordset>\n</datastore>")
        return self.html(body)

    # ------------------------------------------------------------------ pages

    def _head(self, title: str, metas: str) -> str:
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{esc(title)}</title>
{metas}
<link href="/images/jf_style.css" rel="stylesheet" type="text/css">
<script language="javascript" src="/module/jslib/jquery/jquery.js"></script>
</head>"""

    def _top(self) -> str:
        return f"""<div class="top"><span>今天是：
<script>document.write(new Date().toLocaleDateString())</script></span>
<a href="#">设为首页</a> <a href="#">加入收藏</a> <a href="#">无障碍浏览</a></div>
<div class="banner"><div class="logo">{WEBNAME}</div>
<form action="/search/" method="get"><input name="q" type="text"><input type="submit" value="搜 索"></form></div>
<div class="menu"><a href="/">首 页</a> <a href="#">走进解放</a> <a href="#">政务公开</a>
<a href="#">政务服务</a> <a href="#">政民互动</a></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="#">政务公开</a> &gt;
<a href="#">部门信息</a> &gt; <a href="{self.column_path}index.html">{COLUMN_NAME}</a></div>"""

    def column_page(self) -> str:
        articles = self.articles
        first = page_slice(articles, PERPAGE, 0)
        records = "".join(f"<record><![CDATA[\n{self.record(a)}]]></record>" for a in first)
        nextgroup = (f'<a href="{PROXY_PATHS[0]}?page=1&appid=1&webid={WEBID}&path=/'
                     f'&columnid={COLUMNID}&unitid={UNITID}&webname={WEBNAME}&permissiontype=0"></a>')
        datastore = (f'<script type="text/xml"><datastore><nextgroup><![CDATA[{nextgroup}]]>'
                     f"</nextgroup><recordset>{records}</recordset></datastore></script>")
        metas = column_meta(self.gov, COLUMN_NAME, "解放区退役军人事务局法治政府建设")
        return f"""{self._head(f"{COLUMN_NAME} {WEBNAME}", metas)}
<body>
{self._top()}
<div class="main">
<div class="lm_name">{COLUMN_NAME}</div>
<div class="lm_list" id="{UNITID}">
{datastore}
<script language="javascript" src="{PROXY_PATHS[0].rsplit("/", 1)[0]}/jpage.js"></script>
<script>
var totalRecord = {len(articles)};
var perpage = {PERPAGE};
$('#{UNITID}').jpage({{
  dataStore: dataStore, totalRecord: totalRecord, perPage: perpage, groupSize: 3,
  proxyUrl: '{PROXY_PATHS[0]}',
  ajaxParam: {{col: 1, appid: 1, webid: {WEBID}, path: '/', columnid: {COLUMNID}, sourceContentType: 1,
    unitid: {UNITID}, webname: '{WEBNAME}', permissiontype: 0}}
}});
</script>
</div>
</div>
{footer(self.gov)}
</body>
</html>
"""

    def article_page(self, article: Article, url: str) -> str:
        metas = article_meta(self.gov, COLUMN_NAME, article, url)
        published = article.published.strftime("%Y-%m-%d %H:%M")
        return f"""{self._head(article.title, metas)}
<body>
{self._top()}
<table class="article" width="1000" border="0" cellspacing="0" cellpadding="0" align="center">
<tr><td class="title" align="center">{esc(article.title)}</td></tr>
<tr><td class="info" align="center">发布日期：{published}　　信息来源：{esc(article.source)}
　　浏览次数：<script language="javascript"
src="/module/visitcount/articlehits.jsp?colid={COLUMNID}&artid={article.doc_id}"></script>
　　【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</td></tr>
<tr><td class="bt_content"><div id="zoom"><!--ZJEG_RSS.content.begin--><meta name="ContentStart">
{paragraphs_html(article.paragraphs)}
<meta name="ContentEnd"><!--ZJEG_RSS.content.end--></div></td></tr>
<tr><td align="right">【<a href="javascript:window.print()">打印本页</a>】
【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>
</table>
{footer(self.gov)}
</body>
</html>
"""
