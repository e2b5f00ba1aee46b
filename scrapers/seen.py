"""What a source has already given us: the harvester's memory between nights.

The warehouse loader writes one file per source after each load (`state/seen/<source_id>.json`);
a harvest batch reads it to fetch only new article pages. The harvester never opens the
warehouse database, so this file is the only state it shares with it.

Format: {"source_id": …, "documents": {"<canonical url>": {"content_sha256": …,
"body_sha256": …, "list_date": …}}}
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def seen_path(state_dir: Path, source_id: str) -> Path:
    return state_dir / "seen" / f"{source_id}.json"


def read_seen(state_dir: Path, source_id: str) -> dict[str, dict[str, Any]]:
    """URL -> what we know of it; empty for a source never loaded (or an unreadable file)."""
    path = seen_path(state_dir, source_id)
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh).get("documents", {})
    except FileNotFoundError:
        return {}
    except (OSError, json.JSONDecodeError):
        # A damaged memory only costs re-fetching; the loader dedups by content hash.
        return {}


def write_seen(state_dir: Path, source_id: str, documents: dict[str, dict[str, Any]]) -> Path:
    path = seen_path(state_dir, source_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump({"source_id": source_id, "documents": documents}, fh, ensure_ascii=False)
    os.replace(tmp, path)
    return path
