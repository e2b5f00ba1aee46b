"""One adapter per website platform; `platform_for(source)` picks the one a source names."""

from __future__ import annotations

from scrapers.platforms.base import PageFetcher, Platform
from scrapers.platforms.generic import GenericPlatform
from scrapers.platforms.gkmlpt import GkmlptPlatform
from scrapers.platforms.hanweb import HanwebPlatform
from scrapers.platforms.parsed import Article, AttachmentLink, FetchedText, ListingItem, ListPage
from scrapers.platforms.trs import TrsPlatform
from scrapers.registry import SourceEntry

ADAPTERS: dict[str, type[Platform]] = {
    adapter.name: adapter
    for adapter in (TrsPlatform, HanwebPlatform, GkmlptPlatform, GenericPlatform)
}


def platform_for(source: SourceEntry) -> Platform:
    return ADAPTERS[source.platform](source)


__all__ = [
    "ADAPTERS", "Article", "AttachmentLink", "FetchedText", "ListPage", "ListingItem",
    "PageFetcher", "Platform", "platform_for",
]
