"""Serve the demo government sites on 127.0.0.1, one HTTP server (and port) per site.

A site is a host, so each gets its own port and robots.txt. The servers run in daemon
threads; `DemoSites` is what `make run`, `python -m demo_sites serve` and the tests use:

    with DemoSites().start(port_base=0) as sites:        # ephemeral ports
        sites.write_registry(tmp_path / "sources.yml")   # the registry with those ports
        ...
        sites.publish_extra_report("zjg")                # a new report for the next "night"
"""

from __future__ import annotations

import os
import re
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from demo_sites.content import Article
from demo_sites.sites import DOWN_KEY, DOWN_OFFSET, Request, Response, Site, all_sites

DEFAULT_PORT_BASE = 18800
PORT_BASE_ENV = "GOVREPORTS_DEMO_PORT_BASE"

# Where each site's report column starts (what the registry's list_urls point at).
LIST_PATHS = {
    "zjg": "/tyjrswj/fzzfjs/index.html",
    "huadu": "/gkmlpt/index",
    "spb": "/zwgk_162/fdzdgknr/fzzfjs/index.html",
    "jiefang": "/col/col3821/index.html",
    "bgzjy": "/fanwen/fazhi/",
    "garbage": "/fanwen/list/",
    DOWN_KEY: "/tyjrswj/fzzfjs/index.html",
}

_REGISTRY_PORT = re.compile(r"127\.0\.0\.1:1880(\d)(?!\d)")


class DemoSitesError(RuntimeError):
    """The demo sites could not start (typically: a port is taken)."""


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    demo: DemoSites
    site_key: str


