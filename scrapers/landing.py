"""Landing files: what one harvest batch hands to the warehouse loader.

A batch (one source, one night) never writes the database. It writes exactly one JSON file,
atomically (temporary name, then rename), into the landing folder. The loader in
`warehouse.loader` reads every landing file it has not loaded yet, in one transaction.
Because a batch only ever produces a whole file or nothing, harvest tasks can run in
parallel, on several machines, and a crashed batch leaves nothing half-loaded.

The bytes themselves are in the raw store (`scrapers.rawstore`), addressed by sha256;
a landing file only references them.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

LANDING_FORMAT = "govreports.landing/1"

# Failure classes shared by fetch records, harvest runs and harvest health.
ERROR_CLASSES = (
    "dns",          # name does not resolve
    "connect",      # refused / unreachable / reset
    "timeout",      # connect or read timeout
    "http_4xx",     # 4xx other than the blocked ones
    "http_5xx",     # 5xx after retries
    "blocked",      # 403 / 412 or a cookie-challenge page
    "robots",       # robots.txt disallows the URL
    "parse",        # the page is not what the platform adapter expects
    "config",       # the registry entry is invalid: recorded and skipped, never fetched
    "too_large",    # response over the size cap
    "refused_address",  # resolves to a loopback/private address the source does not allow
    "other",
)


@dataclass
class FetchRecord:
    """One HTTP exchange (or one failed attempt to have one)."""

    fetch_id: str                 # sha256 of batch_id + sequence number: unique per batch
    url: str
    final_url: str | None         # after redirects
    method: str                   # GET / POST
    status: int | None            # None when no response arrived
    requested_at: str             # ISO 8601 UTC
    elapsed_ms: int
    body_sha256: str | None       # the body in the raw store; None when no body
    body_bytes: int | None
    content_type: str | None
    headers: dict[str, str] = field(default_factory=dict)
    purpose: str = "article"      # robots / list / article / attachment
    error_class: str | None = None
    error_message: str | None = None


@dataclass
class AttachmentRecord:
    """A file linked from a document (PDF, DOCX, …) and the text taken out of it."""

    attachment_id: str            # sha256 of the attachment's absolute URL
    document_id: str
    url: str
    link_text: str | None
    body_sha256: str | None
    media_type: str | None        # sniffed from magic bytes, e.g. application/pdf
    byte_size: int | None
    text: str | None              # PDF pages separated by form feed (\f)
    page_count: int | None
    extract_status: str           # ok / scanned / converter_missing / unsupported / failed / fetch_failed
    error_message: str | None = None


@dataclass
class DocumentRecord:
    """One article page as fetched tonight: its text and what the page says about itself.

    Nothing here is interpreted: titles, dates and meta tags are kept as the site wrote them;
    dbt decides what they mean.
    """

    document_id: str              # sha256 of the canonical URL: stable across nights
    url: str                      # canonical URL (fragment dropped)
    source_id: str
    body_sha256: str              # the article response in the raw store
    content_sha256: str           # sha256 of `text` + attachment body hashes: a new value = a new version
    fetched_at: str               # ISO 8601 UTC
    list_title: str | None        # link text or title attribute on the list page
    list_date: str | None         # date next to the link on the list page, as written
    page_title: str | None        # <title> or the platform's title field
    # <meta name=…> tags (SiteIDCode, PubDate, ArticleTitle, …); what the list said beyond
    # link, title and date under `list:<field>` (gkmlpt: list:document_number 文号,
    # list:identifier 索引号, …); platform fields of the page under `<platform>:<field>`.
    meta: dict[str, str]
    text: str                     # body text, block elements on their own lines
    charset: dict[str, str | None] = field(default_factory=dict)  # header / meta / detected / used
    attachments: list[AttachmentRecord] = field(default_factory=list)


@dataclass
class HarvestStats:
    pages_requested: int = 0      # every HTTP request, robots.txt included
    list_pages: int = 0
    not_modified: int = 0         # 304 answers
    articles_fetched: int = 0     # article requests answered (200, or 304 on a re-check)
    articles_known: int = 0       # seen on a list page, already in the warehouse, not fetched
    articles_unchanged: int = 0   # known articles re-checked on a full walk: 304 or the same bytes
    items_seen: int = 0           # items on the list pages walked
    items_declared: int | None = None  # what the platform says it holds (totalrecord, post_count…)
    bytes_fetched: int = 0
    errors: dict[str, int] = field(default_factory=dict)  # error class -> count
    # A full walk reads every list page and re-checks every known article (conditional GET);
    # other nights stop at the first list page whose items are all known.
    full_walk: bool = False
    # The walk reached the end of every list (not stopped at known items, not cut by
    # max_pages, no list page failed): only then can items_seen be held against items_declared.
    walk_complete: bool = False
    documents_vanished: int = 0   # known documents missing from a complete full walk


@dataclass
class VanishedDocument:
    """A document the warehouse holds that tonight's complete full walk no longer lists."""

    document_id: str
    url: str                      # canonical URL


@dataclass
class LandingBatch:
    batch_id: str                 # "<run_id>__<source_id>", safe for file names
    run_id: str
    source: dict[str, Any]        # the registry entry as harvested
    started_at: str
    finished_at: str
    outcome: str                  # ok / partial / failed
    error_class: str | None
    error_message: str | None
    stats: HarvestStats
    fetches: list[FetchRecord]
    documents: list[DocumentRecord]
    vanished: list[VanishedDocument] = field(default_factory=list)
    format: str = LANDING_FORMAT


def write_batch(batch: LandingBatch, landing_dir: Path) -> Path:
    """Write the batch as one file, atomically; return its path."""
    landing_dir.mkdir(parents=True, exist_ok=True)
    path = landing_dir / f"{batch.batch_id}.json"
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(asdict(batch), fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def read_batch(path: Path) -> dict[str, Any]:
    """Read a landing file; raise ValueError naming the file when it is not one."""
    try:
        with open(path, encoding="utf-8") as fh:
            batch = json.load(fh)
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: not a readable landing file ({exc})") from exc
    if batch.get("format") != LANDING_FORMAT:
        raise ValueError(f"{path}: unknown landing format {batch.get('format')!r}")
    return batch
