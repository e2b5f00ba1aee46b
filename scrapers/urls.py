"""URLs as the harvester compares them: absolute, and canonical for identity.

A document's id is the sha256 of its canonical URL, and the seen state is keyed by it, so the
same page reached as `HTTP://Site/a#top` and `http://site/a` must be one document. Canonical
form changes only what cannot change the resource: scheme and host case, a default port,
the fragment. Query strings stay as written (Hanweb's downfile.jsp is all query).
"""

from __future__ import annotations

import hashlib
from urllib.parse import urljoin, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def absolute_url(base: str, href: str) -> str:
    return urljoin(base, href.strip())


def canonical_url(url: str) -> str:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    # Built from host and port only: credentials never belong in an identity.
    host = (parts.hostname or "").lower()
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None and parts.port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{parts.port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def url_id(url: str) -> str:
    """sha256 of the canonical URL: the id of a document or an attachment."""
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()
