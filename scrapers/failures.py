"""Classified failures: every problem a site can cause ends as one of landing.ERROR_CLASSES.

A harvest never lets a site's problem escape as a traceback: it catches `HarvestFailure`
(whose class is known) and anything else (classified `other`), records it, and moves on.
"""

from __future__ import annotations

from scrapers.landing import ERROR_CLASSES


class HarvestFailure(Exception):
    error_class = "other"

    def __init__(self, message: str, *, error_class: str | None = None) -> None:
        super().__init__(message)
        if error_class is not None:
            if error_class not in ERROR_CLASSES:
                raise ValueError(f"unknown error class {error_class!r}")
            self.error_class = error_class

    @property
    def message(self) -> str:
        return str(self)


class FetchError(HarvestFailure):
    """An HTTP exchange that did not give us a usable response."""

    def __init__(
        self, error_class: str, message: str, *, url: str, status: int | None = None
    ) -> None:
        super().__init__(message, error_class=error_class)
        self.url = url
        self.status = status


class ParseError(HarvestFailure):
    """A page is not what its platform adapter expects (wrong platform, changed template)."""

    error_class = "parse"


def classify(exc: BaseException) -> tuple[str, str]:
    """(error class, one-line message) for any exception."""
    if isinstance(exc, HarvestFailure):
        return exc.error_class, exc.message
    message = " ".join(str(exc).split()) or "no message"
    return "other", f"{type(exc).__name__}: {message}"[:1000]
