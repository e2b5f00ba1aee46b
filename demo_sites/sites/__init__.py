"""One module per platform layout; `all_sites()` builds a fresh set (its own article lists)."""

from __future__ import annotations

from demo_sites.sites.aggregator import BgzjySite
from demo_sites.sites.base import Request, Response, Site
from demo_sites.sites.garbage import GarbageSite
from demo_sites.sites.gkmlpt import HuaduSite
from demo_sites.sites.hanweb import JiefangSite
from demo_sites.sites.trs import SpbSite, ZjgSite

SITE_CLASSES: tuple[type[Site], ...] = (
    ZjgSite, HuaduSite, SpbSite, JiefangSite, BgzjySite, GarbageSite,
)

# The site nobody serves: its port is left closed (connection refused).
DOWN_KEY = "down"
DOWN_OFFSET = 9


def all_sites() -> dict[str, Site]:
    return {cls.key: cls() for cls in SITE_CLASSES}


__all__ = ["DOWN_KEY", "DOWN_OFFSET", "SITE_CLASSES", "Request", "Response", "Site", "all_sites"]
