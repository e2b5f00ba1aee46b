"""广州市花都区: the Guangdong intensive platform (gkmlpt).

The index page carries only `window._CONFIG = {SID:…, TREE:[…]}`; the list comes from a
JSON API and a detail page's body exists only as a JSON string in `_CONFIG.DETAIL.content`.
The visible HTML is chrome, so a generic text extractor finds the chrome and nothing else.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

from demo_sites import content
from demo_sites.content import Article
from demo_sites.pages import GovSite, article_meta, column_meta, esc, footer, page_slice
from demo_sites.sites.base import Request, Response, Site

SID = "200029"
PAGE_SIZE = 10
_BEIJING = timezone(timedelta(hours=8))

# Category tree (ids as the platform numbers them); 0 is "everything".
CATEGORIES = {
    2841: "工作动态",
    2842: "通知公告",
    2843: "政策解读",
    2844: "法治政府建设",
    2845: "政府信息公开年报",
}

_API = re.compile(r"/gkmlpt/api/all/(\d+)")
_DETAIL = re.compile(r"/gkmlpt/content/(\d+)/(\d+)/post_(\d+)\.html")


def unix(moment: datetime) -> int:
    return int(moment.replace(tzinfo=_BEIJING).timestamp())


def script_json(value: object) -> str:
    """JSON safe to put inside <script>: "</" is written "<\\/" as the platform does."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


class HuaduSite(Site):
    key = "huadu"
    offset = 2
    title = "广州市花都区人民政府 (gkmlpt)"
    agency = "广州市花都区退役军人事务局"
    gov = GovSite(
        site_name="广州市花都区人民政府",
        site_domain="www.huadu.gov.cn",
        site_id_code="4401140012",
        organizer="广州市花都区人民政府办公室",
        icp="粤ICP备10223593号",
        police="粤公网安备 44011402000120号",
    )

    def report(self) -> Article:
        return content.report_001()

    def article_path(self, article: Article) -> str:
        i = article.doc_id
        return f"/gkmlpt/content/{i // 1000000}/{i // 1000}/post_{i}.html"

    def category_id(self, article: Article) -> int:
        return next((cid for cid, name in CATEGORIES.items() if name == article.category), 2841)

    def tree(self) -> list[dict]:
        return [{"id": cid, "name": name, "parent": 0, "jump": "", "child": []}
                for cid, name in CATEGORIES.items()]

    # ------------------------------------------------------------------ routes

    def route(self, request: Request) -> Response | None:
        if request.method not in ("GET", "HEAD"):
            return None
        if request.path in ("/gkmlpt/index", "/gkmlpt/", "/gkmlpt/index.html"):
            return self.html(self.index_page(request.origin + request.path))
        if m := _API.fullmatch(request.path):
            return self.api(request, int(m.group(1)))
        if m := _DETAIL.fullmatch(request.path):
            article = self.find(int(m.group(3)))
            if article and self.article_path(article) == request.path:
                return self.html(self.detail_page(article, request.origin + request.path))
        return None

    def api(self, request: Request, category: int) -> Response | None:
        # A wrong or missing sid is an error on the real platform too.
        if request.query.get("sid") != SID:
            return None
        try:
            page = max(1, int(request.query.get("page", "1")))
        except ValueError:
            page = 1
        articles = self.articles
        if category:
            if category not in CATEGORIES:
                return None
            articles = [a for a in articles if self.category_id(a) == category]
        total = len(articles)
        payload = {
            "articles": [self.api_item(a, request.origin)
                         for a in page_slice(articles, PAGE_SIZE, page - 1)],
            "classify": {"id": category, "name": CATEGORIES.get(category, "全部"),
                         "post_count": total},
            "total": total,
            "page": page,
            "page_size": PAGE_SIZE,
        }
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return Response(200, body, "application/json;charset=UTF-8")

    def api_item(self, article: Article, origin: str) -> dict:
        path = self.article_path(article)
        return {
            "id": article.doc_id,
            "title": article.title,
            "url": origin + path,
            "post_url": path,
            "created_at": unix(article.published - timedelta(minutes=17)),
            "display_publish_time": unix(article.published),
            "document_number": "",
            "identifier": self.identifier(article),
            "publisher": self.agency,
            "keywords": article.keywords,
            "abstract": article.description,
            "classify_main_name": article.category,
            "classify_genre_name": "其他",
            "classify_theme_name": "民政、扶贫、救灾",
            "is_expired": False,
            "is_abolished": False,
            "attachment": [],
        }

    def identifier(self, article: Article) -> str:
        return f"11440114MB2D11726X/{article.published.year}-{article.doc_id % 100000:05d}"

    # ------------------------------------------------------------------ pages

    def _config(self, detail: dict | None = None) -> str:
        extra = f", DETAIL: {script_json(detail)}" if detail is not None else ""
        return (f"<script>window._CONFIG = {{SID:'{SID}', TREE:{script_json(self.tree())}, "
                f"DEPT:'{self.agency}', CATEGORY_ID: 0{extra}}};</script>")

    def _header(self) -> str:
        return """<div class="headerBg"><img src="/gkmlpt/images/headerBg.png" alt="headerBg"></div>
<div class="header"><div class="site-name">广州市花都区人民政府</div>
  <div class="dept-name">广州市花都区退役军人事务局</div>
  <form action="/search/" method="get"><input name="keywords"><button>搜索</button></form></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="#">政务公开</a> &gt;
<a href="/gkmlpt/index">政府信息公开目录</a></div>"""

    def index_page(self, url: str) -> str:
        return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>政府信息公开目录_广州市花都区人民政府</title>
{column_meta(self.gov, "政府信息公开目录", "广州市花都区退役军人事务局政府信息公开目录")}
{self._config()}
<script src="/gkmlpt/js/gkml.js"></script>
</head>
<body>
{self._header()}
<div class="gkml-main"><div class="gkml-tree" id="tree"></div>
<div class="gkml-list" id="list"><p class="loading">正在加载……</p></div></div>
{footer(self.gov)}
</body>
</html>
"""

    def detail_page(self, article: Article, url: str) -> str:
        detail = {
            "id": article.doc_id,
            "title": article.title,
            "content": "".join(f"<p>{esc(p)}</p>" for p in article.paragraphs),
            "publisher": self.agency,
            "source": article.source,
            "display_publish_time": unix(article.published),
            "created_at": unix(article.published - timedelta(minutes=17)),
            "document_number": "",
            "identifier": self.identifier(article),
            "classify_main_name": article.category,
            "attachment": [],
        }
        published = article.published.strftime("%Y-%m-%d %H:%M")
        # The visible page is the template the platform's script fills; the chrome texts
        # are what real captures contain around the body.
        return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(article.title)}_广州市花都区人民政府</title>
{article_meta(self.gov, "政府信息公开目录", article, url)}
{self._config(detail)}
<script src="/gkmlpt/js/gkml.js"></script>
</head>
<body>
{self._header()}
<div class="content-box">
<h1 class="content-title" id="title">{esc(article.title)}</h1>
<div class="content-info">发布日期:{published}&nbsp;&nbsp;&nbsp;&nbsp;文章来源:{esc(article.source)}
&nbsp;&nbsp;&nbsp;&nbsp; 【 字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a> 】&nbsp;&nbsp;访问量: -</div>
<div class="article-content" id="content"></div>
<div class="attachment">相关附件:</div>
<div class="share">分享到:<a href="#">微信</a> <a href="#">微博</a></div>
</div>
{footer(self.gov)}
</body>
</html>
"""
