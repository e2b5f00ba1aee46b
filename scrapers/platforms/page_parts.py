"""The parts of a government web page every platform reads the same way.

Meta tags (《政府网站发展指引》 asks for SiteIDCode, ArticleTitle, PubDate, …), the title,
attachment links, and a list item (link + the date written next to it). Everything is kept
as written: a date stays the text the site printed; dbt decides what it means.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup, Tag

from scrapers.platforms.parsed import AttachmentLink, ListingItem
from scrapers.urls import absolute_url

ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".wps", ".ofd", ".zip")
_DOWNLOAD_ENDPOINTS = ("downfile.jsp", "download.jsp")   # Hanweb: the file name is in the query
_ATTACHMENT_CLASS = "nfw-cms-attachment"                   # Guangdong nfw-cms
# Finds the date text next to a list link: 2021-04-06, 2021/4/6, 2021.04.06, 2021年4月6日.
DATE_TEXT = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2}\s*日?)?")
_DATE_ELEMENTS = ("span", "em", "i", "td", "font", "b", "div", "p", "time", "small", "dd")
_ITEM_CONTAINERS = ("li", "tr", "dd", "dt", "p", "div")


def meta_tags(soup: BeautifulSoup) -> dict[str, str]:
    """Every <meta name=… content=…>, first occurrence of a name wins."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        name = tag.get("name")
        if not name or not isinstance(name, str):
            continue
        name = name.strip()
        if name and name not in found:
            content = tag.get("content")
            found[name] = content.strip() if isinstance(content, str) else ""
    return found


def page_title(soup: BeautifulSoup) -> str | None:
    """<meta name=ArticleTitle>, else the first <h1>, else <title>."""
    meta = soup.find("meta", attrs={"name": "ArticleTitle"})
    if meta is not None and isinstance(meta.get("content"), str) and meta["content"].strip():
        return meta["content"].strip()
    for tag_name in ("h1", "title"):
        tag = soup.find(tag_name)
        if tag is not None:
            text = " ".join(tag.get_text(" ").split())
            if text:
                return text
    return None


def attachment_links(
    soup: BeautifulSoup, page_url: str, extra: Iterable[Tag | str] = ()
) -> list[AttachmentLink]:
    """Attachment links on the page (and in extra fragments), absolute, each URL once."""
    roots: list[Tag] = [soup]
    for fragment in extra:
        roots.append(BeautifulSoup(fragment, "lxml") if isinstance(fragment, str) else fragment)
    links: list[AttachmentLink] = []
    seen: set[str] = set()
    for root in roots:
        for tag in root.find_all(["a", "iframe", "embed", "object"]):
            href = tag.get("href") or tag.get("src") or tag.get("data")
            if not isinstance(href, str) or not href.strip() or href.startswith("#"):
                continue
            url = unwrap_viewer(absolute_url(page_url, href))
            if not (is_attachment_url(url) or _has_attachment_class(tag)):
                continue
            if url in seen:
                continue
            seen.add(url)
            text = " ".join(tag.get_text(" ").split()) if tag.name == "a" else ""
            title = tag.get("title")
            links.append(AttachmentLink(url=url, link_text=text or (title or None)))
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


def _has_attachment_class(tag: Tag) -> bool:
    classes = tag.get("class") or []
    return _ATTACHMENT_CLASS in classes


def listing_item(
    anchor: Tag, page_url: str, date_scope: Tag | None = None
) -> ListingItem | None:
    """A list item from its link: absolute URL, title attribute or text, the date beside it."""
    href = anchor.get("href")
    if not isinstance(href, str) or not href.strip():
        return None
    url = absolute_url(page_url, href)
    if urlsplit(url).scheme not in ("http", "https"):
        return None   # javascript:, mailto:
    title = anchor.get("title")
    text = " ".join(anchor.get_text(" ").split())
    chosen = title.strip() if isinstance(title, str) and title.strip() else text
    return ListingItem(url=url, title=chosen or None, date_text=date_beside(anchor, date_scope))


def date_beside(anchor: Tag, scope: Tag | None = None) -> str | None:
    """The date written in the link's list row, outside the link itself."""
    container = scope or anchor.find_parent(_ITEM_CONTAINERS)
    if container is None:
        return None
    for element in container.find_all(_DATE_ELEMENTS):
        if element is anchor or anchor in element.parents or element in anchor.parents:
            continue
        text = " ".join(element.get_text(" ").split())
        if text and DATE_TEXT.search(text):
            return text
    # Some templates write the date as bare text beside the link.
    for string in container.find_all(string=True, recursive=True):
        if anchor in string.parents:
            continue
        match = DATE_TEXT.search(string)
        if match:
            return match.group().strip()
    return None


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
