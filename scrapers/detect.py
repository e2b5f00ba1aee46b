"""Guess the platform of a column page (`govreports sources detect URL`).

Each platform leaves marks in its pages (the reference lists them): TRS's `createPageHTML`
and `t20240101_123.html` links, Hanweb's `<datastore>` and `/col/col123/`, gkmlpt's
`window._CONFIG` with a SID. The marks only rank the candidates; a candidate counts when its
adapter, walking the column with the page fetched, finds list items. When none does, the
generic adapter is tried with selectors guessed from the page (the element holding the most
links with a date beside them, and a "next page" link).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from lxml.html import HtmlElement

from scrapers.decode import decode_html
from scrapers.failures import HarvestFailure
from scrapers.http import PoliteClient
from scrapers.platforms import FetchedText, ListPage, PageFetcher, platform_for
from scrapers.platforms.gkmlpt import SID as GKMLPT_SID
from scrapers.platforms.page_parts import DATE_TEXT
from scrapers.platforms.trs import ARTICLE_HREF
from scrapers.rawstore import RawStore
from scrapers.registry import Politeness, SourceEntry
from scrapers.text.html import parse_html, words

# (platform, pattern in the page or its URL, what it says)
MARKS: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (platform, re.compile(pattern, re.I), evidence) for platform, pattern, evidence in (
        ("gkmlpt", r"window\._CONFIG\s*=.{0,200}?\bSID\b", "window._CONFIG with a SID"),
        ("gkmlpt", r"/gkmlpt/", "a /gkmlpt/ path"),
        ("gkmlpt", r"nfw-cms", "nfw-cms markup"),
        ("hanweb", r"<datastore>", "an embedded <datastore>"),
        ("hanweb", r"dataproxy\.jsp", "a dataproxy.jsp endpoint"),
        ("hanweb", r"/col/col\d+/", "a /col/col{ID}/ column path"),
        ("hanweb", r"\bdataStore\s*=\s*\[", "a dataStore = [...] script"),
        ("hanweb", r"ZJEG_RSS|hanweb", "Hanweb markers"),
        ("trs", r"\bcreatePageHTML\s*\(", "createPageHTML(...) pagination"),
        ("trs", r"wcm分页|\bcreatePage\s*\(", "Chongqing TRS pagination"),
        ("trs", r"\b(?:countPage|recordCount)\s*=", "a countPage variable"),
        ("trs", r"TRS_Editor|TRS_UEDITOR|trs_editor_view", "TRS editor markup"),
        ("trs", ARTICLE_HREF.pattern, "t{YYYYMMDD}_{id}.html article links"),
    )
)
_NEXT_WORDS = ("下一页", "下页", "next", "Next", ">")


@dataclass
class Detection:
    url: str
    platform: str | None                   # None: no adapter finds items here
    evidence: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)   # for the registry entry
    first_page: ListPage | None = None
    tried: list[str] = field(default_factory=list)          # "<platform>: <outcome>"
    page_title: str | None = None

    def registry_entry(self) -> dict[str, Any]:
        """A registry entry to start from: unverified and disabled until someone looks."""
        host = (urlsplit(self.url).hostname or "site").removeprefix("www.")
        label = host.split(".")[0].lower()
        entry: dict[str, Any] = {
            # www.huadu.gov.cn → huadu-fzzf; an address gives no name worth keeping
            "id": ("site" if label[:1].isdigit() else re.sub(r"[^a-z0-9]+", "-", label)) + "-fzzf",
            "name": self.page_title or host,
            "platform": self.platform,
            "list_urls": [self.url],
            "report_kinds": ["fzzf_annual"],
            "enabled": False,
            "verified": False,
        }
        if self.options:
            entry["options"] = self.options
        return entry

    def report_lines(self) -> list[str]:
        lines = [f"url        {self.url}"]
        if self.platform is None:
            lines.append("platform   unknown: no adapter finds list items on this page")
        else:
            lines.append(f"platform   {self.platform} ({'; '.join(self.evidence)})")
            page = self.first_page
            assert page is not None
            declared = f", {page.total_records} declared" if page.total_records else ""
            lines.append(f"first page {len(page.items)} items{declared}")
            lines += [f"  {item.date_text or '?':12} {item.title or ''}  {item.url}"
                      for item in page.items[:3]]
        lines += [f"tried      {attempt}" for attempt in self.tried]
        if self.platform is not None:
            lines.append("registry entry (add district_code and agency; enable once checked):")
            entry = yaml.safe_dump([self.registry_entry()], allow_unicode=True, sort_keys=False)
            lines += ["  " + line for line in entry.splitlines()]
        return lines


def rank_platforms(url: str, text: str) -> tuple[list[str], dict[str, list[str]]]:
    """Platforms ordered by how many of their marks the page (or URL) carries."""
    evidence: dict[str, list[str]] = {}
    for platform, pattern, said in MARKS:
        if pattern.search(text) or pattern.search(url):
            evidence.setdefault(platform, []).append(said)
    ranked = sorted(evidence, key=lambda platform: -len(evidence[platform]))
    return ranked + [p for p in ("trs", "hanweb", "gkmlpt") if p not in ranked], evidence


def detect_platform(url: str, fetch: PageFetcher) -> Detection:
    """Fetch the column page and try the adapters, most likely first."""
    column = fetch(url)
    remembered = _Remembering(fetch, column)
    ranked, evidence = rank_platforms(column.final_url, column.text)
    candidates: list[tuple[str, dict[str, Any]]] = [(platform, {}) for platform in ranked]
    generic = guess_generic_options(column.final_url, column.text)
    if generic:
        candidates.append(("generic", generic))
    title = next(parse_html(column.text).iter("title"), None)
    detection = Detection(url=url, platform=None, page_title=words(title) if title is not None else None)
    for platform, options in candidates:
        try:
            page = _first_page(url, platform, options, remembered)
        except (HarvestFailure, ValueError) as exc:
            said = str(exc)   # adapter messages mostly name their platform already
            detection.tried.append(said if said.startswith(platform) else f"{platform}: {said}")
            continue
        if page is None or not page.items:
            detection.tried.append(f"{platform}: no list items")
            continue
        detection.tried.append(f"{platform}: {len(page.items)} items on the first page")
        detection.platform, detection.first_page = platform, page
        detection.evidence = evidence.get(platform, ["selectors guessed from the page"])
        detection.options = {**options, **_discovered(platform, page, column)}
        break
    return detection


def detect_url(
    url: str, raw_dir: Path, *, allow_private: bool = False, delay_seconds: float = 1.0
) -> Detection:
    """Fetch politely (robots.txt, a pause between requests; every body kept in the raw store)."""
    batch_id = "detect__" + datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    politeness = Politeness(allow_private_addresses=allow_private, delay_seconds=delay_seconds)
    client = PoliteClient(politeness, RawStore(raw_dir), batch_id=batch_id)
    try:
        return detect_platform(url, client_fetcher(client))
    except HarvestFailure as exc:
        return Detection(url=url, platform=None,
                         tried=[f"fetching the page: {exc.error_class}: {exc.message}"])
    finally:
        client.close()


def client_fetcher(client: PoliteClient) -> PageFetcher:
    """List pages through the polite client, decoded the way the harvester decodes them."""

    def fetch(url: str, *, method: str = "GET", data: dict[str, Any] | None = None,
              accept_statuses: Iterable[int] = ()) -> FetchedText:
        response = client.fetch(url, method=method, data=data, purpose="list",
                                accept_statuses=accept_statuses)
        text, _ = decode_html(response.body, response.content_type)
        return FetchedText(url, response.final_url, response.status, text)

    return fetch


def guess_generic_options(url: str, text: str) -> dict[str, str]:
    """item_selector (and next_selector) for the element holding the most dated links."""
    root = parse_html(text)
    best: tuple[int, HtmlElement] | None = None
    for container in root.iter("ul", "ol", "table", "div", "dl"):
        rows = [row for row in container.iterdescendants("li", "tr", "dd", "p")
                if any(a.get("href") for a in row.iter("a")) and DATE_TEXT.search(words(row))]
        # The innermost container with that many rows: its selector is the most specific.
        if rows and (best is None or len(rows) >= best[0]):
            best = (len(rows), container)
    if best is None or best[0] < 3:
        return {}
    options = {"item_selector": f"{_selector(best[1])} a[href]"}
    next_link = _next_link(root)
    if next_link is not None:
        options["next_selector"] = next_link
    return options


def _selector(tag: HtmlElement) -> str:
    """`div.list ul`: the tag, or its nearest ancestor with an id or a class, and the path."""
    path: list[str] = []
    for element in [tag, *tag.iterancestors()]:
        if element.tag in ("html", "body"):
            break
        if element.get("id"):
            path.append(f"#{element.get('id')}")
            break
        classes = (element.get("class") or "").split()
        path.append(f"{element.tag}.{classes[0]}" if classes else element.tag)
        if classes:
            break
    return " ".join(reversed(path))


def _next_link(root: HtmlElement) -> str | None:
    for anchor in root.iter("a"):
        said = "".join(anchor.itertext()).strip()
        if anchor.get("href") and (said in _NEXT_WORDS or "下一页" in said):
            classes = (anchor.get("class") or "").split()
            return f"a.{classes[0]}" if classes else f'a:contains("{said}")'
    return None


def _first_page(
    url: str, platform: str, options: dict[str, Any], fetch: PageFetcher
) -> ListPage | None:
    source = SourceEntry(id="detect", name="detect", platform=platform, list_urls=[url],
                         options=options, politeness=Politeness())
    walk = platform_for(source).walk(url, fetch)
    try:
        return next(walk, None)
    finally:
        walk.close()


def _discovered(platform: str, page: ListPage, column: FetchedText) -> dict[str, Any]:
    """What the registry entry should pin (found on the page, but worth writing down)."""
    if platform == "hanweb":
        return {name: page.pagination[name] for name in ("webid", "columnid", "unitid")
                if page.pagination.get(name)}
    if platform == "gkmlpt":
        sid = GKMLPT_SID.search(column.text)
        return {"sid": sid.group(1)} if sid else {}
    return {}


class _Remembering:
    """A fetcher that answers the column page from memory: each adapter tries it for free."""

    def __init__(self, fetch: PageFetcher, column: FetchedText) -> None:
        self._fetch = fetch
        self._known = {column.url: column}

    def __call__(self, url: str, *, method: str = "GET", data: dict[str, Any] | None = None,
                 accept_statuses: Iterable[int] = ()) -> FetchedText:
        if method == "GET" and url in self._known:
            return self._known[url]
        fetched = self._fetch(url, method=method, data=data, accept_statuses=accept_statuses)
        if method == "GET":
            self._known[url] = fetched
        return fetched
