"""The polite HTTP client: the only way the harvester talks to a website.

It says who it is (User-Agent with a contact URL), keeps a minimum pause between requests to
one host (raised by robots.txt Crawl-delay), honours robots.txt, gives up on a slow or huge
response, retries only what may succeed later (connection errors, 5xx, 408, 429, with
exponential backoff, jitter and Retry-After), and never connects to a private address unless
the source allows it. Every exchange, failed or not, becomes a `FetchRecord`, and every body
goes to the raw store, so a night's harvest can be audited and re-parsed without the network.

Conditional GET: the harvester passes If-None-Match / If-Modified-Since from the seen state
through `fetch(headers=…)`; a 304 comes back as a response with no body (nothing is stored).

One host is asked one thing at a time, with the pause between requests, by every client in
this process (`HOSTS`): two batches of the same site in a row, or in two threads, share it.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from scrapers.addresses import PublicOnlyAdapter, Resolver, check_host
from scrapers.failures import FetchError
from scrapers.landing import FetchRecord
from scrapers.rawstore import RawStore
from scrapers.registry import Politeness
from scrapers.robots import RobotsRules, robots_url

DEFAULT_CONTACT = "https://github.com/govreports/govreports#readme"
USER_AGENT_PRODUCT = "govreports/0.1"

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
BLOCKED_STATUSES = frozenset({403, 412})
# Cookie challenges (Jiasule, Aliyun WAF) answer a small script page instead of the content.
CHALLENGE_MARKERS = (b"__jsl_clearance", b"acw_sc__v2")
_CHALLENGE_SCAN_BYTES = 50_000
_ERRNO = re.compile(r"\[Errno -?\d+\][^'\")\]]*")

# A robots.txt fetch failing this way means the host itself is unusable tonight.
_HOST_FAILURES = frozenset({"dns", "connect", "timeout", "refused_address", "blocked"})

MAX_CRAWL_DELAY = 60.0      # honour Crawl-delay, but a typo of 3600 must not stall the night
RETRY_AFTER_CAP = 120.0     # a longer Retry-After means "not tonight": give up instead
BACKOFF_CAP = 60.0
CONNECT_TIMEOUT_CAP = 10.0
CHUNK_BYTES = 65_536


def user_agent() -> str:
    contact = os.environ.get("GOVREPORTS_USER_AGENT_CONTACT") or DEFAULT_CONTACT
    return f"{USER_AGENT_PRODUCT} (+{contact})"


class HostTurn:
    """One host's turn: held for a whole exchange (concurrency 1), and when it last ended."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.last_done: float | None = None
        self.crawl_delay: float | None = None    # from robots.txt, capped at MAX_CRAWL_DELAY


