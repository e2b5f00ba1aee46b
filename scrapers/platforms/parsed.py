"""What a platform adapter hands back: list items, list pages, articles. Plain data, as written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ListingItem:
    url: str                      # absolute
    title: str | None             # title attribute or link text, as written
    date_text: str | None         # the date next to the link, as written
    # What else the list says about the item, as written (gkmlpt: document_number 文号,
    # identifier 索引号, publisher, …); the harvester keeps it in the document's meta.
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class ListPage:
    url: str                      # the page or API request these items came from
    items: list[ListingItem]
    page_count: int | None = None      # what the platform declares
    total_records: int | None = None   # what the platform declares
    # What the page tells the walker about the next pages (page file name, API ids, next URL).
    pagination: dict[str, Any] = field(default_factory=dict)


@dataclass
class AttachmentLink:
    url: str                      # absolute, pdf.js viewer wrapper removed
    link_text: str | None


@dataclass
class Article:
    title: str | None
    meta: dict[str, str]
    text: str
    attachments: list[AttachmentLink]


@dataclass
class FetchedText:
    url: str                      # as requested
    final_url: str                # after redirects: the base for relative links
    status: int
    text: str
