"""What every platform adapter provides, and the article parsing most of them share.

An adapter says only what is special about its platform: how to walk a column's list pages
newest first (`walk`), how to read one list response (`parse_list`) and where an article's
body is (`body_selectors`, or `find_body`). It never fetches by itself: the harvester hands it
a `PageFetcher`, which is polite, records every exchange and decodes the bytes; so `parse_*`
are pure functions of text, tested over saved pages in tests/examples/<platform>/.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar, Protocol

from lxml.html import HtmlElement

from scrapers.failures import ParseError
from scrapers.platforms import page_parts
from scrapers.platforms.parsed import Article, FetchedText, ListPage
from scrapers.registry import SourceEntry
from scrapers.selectors import select_one
from scrapers.text.html import html_to_text, parse_html

DEFAULT_MAX_LIST_PAGES = 200   # a loop guard, far above any real column's depth


class PageFetcher(Protocol):
    """Fetch and decode one list page; raises FetchError (scrapers.failures) when it cannot."""

    def __call__(
        self,
        url: str,
        *,
        method: str = "GET",
        data: dict[str, Any] | None = None,
        accept_statuses: Iterable[int] = (),
    ) -> FetchedText: ...


class Platform(ABC):
    name: ClassVar[str]
    # CSS selectors for the article body, most specific first; the first that matches wins.
    body_selectors: ClassVar[tuple[str, ...]] = ()

    def __init__(self, source: SourceEntry) -> None:
        self.source = source
        self.options = source.options

    @property
    def max_list_pages(self) -> int:
        return int(self.options.get("max_pages") or DEFAULT_MAX_LIST_PAGES)

    # -- list pages ---------------------------------------------------------------------

    @abstractmethod
    def walk(self, list_url: str, fetch: PageFetcher) -> Iterator[ListPage]:
        """The column's list pages, newest first. The caller may stop early."""

    @abstractmethod
    def parse_list(self, url: str, text: str) -> ListPage:
        """One list response (HTML page, XML datastore, JSON) → items and declared totals."""

    # -- article pages ------------------------------------------------------------------

    def parse_article(self, url: str, html: str) -> Article:
        root = parse_html(html)
        body = self.find_body(root, html)
        text = html_to_text(body)
        return Article(
            title=self.platform_title(root, html) or page_parts.page_title(root),
            meta=self.page_meta(root, html),
            text=text,
            attachments=page_parts.attachment_links(root, url, self.attachment_scope(body, html)),
        )

    def find_body(self, root: HtmlElement, html: str) -> HtmlElement | str:
        """The body element (or HTML fragment); ParseError when the template is not ours."""
        for selector in self.body_selectors:
            found = select_one(root, selector)
            if found is not None:
                return found
        raise ParseError(
            f"no article body: none of {', '.join(self.body_selectors)} on the page "
            f"(is this a {self.name} site? set platform or options in the registry)"
        )

    def page_meta(self, root: HtmlElement, html: str) -> dict[str, str]:
        """What the page says about itself: its <meta name=…> tags."""
        return page_parts.meta_tags(root)

    def platform_title(self, root: HtmlElement, html: str) -> str | None:
        """A title field only this platform has; None to use the page's own tags."""
        return None

    def attachment_scope(self, body: HtmlElement | str, html: str) -> list[HtmlElement | str]:
        """Extra places (besides the page) holding attachment links, e.g. a JSON body."""
        return [body] if isinstance(body, str) else []
