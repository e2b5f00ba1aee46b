"""A tiny programmable web site on 127.0.0.1 (port 0) for the scraper tests, and sources for it.

Tests register answers per path; the site logs every request with its arrival time, so a
test can check what the harvester asked for, in which order and how fast.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from scrapers.registry import Politeness, SourceEntry


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    send_length: bool = True      # False: no Content-Length, the body ends when we close
    delay: float = 0.0            # seconds to wait before answering


@dataclass
class Hit:
    method: str
    path: str           # with the query string
    at: float           # time.monotonic() on arrival
    headers: dict[str, str]
    form: dict[str, str]


Route = Answer | Callable[[Hit], Answer] | list[Answer]


class LocalSite:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                self._answer("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._answer("POST")

            def _answer(self, method: str) -> None:
                form: dict[str, str] = {}
                if method == "POST":
                    raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                    form = {k: v[0] for k, v in parse_qs(raw.decode("utf-8")).items()}
                hit = Hit(method, self.path, time.monotonic(), dict(self.headers), form)
                answer = site.answer_for(hit)
                if answer.delay:
                    time.sleep(answer.delay)
                self.send_response(answer.status)
                headers = {"Content-Type": "text/html; charset=utf-8", **answer.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                if answer.send_length and "Content-Length" not in answer.headers:
                    self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, answer: Route) -> None:
        """`path` matches the request path without its query, or with it when given with one."""
        self.routes[path] = answer

    def page(self, path: str, html: str, **headers: str) -> None:
        self.route(path, Answer(200, html.encode("utf-8"), headers))

    def answer_for(self, hit: Hit) -> Answer:
        with self._lock:
            self.hits.append(hit)
            route = self.routes.get(hit.path) or self.routes.get(urlsplit(hit.path).path)
            if route is None:
                if urlsplit(hit.path).path == "/robots.txt":
                    return Answer(404, b"not found")
                return Answer(404, b"<html><body>404</body></html>")
            if isinstance(route, list):
                # A sequence of answers, one per request; the last one repeats.
                return route.pop(0) if len(route) > 1 else route[0]
            return route(hit) if callable(route) else route

    def paths(self, method: str | None = None) -> list[str]:
        return [hit.path for hit in self.hits if method is None or hit.method == method]

    def start(self) -> LocalSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# Fast but otherwise real politeness: a local site may be reached, retries do not dawdle.
FAST = Politeness(delay_seconds=0.0, allow_private_addresses=True, backoff_seconds=0.01,
                  timeout_seconds=5)


def make_source(list_url: str, platform: str = "trs", **fields: object) -> SourceEntry:
    entry = {
        "id": "test-source",
        "name": "测试来源",
        "platform": platform,
        "list_urls": [list_url],
        "politeness": FAST.model_dump(),
        **fields,
    }
    return SourceEntry.model_validate(entry)