class _Handler(BaseHTTPRequestHandler):
    server: _SiteServer
    server_version = "nginx"     # what the real sites say; hides Python's version
    sys_version = ""

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._dispatch("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch("HEAD")

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        parts = urlsplit(self.path)
        form: dict[str, str] = {}
        if method == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if "application/x-www-form-urlencoded" in (self.headers.get("Content-Type") or ""):
                form = _first_values(raw.decode("utf-8", "replace"))
        request = Request(
            method=method,
            path=parts.path,
            query=_first_values(parts.query),
            form=form,
            host=self.headers.get("Host") or f"127.0.0.1:{self.server.server_address[1]}",
        )
        response = self.server.demo._respond(self.server.site_key, request)
        # Logged before the client can see the answer, so a test that just got a response
        # always finds it in the log.
        self.server.demo._log(self.server.site_key, method, self.path, response.status)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # the request log in DemoSites replaces stderr noise


def _first_values(query: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()}


def _unused_port() -> int:
    """A port nothing listens on: bind an ephemeral port, then close it again."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def default_port_base() -> int:
    return int(os.environ.get(PORT_BASE_ENV, DEFAULT_PORT_BASE))


def demo_registry_text() -> str:
    """The bundled demo registry `scrapers/sources/demo.yml` (package data of `scrapers`)."""
    try:
        resource = resources.files("scrapers").joinpath("sources/demo.yml")
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    except ModuleNotFoundError:
        pass
    fallback = Path(__file__).resolve().parent.parent / "scrapers" / "sources" / "demo.yml"
    return fallback.read_text(encoding="utf-8")


class DemoSites:
    """The seven demo sites: six served, one ("down") with a closed port."""

    def __init__(self) -> None:
        self.sites: dict[str, Site] = all_sites()
        self.ports: dict[str, int] = {}
        self._servers: dict[str, _SiteServer] = {}
        self._threads: dict[str, threading.Thread] = {}
        self._forced_status: dict[str, int] = {}
        self._log_lock = threading.Lock()
        self._logs: dict[str, list[tuple[str, str, int]]] = {k: [] for k in self.keys}

    @property
    def keys(self) -> list[str]:
        return [*self.sites, DOWN_KEY]

    # ------------------------------------------------------------------ lifecycle

    def start(self, port_base: int | None = None) -> DemoSites:
        """Bind every site (port_base + n; 0 = ephemeral ports) and serve in daemon threads.

        port_base defaults to $GOVREPORTS_DEMO_PORT_BASE, else 18800.
        """
        if self._servers:
            raise DemoSitesError("demo sites already started")
        base = default_port_base() if port_base is None else port_base
        try:
            for key, site in self.sites.items():
                self._bind(key, 0 if base == 0 else base + site.offset)
            self.ports[DOWN_KEY] = _unused_port() if base == 0 else base + DOWN_OFFSET
        except BaseException:
            self.stop()
            raise
        return self

    def _bind(self, key: str, port: int) -> None:
        try:
            server = _SiteServer(("127.0.0.1", port), _Handler)
        except OSError as exc:
            raise DemoSitesError(
                f"demo site {key!r} cannot listen on 127.0.0.1:{port} ({exc.strerror}). "
                f"Stop whatever uses the port, or pick another port base with "
                f"{PORT_BASE_ENV}=<base> (sites use base+1..base+9)."
            ) from exc
        server.demo = self
        server.site_key = key
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05},
            name=f"demo-site-{key}", daemon=True,
        )
        thread.start()
        self._servers[key] = server
        self._threads[key] = thread
        self.ports[key] = server.server_address[1]

    def stop(self) -> None:
        for key in list(self._servers):
            self._unbind(key)

    def _unbind(self, key: str) -> None:
        server = self._servers.pop(key)
        server.shutdown()
        server.server_close()
        self._threads.pop(key).join(timeout=5)

    def __enter__(self) -> DemoSites:
        if not self._servers:
            self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ addresses

    def base_url(self, site_key: str) -> str:
        return f"http://127.0.0.1:{self.ports[site_key]}"

    def list_url(self, site_key: str) -> str:
        """The URL the registry lists for the site (its report column)."""
        return self.base_url(site_key) + LIST_PATHS[site_key]

    def article_url(self, site_key: str, article: Article) -> str:
        return self.base_url(site_key) + self.sites[site_key].article_path(article)

    def write_registry(self, path: str | Path, source_text: str | None = None) -> Path:
        """Write the demo registry with every 127.0.0.1:1880N replaced by site n's real port."""
        by_offset = {site.offset: key for key, site in self.sites.items()}
        by_offset[DOWN_OFFSET] = DOWN_KEY
        text = demo_registry_text() if source_text is None else source_text

        def port_of(match: re.Match[str]) -> str:
            key = by_offset.get(int(match.group(1)))
            if key is None or key not in self.ports:
                return match.group(0)
            return f"127.0.0.1:{self.ports[key]}"

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_REGISTRY_PORT.sub(port_of, text), encoding="utf-8")
        return path

    # ------------------------------------------------------------------ changing the sites

    def publish_extra_report(self, site_key: str, kind: str = "report") -> str:
        """Publish one new article at the top of the site's list; returns its URL.

        kind="report": a short synthetic 法治政府建设 report for the next year;
        kind="filler": a news item. Use it between two harvests to test incremental runs.
        """
        article = self.sites[site_key].publish_extra(kind)
        return self.article_url(site_key, article)

    def add_article(self, site_key: str, article: Article) -> str:
        self.sites[site_key].add_article(article)
        return self.article_url(site_key, article)

    def force_status(self, site_key: str, status: int | None) -> None:
        """Make every request to the site (robots.txt too) answer `status`; None restores it."""
        if status is None:
            self._forced_status.pop(site_key, None)
        else:
            self._forced_status[site_key] = status

    def take_down(self, site_key: str) -> None:
        """Close the site's port: connections are refused until bring_up()."""
        if site_key in self._servers:
            self._unbind(site_key)

    def bring_up(self, site_key: str) -> None:
        if site_key not in self._servers and site_key in self.sites:
            self._bind(site_key, self.ports[site_key])

    # ------------------------------------------------------------------ request log

    def request_log(self, site_key: str) -> list[tuple[str, str, int]]:
        """(method, path with query string, status) of every request the site answered."""
        with self._log_lock:
            return list(self._logs[site_key])

    def clear_logs(self) -> None:
        with self._log_lock:
            for entries in self._logs.values():
                entries.clear()

    def _log(self, site_key: str, method: str, path: str, status: int) -> None:
        with self._log_lock:
            self._logs[site_key].append((method, path, status))

    def _respond(self, site_key: str, request: Request) -> Response:
        forced = self._forced_status.get(site_key)
        if forced is not None:
            body = f"<html><body><h1>{forced}</h1></body></html>".encode("ascii")
            return Response(forced, body, "text/html")
        try:
            return self.sites[site_key].handle(request)
        except Exception as exc:  # a bug in a demo page must not kill the server thread
            body = f"demo site error: {exc!r}".encode()
            return Response(500, body, "text/plain; charset=utf-8")
