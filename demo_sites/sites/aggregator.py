"""笔杆儿网 (bgzjy): a 范文 aggregator, not a government site.

Generic layout read with CSS selectors (the `generic` platform): list `/fanwen/fazhi/`,
`/fanwen/fazhi/list_2.html`, …; article `/fanwen/fazhi/YYYYMMDD/<id>.html` with the text in
`div.content`, ads around it, and only title/keywords/description meta (no SiteIDCode).
"""

from __future__ import annotations

import re

from demo_sites import content
from demo_sites.content import Article
from demo_sites.pages import esc, meta_tags, page_count, page_slice, paragraphs_html
from demo_sites.sites.base import Request, Response, Site

LIST_PATH = "/fanwen/fazhi/"
PAGE_SIZE = 8
_LIST = re.compile(r"/fanwen/fazhi/(?:index\.html|list_(\d+)\.html)?")
_ARTICLE = re.compile(r"/fanwen/fazhi/(\d{8})/(\d+)\.html")

_AD = """<div class="ad"><a href="#">【会员专享】海量精品范文一键下载，开通VIP立享8折优惠</a></div>"""


class BgzjySite(Site):
    key = "bgzjy"
    offset = 5
    title = "笔杆儿网 (aggregator, generic)"

    def report(self) -> Article:
        return content.report_003()

    def article_path(self, article: Article) -> str:
        return f"{LIST_PATH}{article.published:%Y%m%d}/{article.doc_id}.html"

    def list_path(self, page: int) -> str:
        """1-based page number -> its path (page 1 is the folder itself)."""
        return LIST_PATH if page == 1 else f"{LIST_PATH}list_{page}.html"

    def route(self, request: Request) -> Response | None:
        if request.method not in ("GET", "HEAD"):
            return None
        if m := _LIST.fullmatch(request.path):
            return self.list_page(int(m.group(1) or 1))
        if m := _ARTICLE.fullmatch(request.path):
            article = self.find(int(m.group(2)))
            if article and self.article_path(article) == request.path:
                return self.html(self.article_page(article))
        return None

    def _header(self) -> str:
        return """<div class="header"><div class="logo"><a href="/">笔杆儿网</a>
<span>www.bgzjy.cn 专业范文写作平台</span></div>
<form action="/search/" method="get"><input name="wd" placeholder="搜索范文"><button>搜索</button></form></div>
<div class="nav"><a href="/">首页</a> <a href="#">工作总结</a> <a href="#">工作计划</a> <a href="#">心得体会</a>
<a href="#">述职报告</a> <a href="/fanwen/fazhi/">法治建设</a> <a href="#">党建材料</a></div>"""

    def _footer(self) -> str:
        return """<div class="footer"><p>本站文章均来自网络或网友投稿，仅供学习参考，如有侵权请联系删除。</p>
<p>Copyright &copy; 2016-2024 笔杆儿网 版权所有 <a href="#">浙ICP备16031512号-2</a></p></div>"""

    def list_page(self, page: int) -> Response | None:
        articles = self.articles
        pages = page_count(len(articles), PAGE_SIZE)
        if not 1 <= page <= pages:
            return None
        items = "\n".join(
            f'<li><a href="{self.article_path(a)}">{esc(a.title)}</a><em>{a.date}</em></li>'
            for a in page_slice(articles, PAGE_SIZE, page - 1)
        )
        links = [f'<a href="{LIST_PATH}">首页</a>']
        if page > 1:
            links.append(f'<a class="prev" href="{self.list_path(page - 1)}">上一页</a>')
        for n in range(1, pages + 1):
            links.append(f'<span class="current">{n}</span>' if n == page
                         else f'<a href="{self.list_path(n)}">{n}</a>')
        if page < pages:
            links.append(f'<a class="next" href="{self.list_path(page + 1)}">下一页</a>')
        links.append(f'<a href="{self.list_path(pages)}">尾页</a>')
        return self.html(f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>法治建设范文_法治政府建设工作总结_笔杆儿网</title>
{meta_tags([("keywords", "法治建设,法治政府建设总结,依法行政工作总结"),
            ("description", "笔杆儿网法治建设栏目提供法治政府建设工作总结、普法工作计划等范文。")])}
</head>
<body>
{self._header()}
{_AD}
<div class="main"><div class="crumb">当前位置：<a href="/">笔杆儿网</a> &gt; <a href="{LIST_PATH}">法治建设</a></div>
<div class="list"><ul>
{items}
</ul></div>
<div class="pages">{" ".join(links)}</div>
</div>
{_AD}
{self._footer()}
</body>
</html>
""")

    def article_page(self, article: Article) -> str:
        return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(article.title)}_笔杆儿网</title>
{meta_tags([("keywords", article.keywords), ("description", article.description)])}
</head>
<body>
{self._header()}
{_AD}
<div class="main">
<div class="crumb">当前位置：<a href="/">笔杆儿网</a> &gt; <a href="{LIST_PATH}">法治建设</a> &gt; 正文</div>
<div class="article">
<h1>{esc(article.title)}</h1>
<div class="info">时间：{article.date}　作者：网友投稿　浏览：<span>{article.doc_id % 997}</span>次</div>
<div class="content">
{paragraphs_html(article.paragraphs)}
</div>
<div class="download"><a href="#">下载这篇Word文档</a>（会员免费）</div>
</div>
<div class="related"><h3>相关范文</h3><ul>
<li><a href="#">2023年法治政府建设工作计划</a></li><li><a href="#">依法行政工作总结范文</a></li></ul></div>
</div>
{_AD}
{self._footer()}
</body>
</html>
"""