class HostSchedule:
    """Every host's turn in this process, created on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._turns: dict[str, HostTurn] = {}

    def turn(self, host: str) -> HostTurn:
        with self._lock:
            return self._turns.setdefault(host, HostTurn())


HOSTS = HostSchedule()


@dataclass
class Response:
    url: str                      # as requested
    final_url: str                # after redirects
    status: int
    headers: dict[str, str]
    body: bytes
    body_sha256: str | None
    content_type: str | None
    record: FetchRecord           # the exchange that produced this response

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class _Exchange:
    """One attempt: a response (maybe an error status) or a transport failure."""

    status: int | None = None
    headers: dict[str, str] | None = None
    body: bytes = b""
    error: FetchError | None = None
    record: FetchRecord | None = None
    attempts: int = 1
    note: str | None = None       # why it was not retried, when that is not obvious


class PoliteClient:
    """One client per harvest batch: its records are the batch's fetch log."""

    def __init__(
        self,
        politeness: Politeness,
        raw_store: RawStore,
        *,
        batch_id: str,
        session: requests.Session | None = None,
        max_redirects: int = 5,
        resolve: Resolver = socket.getaddrinfo,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        hosts: HostSchedule = HOSTS,
    ) -> None:
        self.politeness = politeness
        self.raw_store = raw_store
        self.batch_id = batch_id
        self.max_redirects = max_redirects
        self.records: list[FetchRecord] = []
        self.requests_sent = 0        # HTTP requests actually sent (refusals are records too)
        self._session = session or requests.Session()
        # Proxies and .netrc from the environment would change where requests go; a harvest
        # must go exactly where the registry says.
        self._session.trust_env = False
        self._session.headers["User-Agent"] = user_agent()
        if not politeness.allow_private_addresses:
            for scheme in ("http://", "https://"):
                self._session.mount(scheme, PublicOnlyAdapter())
        self._resolve = resolve
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._hosts = hosts
        self._robots: dict[str, RobotsRules] = {}
        self._checked_hosts: dict[str, FetchError | None] = {}

    # -- public ---------------------------------------------------------------------------

    def fetch(
        self,
        url: str,
        *,
        method: str = "GET",
        data: dict[str, Any] | None = None,
        purpose: str = "article",
        accept_statuses: Iterable[int] = (),
        headers: dict[str, str] | None = None,
    ) -> Response:
        """Fetch `url`, following redirects; raise FetchError for anything not usable.

        `accept_statuses`: error statuses the caller understands (a 404 that ends a list),
        returned as responses instead of raised and not counted as errors.
        """
        accepted = frozenset(accept_statuses)
        hop_url, hop_method, hop_data = url, method.upper(), data
        for _ in range(self.max_redirects + 1):
            try:
                self._check_allowed(hop_url, purpose)
            except FetchError as refused:
                self._record_refusal(hop_url, hop_method, purpose, refused)
                raise
            exchange = self._exchange_with_retries(hop_url, hop_method, hop_data, purpose, headers)
            if exchange.error is not None:
                raise exchange.error
            assert exchange.status is not None and exchange.record is not None
            location = (exchange.headers or {}).get("location")
            if exchange.status in REDIRECT_STATUSES and location:
                next_url = urljoin(hop_url, location.strip())
                exchange.record.final_url = next_url
                if exchange.status == 303 or (
                    exchange.status in (301, 302) and hop_method == "POST"
                ):
                    hop_method, hop_data = "GET", None   # what browsers (and servers) expect
                hop_url = next_url
                continue
            error = self._status_error(hop_url, exchange, accepted)
            if error is not None:
                exchange.record.error_class = error.error_class
                exchange.record.error_message = error.message
                raise error
            return Response(
                url=url,
                final_url=hop_url,
                status=exchange.status,
                headers=exchange.headers or {},
                body=exchange.body,
                body_sha256=exchange.record.body_sha256,
                content_type=exchange.record.content_type,
                record=exchange.record,
            )
        raise FetchError("other", f"more than {self.max_redirects} redirects", url=url)

    @property
    def bytes_fetched(self) -> int:
        return sum(record.body_bytes or 0 for record in self.records)

    def close(self) -> None:
        self._session.close()

    # -- what may be fetched ----------------------------------------------------------------

    def _check_allowed(self, url: str, purpose: str) -> None:
        parts = urlsplit(url)
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise FetchError("other", f"malformed URL (bad port): {url!r}", url=url) from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError("other", f"not an http(s) URL: {url!r}", url=url)
        host = parts.netloc.lower()
        if host not in self._checked_hosts:
            try:
                check_host(
                    url,
                    parts.hostname,
                    port,
                    allow_private=self.politeness.allow_private_addresses,
                    resolve=self._resolve,
                )
                self._checked_hosts[host] = None
            except FetchError as exc:
                self._checked_hosts[host] = exc
        refused = self._checked_hosts[host]
        if refused is not None:
            raise FetchError(refused.error_class, refused.message, url=url)
        if purpose == "robots":
            return
        rules = self._robots_for(url)
        if not rules.allows(url):
            error_class, reason = rules.refusal or ("robots", "robots.txt disallows this URL")
            raise FetchError(error_class, f"{reason}; not fetched: {url}", url=url)

    def _robots_for(self, url: str) -> RobotsRules:
        host = urlsplit(url).netloc.lower()
        if host in self._robots:
            return self._robots[host]
        try:
            response = self.fetch(
                robots_url(url), purpose="robots", accept_statuses=range(400, 500)
            )
        except FetchError as exc:
            if exc.error_class == "http_5xx":
                rules = RobotsRules.disallow_all(
                    "robots",
                    f"robots.txt answered {exc.status}: temporarily unavailable, "
                    "so nothing may be fetched (RFC 9309)",
                )
            elif exc.error_class in _HOST_FAILURES:
                # The page fetch would fail the same way: report the host's problem itself.
                rules = RobotsRules.disallow_all(
                    exc.error_class, f"{host} unusable: {exc.message} on robots.txt"
                )
            else:
                rules = RobotsRules.disallow_all(
                    "robots", f"robots.txt unusable ({exc.message}), so nothing may be fetched"
                )
        else:
            if response.status == 429:
                # Still rate-limited after the retries: not a "no robots.txt" answer.
                rules = RobotsRules.disallow_all(
                    "robots", "robots.txt answered 429 (too many requests): nothing fetched"
                )
            elif 400 <= response.status < 500:
                rules = RobotsRules.allow_all()
            else:
                rules = RobotsRules.from_text(response.body.decode("utf-8", "replace"))
        self._robots[host] = rules
        # The robots.txt read last is the host's word, also for the other clients of the process.
        delay = rules.crawl_delay
        self._hosts.turn(host).crawl_delay = None if delay is None else min(delay, MAX_CRAWL_DELAY)
        return rules

    # -- one exchange, with retries ---------------------------------------------------------

    def _exchange_with_retries(
        self,
        url: str,
        method: str,
        data: dict[str, Any] | None,
        purpose: str,
        headers: dict[str, str] | None,
    ) -> _Exchange:
        attempts = self.politeness.max_retries + 1
        for attempt in range(1, attempts + 1):
            with self._host_turn(url):
                exchange = self._exchange(url, method, data, purpose, headers)
            exchange.attempts = attempt
            retry_in = self._retry_delay(exchange, attempt)
            if retry_in is None or attempt == attempts:
                return exchange
            # This attempt failed but another follows: its record says so, the last one decides.
            record = exchange.record
            assert record is not None
            record.error_class = record.error_class or _status_class(exchange.status)
            what = record.error_message or f"HTTP {exchange.status}"
            record.error_message = (
                f"{what} (attempt {attempt} of {attempts}; retrying in {retry_in:.1f} s)"
            )
            self._sleep(retry_in)
        raise AssertionError("unreachable")

    def _retry_delay(self, exchange: _Exchange, attempt: int) -> float | None:
        """Seconds to wait before retrying, or None when retrying is pointless."""
        if exchange.error is not None:
            if exchange.error.error_class not in ("connect", "timeout"):
                return None
        elif exchange.status not in RETRY_STATUSES or _is_challenge(exchange.body):
            return None
        retry_after = _retry_after_seconds((exchange.headers or {}).get("retry-after"))
        if retry_after is not None:
            if retry_after > RETRY_AFTER_CAP:
                exchange.note = f"Retry-After {retry_after:.0f} s is over the cap: not retried"
                return None
            return retry_after
        base = self.politeness.backoff_seconds
        return min(BACKOFF_CAP, base * 2 ** (attempt - 1)) + self._rng.uniform(0, base)

    @contextmanager
    def _host_turn(self, url: str) -> Iterator[None]:
        """The host to ourselves for one exchange, after the pause since its last one."""
        turn = self._hosts.turn(urlsplit(url).netloc.lower())
        with turn.lock:
            self._wait_turn(turn)
            try:
                yield
            finally:
                turn.last_done = time.monotonic()

    def _exchange(
        self,
        url: str,
        method: str,
        data: dict[str, Any] | None,
        purpose: str,
        headers: dict[str, str] | None,
    ) -> _Exchange:
        self.requests_sent += 1
        requested_at = _now()
        started = time.monotonic()
        exchange = _Exchange()
        response = None
        try:
            response = self._session.request(
                method,
                url,
                data=data,
                headers=headers,
                timeout=(
                    min(CONNECT_TIMEOUT_CAP, self.politeness.timeout_seconds),
                    self.politeness.timeout_seconds,
                ),
                stream=True,
                allow_redirects=False,
            )
            exchange.status = response.status_code
            exchange.headers = {k.lower(): v for k, v in response.headers.items()}
            exchange.body = self._read_capped(url, response)
        except FetchError as exc:
            exchange.error = exc
        except requests.RequestException as exc:
            exchange.error = FetchError(*_transport_failure(exc), url=url, status=exchange.status)
        finally:
            if response is not None:
                response.close()
        # A 304 has no body: the one we kept the last time is the page.
        has_body = exchange.status not in (None, 304) and exchange.error is None
        body_sha256 = self.raw_store.put(exchange.body) if has_body else None
        exchange.record = FetchRecord(
            fetch_id=self._next_fetch_id(),
            url=url,
            final_url=url,
            method=method,
            status=exchange.status,
            requested_at=requested_at,
            elapsed_ms=int((time.monotonic() - started) * 1000),
            body_sha256=body_sha256,
            body_bytes=len(exchange.body) if body_sha256 else None,
            content_type=(exchange.headers or {}).get("content-type"),
            headers=exchange.headers or {},
            purpose=purpose,
            error_class=exchange.error.error_class if exchange.error else None,
            error_message=exchange.error.message if exchange.error else None,
        )
        self.records.append(exchange.record)
        return exchange

    def _record_refusal(self, url: str, method: str, purpose: str, refused: FetchError) -> None:
        """A request we chose not to send is still part of the night's record."""
        self.records.append(
            FetchRecord(
                fetch_id=self._next_fetch_id(),
                url=url,
                final_url=None,
                method=method,
                status=None,
                requested_at=_now(),
                elapsed_ms=0,
                body_sha256=None,
                body_bytes=None,
                content_type=None,
                purpose=purpose,
                error_class=refused.error_class,
                error_message=refused.message,
            )
        )

    def _next_fetch_id(self) -> str:
        return hashlib.sha256(f"{self.batch_id}#{len(self.records)}".encode()).hexdigest()

    def _read_capped(self, url: str, response: requests.Response) -> bytes:
        cap = self.politeness.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(
                "too_large",
                f"response declares {declared} bytes, over the {cap}-byte cap",
                url=url,
                status=response.status_code,
            )
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(CHUNK_BYTES):
            size += len(chunk)
            if size > cap:
                raise FetchError(
                    "too_large",
                    f"response over the {cap}-byte cap (aborted after {size} bytes)",
                    url=url,
                    status=response.status_code,
                )
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_turn(self, turn: HostTurn) -> None:
        if turn.last_done is None:
            return
        delay = max(self.politeness.delay_seconds, turn.crawl_delay or 0.0)
        remaining = delay - (time.monotonic() - turn.last_done)
        if remaining > 0:
            self._sleep(remaining)

    # -- what a status means ----------------------------------------------------------------

    def _status_error(
        self, url: str, exchange: _Exchange, accepted: frozenset[int]
    ) -> FetchError | None:
        status = exchange.status
        assert status is not None
        if _is_challenge(exchange.body):
            return FetchError(
                "blocked", f"HTTP {status} with a cookie-challenge page", url=url, status=status
            )
        if status in accepted or 200 <= status < 300 or status == 304:
            return None
        if status in BLOCKED_STATUSES:
            return FetchError("blocked", f"HTTP {status}: the site refuses us", url=url,
                              status=status)
        message = f"HTTP {status}"
        if exchange.attempts > 1:
            message += f" after {exchange.attempts} attempts"
        if exchange.note:
            message += f" ({exchange.note})"
        return FetchError(_status_class(status), message, url=url, status=status)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _status_class(status: int | None) -> str:
    if status is None:
        return "other"
    if 400 <= status < 500:
        return "blocked" if status in BLOCKED_STATUSES else "http_4xx"
    if status >= 500:
        return "http_5xx"
    return "other"


def _is_challenge(body: bytes) -> bool:
    head = body[:_CHALLENGE_SCAN_BYTES]
    return any(marker in head for marker in CHALLENGE_MARKERS)


def _transport_failure(exc: requests.RequestException) -> tuple[str, str]:
    text = " ".join(str(exc).split())
    # urllib3 nests the cause several layers deep; "[Errno 111] Connection refused" is the news.
    errno = _ERRNO.search(text)
    reason = errno.group(0).rstrip() if errno else text[:300]
    if isinstance(exc, requests.Timeout) or "ReadTimeoutError" in text or "timed out" in text:
        return "timeout", f"timed out ({reason})"
    if isinstance(exc, requests.ConnectionError):
        if "NameResolutionError" in text or "Name or service not known" in text:
            return "dns", f"name does not resolve ({reason})"
        return "connect", f"connection failed ({reason})"
    return "other", f"{type(exc).__name__}: {reason}"


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
