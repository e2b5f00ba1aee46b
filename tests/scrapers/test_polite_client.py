"""PoliteClient against a local site: delays, robots.txt, retries, caps, address checks."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from pathlib import Path

import pytest
from scraper_site import FAST, Answer, Hit, LocalSite

from scrapers.failures import FetchError
from scrapers.http import HostSchedule, PoliteClient
from scrapers.rawstore import RawStore
from scrapers.registry import Politeness


def client(tmp_path: Path, **politeness: object) -> PoliteClient:
    settings = FAST.model_copy(update=politeness)
    return PoliteClient(settings, RawStore(tmp_path / "raw"), batch_id="test__src")


def fetch_error(c: PoliteClient, url: str, **kwargs: object) -> FetchError:
    with pytest.raises(FetchError) as raised:
        c.fetch(url, **kwargs)
    return raised.value


def test_identifies_itself_and_stores_every_body(tmp_path: Path, site: LocalSite, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_USER_AGENT_CONTACT", "mailto:data@example.org")
    site.page("/a", "<p>法治</p>")
    c = client(tmp_path)
    response = c.fetch(site.url("/a"), purpose="list")
    assert response.status == 200 and response.body == "<p>法治</p>".encode()
    assert site.hits[-1].headers["User-Agent"] == "govreports/0.1 (+mailto:data@example.org)"
    assert RawStore(tmp_path / "raw").get(response.body_sha256) == response.body
    robots, page = c.records
    assert robots.purpose == "robots" and robots.status == 404   # no robots.txt: allow all
    assert page.purpose == "list" and page.body_bytes == len(response.body)
    assert page.fetch_id != robots.fetch_id and len(page.fetch_id) == 64
    assert c.requests_sent == 2


def test_minimum_delay_between_requests_to_one_host(tmp_path: Path, site: LocalSite) -> None:
    site.page("/a", "a")
    site.page("/b", "b")
    c = client(tmp_path, delay_seconds=0.3)
    c.fetch(site.url("/a"))
    c.fetch(site.url("/b"))
    arrivals = [hit.at for hit in site.hits]
    assert site.paths() == ["/robots.txt", "/a", "/b"]
    assert all(later - earlier >= 0.29 for earlier, later in zip(arrivals, arrivals[1:], strict=False))


def test_crawl_delay_raises_the_delay(tmp_path: Path, site: LocalSite) -> None:
    site.route("/robots.txt", Answer(200, b"User-agent: *\nCrawl-delay: 1\n"))
    site.page("/a", "a")
    site.page("/b", "b")
    c = client(tmp_path, delay_seconds=0.0)
    c.fetch(site.url("/a"))
    c.fetch(site.url("/b"))
    a, b = (hit.at for hit in site.hits[1:])
    assert b - a >= 0.95


def test_robots_disallow_is_its_own_error_class(tmp_path: Path, site: LocalSite) -> None:
    site.route("/robots.txt", Answer(200, b"User-agent: *\nDisallow: /private/\n"))
    site.page("/private/report.html", "secret")
    site.page("/public.html", "ok")
    c = client(tmp_path)
    error = fetch_error(c, site.url("/private/report.html"))
    assert error.error_class == "robots"
    assert c.fetch(site.url("/public.html")).status == 200
    assert "/private/report.html" not in site.paths()
    assert site.paths().count("/robots.txt") == 1           # once per host
    refused = [r for r in c.records if r.error_class == "robots"]
    assert len(refused) == 1 and refused[0].status is None   # recorded, never sent


def test_robots_5xx_means_disallow_everything(tmp_path: Path, site: LocalSite) -> None:
    site.route("/robots.txt", Answer(503, b"busy"))
    site.page("/a", "a")
    c = client(tmp_path, max_retries=0)
    error = fetch_error(c, site.url("/a"))
    assert error.error_class == "robots"
    assert "RFC 9309" in error.message
    assert site.paths() == ["/robots.txt"]


def test_503_then_200_is_retried(tmp_path: Path, site: LocalSite) -> None:
    site.route("/flaky", [Answer(503, b"busy"), Answer(200, b"fine")])
    c = client(tmp_path, max_retries=2)
    response = c.fetch(site.url("/flaky"))
    assert response.body == b"fine"
    assert site.paths().count("/flaky") == 2
    first, second = (r for r in c.records if r.url.endswith("/flaky"))
    assert first.status == 503 and first.error_class == "http_5xx"
    assert "retrying" in first.error_message
    assert second.status == 200 and second.error_class is None


def test_persistent_5xx_fails_after_the_retries(tmp_path: Path, site: LocalSite) -> None:
    site.route("/down", Answer(502, b"bad gateway"))
    c = client(tmp_path, max_retries=2)
    error = fetch_error(c, site.url("/down"))
    assert error.error_class == "http_5xx" and error.status == 502
    assert "after 3 attempts" in error.message
    assert site.paths().count("/down") == 3


def test_retry_after_is_honoured(tmp_path: Path, site: LocalSite) -> None:
    site.route("/busy", [Answer(429, b"slow down", {"Retry-After": "1"}), Answer(200, b"ok")])
    c = client(tmp_path, max_retries=3, backoff_seconds=0.0)
    assert c.fetch(site.url("/busy")).body == b"ok"
    first, second = (hit.at for hit in site.hits if hit.path == "/busy")
    assert second - first >= 0.95


def test_retry_after_beyond_the_cap_gives_up(tmp_path: Path, site: LocalSite) -> None:
    site.route("/later", Answer(503, b"maintenance", {"Retry-After": "86400"}))
    c = client(tmp_path, max_retries=3)
    started = time.monotonic()
    error = fetch_error(c, site.url("/later"))
    assert time.monotonic() - started < 2
    assert error.error_class == "http_5xx" and "Retry-After" in error.message
    assert site.paths().count("/later") == 1


def test_404_is_not_retried(tmp_path: Path, site: LocalSite) -> None:
    c = client(tmp_path, max_retries=3)
    error = fetch_error(c, site.url("/missing"))
    assert error.error_class == "http_4xx" and error.status == 404
    assert site.paths().count("/missing") == 1
    assert c.records[-1].error_class == "http_4xx"


def test_accepted_status_is_returned_not_raised(tmp_path: Path, site: LocalSite) -> None:
    c = client(tmp_path)
    response = c.fetch(site.url("/api?page=9"), accept_statuses=(404,))
    assert response.status == 404 and c.records[-1].error_class is None


@pytest.mark.parametrize(
    "answer",
    [
        Answer(403, b"forbidden"),
        Answer(412, b"<script>document.cookie='__jsl_clearance=1'</script>"),
        Answer(200, b"<html><script>var arg1='x';acw_sc__v2=arg1;</script></html>"),
        Answer(521, b"<script>__jsl_clearance_s=1</script>"),
    ],
)
def test_refusals_and_cookie_challenges_are_blocked(tmp_path, site: LocalSite, answer) -> None:
    site.route("/guarded", answer)
    c = client(tmp_path, max_retries=2)
    error = fetch_error(c, site.url("/guarded"))
    assert error.error_class == "blocked"
    assert site.paths().count("/guarded") == 1


@pytest.mark.parametrize("send_length", [True, False])
def test_size_cap(tmp_path: Path, site: LocalSite, send_length: bool) -> None:
    site.route("/big.pdf", Answer(200, b"%PDF" + b"x" * 300_000, send_length=send_length))
    c = client(tmp_path, max_bytes=100_000)
    error = fetch_error(c, site.url("/big.pdf"))
    assert error.error_class == "too_large"
    assert c.records[-1].error_class == "too_large" and c.records[-1].body_sha256 is None


def test_timeout(tmp_path: Path, site: LocalSite) -> None:
    site.route("/slow", Answer(200, b"late", delay=1.5))
    c = client(tmp_path, timeout_seconds=0.3, max_retries=0)
    assert fetch_error(c, site.url("/slow")).error_class == "timeout"


def test_connection_refused_is_connect(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    c = client(tmp_path, max_retries=1)
    error = fetch_error(c, f"http://127.0.0.1:{port}/index.html")
    assert error.error_class == "connect"
    # robots.txt was tried (twice: one retry), the page was then not attempted
    assert [r.purpose for r in c.records] == ["robots", "robots", "article"]
    assert c.requests_sent == 2


def test_private_address_refused_unless_allowed(tmp_path: Path, site: LocalSite) -> None:
    site.page("/a", "a")
    strict = client(tmp_path, allow_private_addresses=False)
    error = fetch_error(strict, site.url("/a"))
    assert error.error_class == "refused_address"
    assert site.hits == []
    assert client(tmp_path, allow_private_addresses=True).fetch(site.url("/a")).status == 200


def test_a_public_name_resolving_to_a_private_address_is_refused(tmp_path: Path) -> None:
    def resolve(host, port, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))]

    c = PoliteClient(Politeness(), RawStore(tmp_path), batch_id="b", resolve=resolve)
    error = fetch_error(c, "http://www.example.gov.cn/a.html")
    assert error.error_class == "refused_address" and "10.1.2.3" in error.message


def test_a_dns_answer_that_changes_after_the_check_is_refused_at_connect(tmp_path: Path, site: LocalSite) -> None:
    """DNS rebinding: the check before the first request sees a public address, the connection
    then reaches 127.0.0.1. The address the socket reached is checked too: nothing is sent."""
    site.page("/a", "a")

    def public_at_check_time(host, port, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]

    c = PoliteClient(FAST.model_copy(update={"allow_private_addresses": False}), RawStore(tmp_path), batch_id="b",
                     resolve=public_at_check_time)
    error = fetch_error(c, site.url("/a"))
    assert error.error_class == "refused_address" and "127.0.0.1" in error.message
    assert site.hits == []
    assert c.records[-1].error_class == "refused_address"


def test_unresolvable_name_is_dns(tmp_path: Path) -> None:
    def resolve(host, port, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    c = PoliteClient(Politeness(), RawStore(tmp_path), batch_id="b", resolve=resolve)
    assert fetch_error(c, "http://no-such.example.gov.cn/").error_class == "dns"


def test_only_http_and_https(tmp_path: Path) -> None:
    c = client(tmp_path)
    assert fetch_error(c, "ftp://127.0.0.1/report.pdf").error_class == "other"


def test_redirects_are_followed_and_limited(tmp_path: Path, site: LocalSite) -> None:
    site.route("/old", Answer(301, b"", {"Location": "/new"}))
    site.page("/new", "moved here")
    site.route("/loop", Answer(302, b"", {"Location": "/loop"}))
    c = client(tmp_path)
    response = c.fetch(site.url("/old"))
    assert response.final_url == site.url("/new") and response.body == b"moved here"
    hop = next(r for r in c.records if r.url.endswith("/old"))
    assert hop.status == 301 and hop.final_url == site.url("/new")
    assert "redirects" in fetch_error(c, site.url("/loop")).message


def test_gzip_is_decoded_and_the_cap_counts_decoded_bytes(tmp_path: Path, site: LocalSite) -> None:
    page = "<p>法治政府建设年度报告</p>".encode() * 100
    site.route("/zipped", Answer(200, gzip.compress(page), {"Content-Encoding": "gzip"}))
    # A gzip bomb: 20 kB on the wire, 2 MB once decoded.
    site.route("/bomb", Answer(200, gzip.compress(b"\0" * 2_000_000), {"Content-Encoding": "gzip"}))
    c = client(tmp_path, max_bytes=100_000)
    response = c.fetch(site.url("/zipped"))
    assert response.body == page
    assert RawStore(tmp_path / "raw").get(response.body_sha256) == page   # kept as the page, decoded
    assert fetch_error(c, site.url("/bomb")).error_class == "too_large"


def test_conditional_get_returns_304_without_storing_a_body(tmp_path: Path, site: LocalSite) -> None:
    def answer(hit: Hit) -> Answer:
        if hit.headers.get("If-None-Match") == '"v1"':
            return Answer(304, b"", {"ETag": '"v1"'})
        return Answer(200, b"page", {"ETag": '"v1"'})

    site.route("/page", answer)
    c = client(tmp_path)
    assert c.fetch(site.url("/page")).status == 200
    again = c.fetch(site.url("/page"), headers={"If-None-Match": '"v1"'})
    assert again.not_modified and again.body == b""
    assert again.record.status == 304 and again.record.body_sha256 is None
    assert site.hits[-1].headers["If-None-Match"] == '"v1"'


def test_two_clients_share_one_host_schedule(tmp_path: Path, site: LocalSite) -> None:
    site.page("/a", "a")
    hosts = HostSchedule()
    first = PoliteClient(FAST.model_copy(update={"delay_seconds": 0.4}), RawStore(tmp_path),
                         batch_id="b1", hosts=hosts)
    second = PoliteClient(FAST.model_copy(update={"delay_seconds": 0.4}), RawStore(tmp_path),
                          batch_id="b2", hosts=hosts)
    first.fetch(site.url("/a"))
    second.fetch(site.url("/a"))      # another batch of the same site, right after
    arrivals = [hit.at for hit in site.hits]
    assert len(arrivals) == 4
    assert all(b - a >= 0.39 for a, b in zip(arrivals, arrivals[1:], strict=False))


def test_one_request_at_a_time_per_host_across_threads(tmp_path: Path, site: LocalSite) -> None:
    in_flight = []
    most = []

    def slow(hit: Hit) -> Answer:
        in_flight.append(hit)
        most.append(len(in_flight))
        time.sleep(0.05)
        in_flight.pop()
        return Answer(200, b"ok")

    site.route("/slow", slow)
    hosts = HostSchedule()
    clients = [PoliteClient(FAST, RawStore(tmp_path), batch_id=f"b{n}", hosts=hosts)
               for n in range(4)]
    threads = [threading.Thread(target=c.fetch, args=(site.url("/slow"),)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(most) == 4 and max(most) == 1
