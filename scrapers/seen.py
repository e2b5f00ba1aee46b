"""What a source has already given us: the harvester's memory between nights.

The warehouse loader writes one file per source after each load (`state/seen/<source_id>.json`);
a harvest batch reads it to fetch only new article pages, to ask conditionally (ETag,
Last-Modified) for pages it has seen, and to know when the source's last full walk was. The
harvester never opens the warehouse database, so this file is the only state it shares with it.

Format:
    {"source_id": …,
     "documents": {"<canonical url>": {"content_sha256", "body_sha256", "list_date",
                                       "etag", "last_modified"}},
     "list_pages": {"<url>": {"body_sha256", "etag", "last_modified"}},
     "last_full_walk_at": "<ISO 8601 UTC>" | null}
`body_sha256` is the body of the latest 200 answer: a new 200 with the same bytes is "unchanged"
whatever its validators say.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scrapers.urls import canonical_url


@dataclass
class SeenState:
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)   # canonical URL -> …
    list_pages: dict[str, dict[str, Any]] = field(default_factory=dict)  # URL as requested -> …
    last_full_walk_at: str | None = None

    def full_walk_due(self, every_days: int, now: datetime | None = None) -> bool:
        """True when nothing is known yet, or the last full walk is `every_days` old."""
        if not self.documents or not self.last_full_walk_at:
            return True
        last = datetime.fromisoformat(self.last_full_walk_at)
        if last.tzinfo is None:
            last = last.replace(tzinfo=UTC)   # the warehouse keeps UTC without an offset
        return (now or datetime.now(UTC)) - last >= timedelta(days=every_days)

    def validators(self, known: dict[str, Any] | None) -> dict[str, str]:
        """Conditional GET headers for a page we know (none when we know no validator)."""
        headers: dict[str, str] = {}
        if known and known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if known and known.get("last_modified"):
            headers["If-Modified-Since"] = known["last_modified"]
        return headers


def seen_path(state_dir: Path, source_id: str) -> Path:
    return state_dir / "seen" / f"{source_id}.json"


def read_seen_state(state_dir: Path, source_id: str) -> SeenState:
    """Everything remembered of a source; empty for a source never loaded (or an unreadable file)."""
    path = seen_path(state_dir, source_id)
    try:
        with open(path, encoding="utf-8") as fh:
            stored = json.load(fh)
    except (OSError, json.JSONDecodeError):
        # A damaged (or missing) memory only costs re-fetching; the loader dedups by content hash.
        return SeenState()
    return SeenState(
        documents={canonical_url(url): known for url, known in stored.get("documents", {}).items()},
        list_pages=stored.get("list_pages") or {},
        last_full_walk_at=stored.get("last_full_walk_at"),
    )


def read_seen(state_dir: Path, source_id: str) -> dict[str, dict[str, Any]]:
    """URL -> what we know of it; empty for a source never loaded (or an unreadable file)."""
    return read_seen_state(state_dir, source_id).documents


def write_seen(
    state_dir: Path,
    source_id: str,
    documents: dict[str, dict[str, Any]],
    *,
    list_pages: dict[str, dict[str, Any]] | None = None,
    last_full_walk_at: str | None = None,
) -> Path:
    path = seen_path(state_dir, source_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    stored = {"source_id": source_id, "documents": documents, "list_pages": list_pages or {},
              "last_full_walk_at": last_full_walk_at}
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(stored, fh, ensure_ascii=False)
    os.replace(tmp, path)
    return path
