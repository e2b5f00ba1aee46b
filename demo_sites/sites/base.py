"""What every demo site has: an article list that can change at run time, robots.txt,
a search page that robots.txt forbids, and a 404 page.

A site is a plain object: `handle(request) -> Response`. The HTTP plumbing lives in
`demo_sites.server`, so sites can be tested without sockets.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import timedelta

from demo_sites.content import Article, extra_report, newest_first
from demo_sites.fillers import SITE_CONTEXT, extra_filler, fillers


@dataclass
class Request:
    method: str                 # GET, HEAD or POST
    path: str                   # without the query string
    query: dict[str, str]       # first value of each query parameter
    form: dict[str, str]        # POST form fields (application/x-www-form-urlencoded)
    host: str                   # the Host header, e.g. 127.0.0.1:18801

    @property
    def origin(self) -> str:
        return f"http://{self.host}"

    def param(self, name: str, default: str = "") -> str:
        """A parameter from the form or the query string (Hanweb accepts both)."""
        return self.form.get(name, self.query.get(name, default))


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


class Site:
    key = ""                     # zjg, huadu, …
    offset = 0                   # port = port base + offset
    title = ""                   # human name for logs and the README
    encoding = "utf-8"
    content_type = "text/html; charset=utf-8"
    crawl_delay: str | None = None
    can_publish = True           # False for sites without an article list

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._articles: list[Article] = self.initial_articles()
        self._extras = 0

    # ------------------------------------------------------------------ content

    def initial_articles(self) -> list[Article]:
        """The seed report plus the site's fillers."""
        report = self.report()
        return [report, *fillers(self.key, report.doc_id, report.published)]

    def report(self) -> Article:
        raise NotImplementedError

    @property
    def articles(self) -> list[Article]:
        """Newest first, as list pages show them."""
        with self._lock:
            return newest_first(self._articles)

    def add_article(self, article: Article) -> None:
        with self._lock:
            if any(a.doc_id == article.doc_id for a in self._articles):
                raise ValueError(f"{self.key}: article id {article.doc_id} already exists")
            self._articles.append(article)

    def find(self, doc_id: int) -> Article | None:
        with self._lock:
            return next((a for a in self._articles if a.doc_id == doc_id), None)

    def publish_extra(self, kind: str = "report") -> Article:
        """Publish a new article, newer than everything on the site (incremental tests)."""
        if not self.can_publish:
            raise ValueError(f"site {self.key!r} has no article list to publish to")
        with self._lock:
            self._extras += 1
            number = self._extras
            newest = max(self._articles, key=lambda a: a.published)
            doc_id = max(a.doc_id for a in self._articles) + 101
        if kind == "report":
            article = extra_report(SITE_CONTEXT[self.key], number, doc_id, newest.published)
        elif kind == "filler":
            published = newest.published + timedelta(days=1)
            article = extra_filler(self.key, number, doc_id, published)
        else:
            raise ValueError(f"kind must be 'report' or 'filler', not {kind!r}")
        self.add_article(article)
        return article

    def article_path(self, article: Article) -> str:
        raise NotImplementedError

    # ------------------------------------------------------------------ HTTP

    def handle(self, request: Request) -> Response:
        if request.path == "/robots.txt":
            return Response(200, self.robots().encode("ascii"), "text/plain")
        if request.path.startswith("/search/"):
            return self.html("<html><body><p>检索结果：共0条</p></body></html>")
        response = self.route(request)
        return response if response is not None else self.not_found()

    def route(self, request: Request) -> Response | None:
        """The platform's pages; None means 404."""
        raise NotImplementedError

    def robots(self) -> str:
        # Disallow before Allow: parsers that take the first matching rule (Python's
        # urllib.robotparser) and those that take the longest match agree on this order.
        lines = ["User-agent: *", "Disallow: /search/", "Allow: /"]
        if self.crawl_delay is not None:
            lines.append(f"Crawl-delay: {self.crawl_delay}")
        return "\n".join(lines) + "\n"

    def html(self, text: str, status: int = 200) -> Response:
        return Response(status, text.encode(self.encoding), self.content_type)

    def not_found(self) -> Response:
        return self.html(
            "<html><head><title>404</title></head><body><h1>404 Not Found</h1>"
            "<p>对不起，您访问的页面不存在或已被删除！</p></body></html>",
            status=404,
        )
