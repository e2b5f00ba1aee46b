"""Which hosts we may connect to: public addresses only, unless the source says otherwise.

A registry entry (or a redirect) pointing at 127.0.0.1, 10.x or 169.254.169.254 would make the
harvester a tool against its own network. Fixture and demo sites on 127.0.0.1 opt in with
`politeness.allow_private_addresses: true`.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable

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
        address = ipaddress.ip_address(answer[4][0].split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global:
            raise FetchError(
                "refused_address",
                f"{host} resolves to non-public address {address}; set "
                "politeness.allow_private_addresses: true in the source entry if intended",
                url=url,
            )
