"""The loader: the only writer of the `raw` schema.

It takes every landing file not loaded yet, in one transaction: either all of tonight's
batches are in `raw.*` or none is. Loading is idempotent — a batch already recorded in
`raw.landing_files` is skipped, and a document version already stored (same document id,
same content hash) is not stored again. After the commit it refreshes the harvester's memory
(`state/seen/<source>.json`) and files the landing files under `landing/loaded/`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from scrapers.landing import read_batch
from scrapers.seen import write_seen
from warehouse.config import Paths
from warehouse.raw_schema import ensure_raw_schema

log = logging.getLogger("govreports.loader")


@dataclass
class LoadResult:
    batches_loaded: int = 0
    batches_skipped: int = 0          # already loaded earlier (a crash between commit and filing)
    documents_new: int = 0
    documents_changed: int = 0
    fetches: int = 0
    rejected: list[str] = field(default_factory=list)  # one line per unreadable landing file
    run_ids: list[str] = field(default_factory=list)


def utc_timestamp(value: str | None) -> datetime | None:
    """ISO 8601 (any offset) → naive UTC, the warehouse's one time zone for timestamps."""
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def _sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _entry_sha256(entry: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(entry, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def pending_landing_files(paths: Paths) -> list[Path]:
    if not paths.landing.exists():
        return []
    return sorted(p for p in paths.landing.glob("*.json") if p.is_file())


def load_landing(paths: Paths, progress: Callable[[str], None] | None = None) -> LoadResult:
    """Load every pending landing file into raw.* in one transaction."""
    result = LoadResult()
    files = pending_landing_files(paths)
    batches: list[tuple[Path, dict[str, Any]]] = []
    for path in files:
        try:
            batches.append((path, read_batch(path)))
        except ValueError as exc:
            # A damaged file is set aside, never deleted: it may be repairable.
            result.rejected.append(str(exc))
            rejected_dir = paths.landing / "rejected"
            rejected_dir.mkdir(parents=True, exist_ok=True)
            shutil.move(path, rejected_dir / path.name)
            log.error("govreports: landing file rejected: %s", exc)

    paths.warehouse.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(paths.warehouse))
    try:
        ensure_raw_schema(con)
        loaded_ids = {row[0] for row in con.execute("select batch_id from raw.landing_files").fetchall()}
        known_versions = {
            (row[0], row[1])
            for row in con.execute("select document_id, content_sha256 from raw.documents").fetchall()
        }
        known_documents = {doc_id for doc_id, _ in known_versions}
        loaded_at = datetime.now(UTC).replace(tzinfo=None)
        touched_sources: set[str] = set()
        filed: list[Path] = []

        con.execute("begin transaction")
        for path, batch in batches:
            if batch["batch_id"] in loaded_ids:
                result.batches_skipped += 1
                filed.append(path)
                continue
            counts = _insert_batch(con, path, batch, loaded_at, known_versions, known_documents)
            result.batches_loaded += 1
            result.documents_new += counts["new"]
            result.documents_changed += counts["changed"]
            result.fetches += len(batch["fetches"])
            if batch["run_id"] not in result.run_ids:
                result.run_ids.append(batch["run_id"])
            touched_sources.add(batch["source"]["id"])
            filed.append(path)
            if progress:
                progress(
                    f"loaded {batch['source']['id']}: {counts['new']} new, "
                    f"{counts['changed']} changed document(s)"
                )
        con.execute("commit")

        # Three queries for all the sources loaded, not three per source: a night has many.
        touched = sorted(touched_sources)
        documents = _seen_documents(con, touched)
        list_pages = _seen_list_pages(con, touched)
        full_walks = _last_full_walks(con, touched)
        for source_id in touched:
            write_seen(paths.state, source_id, documents.get(source_id, {}),
                       list_pages=list_pages.get(source_id), last_full_walk_at=full_walks.get(source_id))
    except BaseException:
        if con is not None:
            try:
                con.execute("rollback")
            except duckdb.Error:
                pass
        raise
    finally:
        con.close()

    loaded_dir = paths.landing / "loaded"
    loaded_dir.mkdir(parents=True, exist_ok=True)
    for path in filed:
        shutil.move(path, loaded_dir / path.name)
    return result


def _insert_batch(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    batch: dict[str, Any],
    loaded_at: datetime,
    known_versions: set[tuple[str, str]],
    known_documents: set[str],
) -> dict[str, int]:
    source = batch["source"]
    source_id = source["id"]
    batch_id = batch["batch_id"]
    counts = {"new": 0, "changed": 0}

    entry_sha = _entry_sha256(source)
    con.execute(
        """insert into raw.sources
           select ?, ?, ?, ?, ?, ?, ?, ?
           where not exists (select 1 from raw.sources where source_id = ? and entry_sha256 = ?)""",
        [
            source_id, entry_sha, source.get("name"), source.get("platform"),
            source.get("district_code"), source.get("agency"),
            json.dumps(source, ensure_ascii=False), loaded_at, source_id, entry_sha,
        ],
    )

    fetch_rows = [
        [
            f["fetch_id"], batch_id, source_id, f["url"], f.get("final_url"), f["method"],
            f.get("purpose", "article"), f.get("status"), utc_timestamp(f["requested_at"]),
            f.get("elapsed_ms"), f.get("body_sha256"), f.get("body_bytes"), f.get("content_type"),
            json.dumps(f.get("headers") or {}, ensure_ascii=False), f.get("error_class"),
            f.get("error_message"), loaded_at,
        ]
        for f in batch["fetches"]
    ]
    if fetch_rows:
        con.executemany(
            "insert or ignore into raw.fetches values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            fetch_rows,
        )

    for doc in batch["documents"]:
        version = (doc["document_id"], doc["content_sha256"])
        if version in known_versions:
            continue
        counts["changed" if doc["document_id"] in known_documents else "new"] += 1
        known_versions.add(version)
        known_documents.add(doc["document_id"])
        con.execute(
            "insert into raw.documents values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                doc["document_id"], doc["content_sha256"], batch_id, source_id, doc["url"],
                doc["body_sha256"], utc_timestamp(doc["fetched_at"]), doc.get("list_title"),
                doc.get("list_date"), doc.get("page_title"),
                json.dumps(doc.get("meta") or {}, ensure_ascii=False), doc.get("text"),
                json.dumps(doc.get("charset") or {}, ensure_ascii=False), loaded_at,
            ],
        )
        for att in doc.get("attachments") or []:
            con.execute(
                "insert or ignore into raw.attachments values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    att["attachment_id"], doc["document_id"], doc["content_sha256"], att["url"],
                    att.get("link_text"), att.get("body_sha256"), att.get("media_type"),
                    att.get("byte_size"), att.get("text"), att.get("page_count"),
                    att["extract_status"], att.get("error_message"), batch_id, loaded_at,
                ],
            )

    stats = batch["stats"]
    vanished = batch.get("vanished") or []
    con.execute(
        """insert into raw.harvest_runs (
               batch_id, run_id, source_id, started_at, finished_at, outcome, error_class,
               error_message, pages_requested, list_pages, not_modified, articles_fetched,
               articles_known, items_seen, items_declared, bytes_fetched, documents_new,
               documents_changed, errors, loaded_at, full_walk, walk_complete,
               articles_unchanged, documents_vanished, vanished_documents)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            batch_id, batch["run_id"], source_id, utc_timestamp(batch["started_at"]),
            utc_timestamp(batch["finished_at"]), batch["outcome"], batch.get("error_class"),
            batch.get("error_message"), stats.get("pages_requested", 0), stats.get("list_pages", 0),
            stats.get("not_modified", 0), stats.get("articles_fetched", 0),
            stats.get("articles_known", 0), stats.get("items_seen", 0), stats.get("items_declared"),
            stats.get("bytes_fetched", 0), counts["new"], counts["changed"],
            json.dumps(stats.get("errors") or {}), loaded_at, stats.get("full_walk"),
            stats.get("walk_complete"), stats.get("articles_unchanged", 0), len(vanished),
            json.dumps(vanished, ensure_ascii=False) if vanished else None,
        ],
    )
    con.execute(
        "insert into raw.landing_files values (?, ?, ?, ?, ?, ?)",
        [batch_id, path.name, _sha256_file(path), batch["run_id"], source_id, loaded_at],
    )
    return counts


def _seen_documents(con: duckdb.DuckDBPyConnection, source_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Per source, the latest known version of each document keyed by URL, with the validators
    (ETag, Last-Modified) and body of its latest 200 answer for conditional GET."""
    rows = con.execute(
        """with latest_version as (
               select source_id, url, content_sha256, body_sha256, list_date
               from raw.documents
               where list_contains(?, source_id)
               qualify row_number() over (partition by document_id order by fetched_at desc) = 1
           ),
           latest_answer as (
               select source_id, url, body_sha256, headers ->> 'etag' as etag,
                      headers ->> 'last-modified' as last_modified
               from raw.fetches
               where list_contains(?, source_id) and purpose = 'article' and status = 200
               qualify row_number() over (partition by source_id, url order by requested_at desc) = 1
           )
           select v.source_id, v.url, v.content_sha256, coalesce(a.body_sha256, v.body_sha256),
                  v.list_date, a.etag, a.last_modified
           from latest_version v left join latest_answer a using (source_id, url)""",
        [source_ids, source_ids],
    ).fetchall()
    seen: dict[str, dict[str, Any]] = {}
    for source_id, url, content, body, list_date, etag, last_modified in rows:
        seen.setdefault(source_id, {})[url] = {
            "content_sha256": content, "body_sha256": body, "list_date": list_date,
            "etag": etag, "last_modified": last_modified,
        }
    return seen


def _seen_list_pages(con: duckdb.DuckDBPyConnection, source_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Per source, the latest 200 answer of each GET list page that came with a validator."""
    rows = con.execute(
        """select source_id, url, body_sha256, content_type, headers ->> 'etag',
                  headers ->> 'last-modified'
           from raw.fetches
           where list_contains(?, source_id) and purpose = 'list' and method = 'GET'
                 and status = 200
           qualify row_number() over (partition by source_id, url order by requested_at desc) = 1""",
        [source_ids],
    ).fetchall()
    pages: dict[str, dict[str, Any]] = {}
    for source_id, url, body, content_type, etag, last_modified in rows:
        if etag or last_modified:
            pages.setdefault(source_id, {})[url] = {
                "body_sha256": body, "content_type": content_type, "etag": etag,
                "last_modified": last_modified,
            }
    return pages


def _last_full_walks(con: duckdb.DuckDBPyConnection, source_ids: list[str]) -> dict[str, str]:
    """Per source, when its last complete full walk started (UTC), if it ever had one."""
    rows = con.execute(
        """select source_id, max(started_at) from raw.harvest_runs
           where list_contains(?, source_id) and full_walk and walk_complete
           group by source_id""",
        [source_ids],
    ).fetchall()
    return {source_id: started.isoformat() for source_id, started in rows}
