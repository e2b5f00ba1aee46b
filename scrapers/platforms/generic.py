"""Any other site, described by CSS selectors in the registry entry's `options`.

Selectors are CSS (cssselect, scrapers/selectors.py; matches are descendants of the scope):
  item_selector     list page, required: the article links (<a href>); if it selects another
                    element, its first <a href> is the link. hrefs resolve against the page URL.
  date_selector     list page, optional: evaluated inside each link's parent element (the <li>);
                    its text is the listed date, as written.
  next_selector     list page, optional: the "next page" link; followed until it is absent or
                    points at a page already read. Without it only the list URL is read.
  max_pages         optional: list pages per list URL and run (default: a loop guard of 200).
  title_selector    article page, optional: the title element (fallback: ArticleTitle meta,
                    <h1>, <title>).
  body_selector     article page, optional: the element holding the text (default: <body>, so
                    the whole page's text; dbt strips the chrome).
  pubdate_selector  article page, optional: an element whose text holds the publication date;
                    kept as written in meta under "govreports:pubdate" (no page meta tag has
                    that name, so it never hides one).
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml.html import HtmlElement

from scrapers.failures import ParseError
from scrapers.platforms import page_parts
from scrapers.platforms.base import PageFetcher, Platform
from scrapers.platforms.parsed import ListPage
from scrapers.selectors import select, select_one
from scrapers.text.html import parse_html, words
from scrapers.urls import absolute_url, canonical_url

PUBDATE_META_KEY = "govreports:pubdate"


class GenericPlatform(Platform):
    name = "generic"

    def walk(self, list_url: str, fetch: PageFetcher) -> Iterator[ListPage]:
        url: str | None = list_url
        read: set[str] = set()
        for _ in range(self.max_list_pages):
            if not url or canonical_url(url) in read:
                return   # no next link, or it leads back to a page already read
            fetched = fetch(url)
            read.update({canonical_url(url), canonical_url(fetched.final_url)})
            page = self.parse_list(fetched.final_url, fetched.text)
            yield page
            url = page.pagination.get("next_url")

    def parse_list(self, url: str, text: str) -> ListPage:
        root = parse_html(text)
        items = []
        # The registry has checked that every *_selector option compiles.
        for element in select(root, self.options["item_selector"]):
            anchor = element if element.tag == "a" else _first_link(element)
            if anchor is None:
                continue
            item = page_parts.listing_item(anchor, url)
            if item is None:
                continue
            item.date_text = self._date_text(element, anchor)
            items.append(item)
        page = ListPage(url=url, items=page_parts.unique_items(items))
        next_selector = self.options.get("next_selector")
        if next_selector:
            found = select_one(root, next_selector)
            href = found.get("href") if found is not None else None
            if href and href.strip() and not href.startswith(("#", "javascript:")):
                page.pagination["next_url"] = absolute_url(url, href)
        return page

    def _date_text(self, element: HtmlElement, anchor: HtmlElement) -> str | None:
        selector = self.options.get("date_selector")
        if not selector:
            return page_parts.date_beside(anchor)
        scope = anchor.getparent() if element is anchor else element
        found = select_one(scope, selector) if scope is not None else None
        return (words(found) if found is not None else "") or None

    def page_meta(self, root: HtmlElement, html: str) -> dict[str, str]:
        meta = super().page_meta(root, html)
        pubdate_selector = self.options.get("pubdate_selector")
        found = select_one(root, pubdate_selector) if pubdate_selector else None
        if found is not None:
            meta[PUBDATE_META_KEY] = words(found)
        return meta

    def find_body(self, root: HtmlElement, html: str) -> HtmlElement | str:
        selector = self.options.get("body_selector") or "body"
        found = select_one(root, selector)
        if found is None:
            raise ParseError(f"generic: body_selector {selector!r} matches nothing on the page")
        return found

    def platform_title(self, root: HtmlElement, html: str) -> str | None:
        selector = self.options.get("title_selector")
        found = select_one(root, selector) if selector else None
        return (words(found) if found is not None else "") or None


def _first_link(element: HtmlElement) -> HtmlElement | None:
    return next((a for a in element.iterdescendants("a") if a.get("href")), None)
