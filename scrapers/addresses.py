"""Which hosts we may connect to: public addresses only, unless the source says otherwise.

A registry entry (or a redirect) pointing at 127.0.0.1, 10.x or 169.254.169.254 would make the
harvester a tool against its own network. Fixture and demo sites on 127.0.0.1 opt in with
`politeness.allow_private_addresses: true`.

Two checks: the host's DNS answers before the first request (a clear `refused_address` record
without touching the network), and the address each new connection actually reached
(PublicOnlyAdapter) — DNS may answer differently the second time (rebinding), and requests
resolves the name again itself.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from scrapers.failures import FetchError

Resolver = Callable[..., list]


def check_host(
    url: str,
    host: str,
    port: int,
    *,
    allow_private: bool,
    resolve: Resolver = socket.getaddrinfo,
) -> None:
    """Raise FetchError (dns / refused_address) unless `host` may be contacted."""
    try:
        answers = resolve(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError("dns", f"{host}: name does not resolve ({exc})", url=url) from None
    if allow_private:
        return
    for answer in answers:
        address = public_address(answer[4][0])
        if address is not None:
            raise FetchError(
                "refused_address",
                f"{host} resolves to non-public address {address}; set "
                "politeness.allow_private_addresses: true in the source entry if intended",
                url=url,
            )


def public_address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """None when `text` is a public address; else the address, as the refusal names it."""
    address = ipaddress.ip_address(text.split("%")[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return None if address.is_global else address


class _PeerChecked:
    """A connection that refuses to go on when the address it reached is not public."""

    host: str
    sock: object

    def connect(self) -> None:
        super().connect()   # type: ignore[misc]
        peer = self.sock.getpeername()[0]   # type: ignore[attr-defined]
        refused = public_address(peer)
        if refused is not None:
            self.close()   # type: ignore[attr-defined]
            raise FetchError(
                "refused_address",
                f"{self.host} connected to non-public address {refused} (its DNS answer changed "
                "after the check); set politeness.allow_private_addresses: true if intended",
                url=f"//{self.host}",
            )


class _CheckedHTTPConnection(_PeerChecked, HTTPConnection):
    pass


class _CheckedHTTPSConnection(_PeerChecked, HTTPSConnection):
    pass


class _CheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _CheckedHTTPConnection


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection


class PublicOnlyAdapter(HTTPAdapter):
    """requests' adapter whose connections check the address they reached (see the module doc)."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _CheckedHTTPPool, "https": _CheckedHTTPSPool}
