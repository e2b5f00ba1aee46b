"""A broken site: robots.txt is fine, every other path answers 200 text/html with bytes that
are not HTML at all (think of a misconfigured proxy). The bytes depend only on the path, so
runs are repeatable; a harvester must record a parse failure, not crash or loop.
"""

from __future__ import annotations

import hashlib
import random

from demo_sites.sites.base import Request, Response, Site

GARBAGE_SIZE = 4096


def garbage_bytes(path: str, size: int = GARBAGE_SIZE) -> bytes:
    seed = int.from_bytes(hashlib.sha256(path.encode("utf-8")).digest()[:8], "big")
    return random.Random(seed).randbytes(size)


class GarbageSite(Site):
    key = "garbage"
    offset = 6
    title = "garbage (answers 200 with random bytes)"
    content_type = "text/html"
    can_publish = False

    def initial_articles(self):
        return []

    def handle(self, request: Request) -> Response:
        if request.path == "/robots.txt":
            return super().handle(request)
        return Response(200, garbage_bytes(request.path), self.content_type)
