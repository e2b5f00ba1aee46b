"""The parts of a government web page every platform reads the same way.

Meta tags (《政府网站发展指引》 asks for SiteIDCode, ArticleTitle, PubDate, …), the title,
attachment links, and a list item (link + the date written next to it). Everything is kept
as written: a date stays the text the site printed; dbt decides what it means.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qs, urlsplit

from lxml.html import HtmlElement

from scrapers.platforms.parsed import AttachmentLink, ListingItem
from scrapers.text.html import parse_html, words
from scrapers.urls import absolute_url

ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".wps", ".ofd", ".zip")
_DOWNLOAD_ENDPOINTS = ("downfile.jsp", "download.jsp")   # Hanweb: the file name is in the query
_ATTACHMENT_CLASS = "nfw-cms-attachment"                   # Guangdong nfw-cms
# Finds the date text next to a list link: 2021-04-06, 2021/4/6, 2021.04.06, 2021年4月6日.
DATE_TEXT = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2}\s*日?)?")
_DATE_ELEMENTS = ("span", "em", "i", "td", "font", "b", "div", "p", "time", "small", "dd")
_ITEM_CONTAINERS = frozenset({"li", "tr", "dd", "dt", "p", "div"})
# Cheap test before resolving a link: most links on a portal page are navigation.
_MAY_BE_ATTACHMENT = re.compile(
    r"\.(?:pdf|docx?|wps|ofd|zip)\b|downfile\.jsp|download\.jsp|viewer\.html", re.I
)


def meta_tags(root: HtmlElement) -> dict[str, str]:
    """Every <meta name=… content=…>, first occurrence of a name wins."""
    found: dict[str, str] = {}
    for tag in root.iter("meta"):
        name = (tag.get("name") or "").strip()
        if name and name not in found:
            found[name] = (tag.get("content") or "").strip()
    return found


def page_title(root: HtmlElement) -> str | None:
    """<meta name=ArticleTitle>, else the first <h1>, else <title>."""
    for meta in root.iter("meta"):
        if meta.get("name") == "ArticleTitle":
            content = (meta.get("content") or "").strip()
            if content:
                return content
            break
    for tag_name in ("h1", "title"):
        tag = next(root.iter(tag_name), None)
        if tag is not None:
            text = words(tag)
            if text:
                return text
    return None


def attachment_links(
    root: HtmlElement, page_url: str, extra: Iterable[HtmlElement | str] = ()
) -> list[AttachmentLink]:
    """Attachment links on the page (and in extra fragments), absolute, each URL once."""
    roots = [root] + [parse_html(part) if isinstance(part, str) else part for part in extra]
    links: list[AttachmentLink] = []
    seen: set[str] = set()
    for scope in roots:
        for tag in scope.iter("a", "iframe", "embed", "object"):
            href = tag.get("href") or tag.get("src") or tag.get("data")
            if not href or not href.strip() or href.startswith("#"):
                continue
            marked = _ATTACHMENT_CLASS in (tag.get("class") or "") and _has_attachment_class(tag)
            if not (marked or _MAY_BE_ATTACHMENT.search(href)):
                continue
            url = unwrap_viewer(absolute_url(page_url, href))
            if not (marked or is_attachment_url(url)):
                continue
            if url in seen:
                continue
            seen.add(url)
            text = words(tag) if tag.tag == "a" else ""
            links.append(AttachmentLink(url=url, link_text=text or (tag.get("title") or None)))
    return links


def unwrap_viewer(url: str) -> str:
    """`…/pdfjs/web/viewer.html?file=/a/b.pdf` → the PDF's own absolute URL."""
    parts = urlsplit(url)
    if parts.path.lower().endswith("viewer.html"):
        wrapped = parse_qs(parts.query).get("file")
        if wrapped and wrapped[0].strip():
            return absolute_url(url, wrapped[0])   # pdf.js resolves it against the viewer
    return url


def is_attachment_url(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return False
    path = parts.path.lower()
    if path.endswith(ATTACHMENT_EXTENSIONS):
        return True
    return path.rsplit("/", 1)[-1] in _DOWNLOAD_ENDPOINTS


def _has_attachment_class(tag: HtmlElement) -> bool:
    return _ATTACHMENT_CLASS in (tag.get("class") or "").split()


def listing_item(
    anchor: HtmlElement, page_url: str, date_scope: HtmlElement | None = None
) -> ListingItem | None:
    """A list item from its link: absolute URL, title attribute or text, the date beside it."""
    href = anchor.get("href")
    if not href or not href.strip():
        return None
    url = absolute_url(page_url, href)
    if urlsplit(url).scheme not in ("http", "https"):
        return None   # javascript:, mailto:
    title = (anchor.get("title") or "").strip()
    chosen = title or words(anchor)
    return ListingItem(url=url, title=chosen or None, date_text=date_beside(anchor, date_scope))


def date_beside(anchor: HtmlElement, scope: HtmlElement | None = None) -> str | None:
    """The date written in the link's list row, outside the link itself."""
    container = scope
    if container is None:
        container = next((up for up in anchor.iterancestors() if up.tag in _ITEM_CONTAINERS), None)
    if container is None:
        return None
    around_anchor = {anchor, *anchor.iterancestors()}
    for element in container.iterdescendants(*_DATE_ELEMENTS):
        if element in around_anchor or _inside(element, anchor):
            continue
        text = words(element)
        if text and DATE_TEXT.search(text):
            return text
    # Some templates write the date as bare text beside the link.
    for string in _strings_outside(container, anchor):
        match = DATE_TEXT.search(string)
        if match:
            return match.group().strip()
    return None


def _inside(element: HtmlElement, anchor: HtmlElement) -> bool:
    return any(up is anchor for up in element.iterancestors())


def _strings_outside(container: HtmlElement, anchor: HtmlElement) -> Iterable[str]:
    """Every text node under the container, in document order, except the link's own."""
    for element in container.iter():
        in_anchor = element is anchor or _inside(element, anchor)
        if element is not container and not isinstance(element.tag, str):
            in_anchor = True   # a comment's text is not page text
        if element.text and not in_anchor:
            yield element.text
        # An element's tail belongs to its parent: outside the link unless the parent is in it.
        if element is not container and element.tail and not (
            element.getparent() is anchor or _inside(element.getparent(), anchor)
        ):
            yield element.tail


def unique_items(items: Iterable[ListingItem | None]) -> list[ListingItem]:
    """Each URL once, in page order; a later copy fills a missing title or date."""
    by_url: dict[str, ListingItem] = {}
    for item in items:
        if item is None:
            continue
        kept = by_url.get(item.url)
        if kept is None:
            by_url[item.url] = item
        else:
            kept.title = kept.title or item.title
            kept.date_text = kept.date_text or item.date_text
    return list(by_url.values())
