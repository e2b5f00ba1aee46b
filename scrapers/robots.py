"""robots.txt, one per host, read the way RFC 9309 says.

200 → its rules (and its Crawl-delay) apply; 4xx → no robots.txt, everything allowed;
5xx or unreachable → "temporarily unavailable", which RFC 9309 says means disallow everything.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

ROBOTS_AGENT = "govreports"     # the product token our User-Agent starts with


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


class RobotsRules:
    def __init__(
        self,
        parser: RobotFileParser | None = None,
        *,
        refusal: tuple[str, str] | None = None,
    ) -> None:
        self._parser = parser
        self.refusal = refusal   # (error class, reason) when nothing may be fetched

    @classmethod
    def from_text(cls, text: str) -> RobotsRules:
        parser = RobotFileParser()
        parser.parse(text.splitlines())
        return cls(parser)

    @classmethod
    def allow_all(cls) -> RobotsRules:
        return cls(None)

    @classmethod
    def disallow_all(cls, error_class: str, reason: str) -> RobotsRules:
        return cls(None, refusal=(error_class, reason))

    def allows(self, url: str) -> bool:
        if self.refusal is not None:
            return False
        if self._parser is None:
            return True
        return self._parser.can_fetch(ROBOTS_AGENT, url)

    @property
    def crawl_delay(self) -> float | None:
        if self._parser is None:
            return None
        delay = self._parser.crawl_delay(ROBOTS_AGENT)
        return float(delay) if delay is not None else None
