"""`govreports import`: reports a user already has as files, into the warehouse like harvested ones.

Each file (.html, .htm, .txt, .pdf, .docx, and .doc / .wps / .ofd where a converter exists) is
kept in the raw store by sha256, turned into a document record the way the harvester turns a
page into one (scrapers.decode, scrapers.text), and all of one import go into one landing file
of the source `local-import`; then the usual loader puts them in raw.* and dbt decides what they
are. Nothing here interprets the text.

- A web page (.html/.htm) is decoded and its body text, <title> and <meta> tags are kept.
- A text file is decoded (UTF-8, GB18030 …) and kept as the document's text.
- Any other file is the document's only attachment (like a report published only as a PDF),
  with its extraction status: an unreadable file is recorded with status failed / scanned /
  unsupported / converter_missing, never an exception.
- An optional sidecar `<file>.meta.json` gives hints: {"url", "title", "published_on",
  "agency", "district_code"}. The url (default: the file's file:// URL) is the document's
  identity; title and published_on stand where a list page's link text and date would; agency
  and district_code go into the meta as import.agency / import.district_code.
- Importing the same file again changes nothing: a file whose URL and content are already in
  the warehouse (the loader's seen state) is skipped, and no landing file is written when nothing
  is new.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from scrapers.decode import decode_html
from scrapers.harvest import content_sha256
from scrapers.landing import AttachmentRecord, DocumentRecord, FetchRecord, HarvestStats, LandingBatch, write_batch
from scrapers.platforms.page_parts import meta_tags, page_title
from scrapers.rawstore import RawStore
from scrapers.seen import read_seen
from scrapers.text import extract_attachment
from scrapers.text.html import html_to_text, parse_html
from scrapers.urls import canonical_url, url_id
from warehouse.config import Paths

SOURCE_ID = "local-import"
SOURCE_ENTRY = {
    "id": SOURCE_ID,
    "name": "本地导入的文件 (govreports import)",
    "platform": "import",
    "district_code": None,
    "agency": None,
}
WEB_PAGES = (".html", ".htm")
TEXT_FILES = (".txt",)
DOCUMENT_FILES = (".pdf", ".docx", ".doc", ".wps", ".ofd")
SUPPORTED = WEB_PAGES + TEXT_FILES + DOCUMENT_FILES
SIDECAR_SUFFIX = ".meta.json"
SIDECAR_KEYS = ("url", "title", "published_on", "agency", "district_code")


class ImportPathError(ValueError):
    """A path the user gave cannot be imported (shown as one line)."""


@dataclass
class FileOutcome:
    path: Path
    status: str            # new / changed / unchanged / skipped
    detail: str

    def line(self) -> str:
        return f"{self.status:<9} {self.path}: {self.detail}"


@dataclass
class ImportResult:
    run_id: str
    files: list[FileOutcome] = field(default_factory=list)
    landing_file: Path | None = None

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.files if outcome.status == status)


def files_to_import(paths: Iterable[Path]) -> list[Path]:
    """The files named, and the files inside the folders named (sorted, sidecars and hidden files left out)."""
    found: list[Path] = []
    for path in paths:
        path = Path(path).expanduser()
        if not path.exists():
            raise ImportPathError(f"{path}: no such file or folder")
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*")
                if p.is_file() and not p.name.endswith(SIDECAR_SUFFIX)
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif not path.name.endswith(SIDECAR_SUFFIX):
            found.append(path)
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path.resolve(), None)
    return list(unique)


def import_files(
    paths: Iterable[Path],
    home: Paths,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Read the files into the raw store and one landing file; returns what happened to each."""
    started = datetime.now(UTC)
    run_id = "import__" + started.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    result = ImportResult(run_id=run_id)
    store = RawStore(home.raw)
    seen = read_seen(home.state, SOURCE_ID)
    documents: list[DocumentRecord] = []
    fetches: list[FetchRecord] = []
    batch_id = f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', run_id)}__{SOURCE_ID}"

    for path in files_to_import(paths):
        outcome, document, fetch = _import_one(path, store, seen, batch_id, len(fetches))
        result.files.append(outcome)
        if progress is not None:
            progress(outcome.line())
        if fetch is not None:
            fetches.append(fetch)
        if document is not None:
            documents.append(document)

    if documents:
        finished = datetime.now(UTC)
        batch = LandingBatch(
            batch_id=batch_id,
            run_id=run_id,
            source=SOURCE_ENTRY,
            started_at=started.isoformat(),
            finished_at=finished.isoformat(),
            outcome="ok",
            error_class=None,
            error_message=None,
            stats=HarvestStats(
                articles_fetched=len(documents),
                items_seen=len(result.files),
                bytes_fetched=sum(f.body_bytes or 0 for f in fetches),
            ),
            fetches=fetches,
            documents=documents,
        )
        result.landing_file = write_batch(batch, home.landing)
    return result


def _import_one(
    path: Path, store: RawStore, seen: dict, batch_id: str, sequence: int
) -> tuple[FileOutcome, DocumentRecord | None, FetchRecord | None]:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        return FileOutcome(path, "skipped", f"not a report file type ({suffix or 'no extension'}; "
                                            f"one of {', '.join(SUPPORTED)})"), None, None
    try:
        body = path.read_bytes()
    except OSError as exc:
        return FileOutcome(path, "skipped", f"cannot be read ({exc.strerror or exc})"), None, None

    hints, sidecar_problem = _sidecar(path)
    url = canonical_url(hints.get("url") or path.as_uri())
    document_id = url_id(url)
    body_sha256 = store.put(body)
    now = datetime.now(UTC).isoformat(timespec="milliseconds")
    meta = {"import.file_name": path.name}
    meta.update({f"import.{key}": str(hints[key]) for key in ("agency", "district_code") if hints.get(key)})
    title = None
    charset: dict[str, str | None] = {}
    text = ""
    attachments: list[AttachmentRecord] = []

    if suffix in WEB_PAGES:
        html, charset = decode_html(body)
        root = parse_html(html) if html.strip() else None
        if root is not None:
            meta = {**meta_tags(root), **meta}
            title = page_title(root)
            body_element = next(root.iter("body"), root)
            text = html_to_text(body_element)
        detail = f"web page, {len(text)} characters of text"
    elif suffix in TEXT_FILES:
        text, charset = decode_html(body) if body else ("", {})
        detail = f"text, {len(text)} characters" + (f" ({charset.get('used')})" if body else "")
    else:
        extracted = extract_attachment(body)
        attachments.append(AttachmentRecord(
            attachment_id=url_id(url),
            document_id=document_id,
            url=url,
            link_text=path.name,
            body_sha256=body_sha256,
            media_type=extracted.media_type,
            byte_size=len(body),
            text=extracted.text,
            page_count=extracted.page_count,
            extract_status=extracted.extract_status,
            error_message=extracted.error_message,
        ))
        detail = (f"{extracted.media_type}, {extracted.extract_status}"
                  + (f", {len(extracted.text or '')} characters" if extracted.text else "")
                  + (f" ({extracted.error_message})" if extracted.error_message else ""))
    if not body:
        detail = "empty file"
    if sidecar_problem:
        detail += f"; {sidecar_problem}"
    elif hints:
        detail += f"; sidecar hints: {', '.join(sorted(hints))}"

    content = content_sha256(text, attachments)
    known = seen.get(url)
    if known is not None and known.get("content_sha256") == content:
        return FileOutcome(path, "unchanged", "already in the warehouse"), None, None

    fetch = FetchRecord(
        fetch_id=url_id(f"{batch_id}#{sequence}"),
        url=url,
        final_url=url,
        method="READ",
        status=200,
        requested_at=now,
        elapsed_ms=0,
        body_sha256=body_sha256,
        body_bytes=len(body),
        content_type=None,
        purpose="import",
    )
    document = DocumentRecord(
        document_id=document_id,
        url=url,
        source_id=SOURCE_ID,
        body_sha256=body_sha256,
        content_sha256=content,
        fetched_at=now,
        list_title=_text_hint(hints.get("title")),
        list_date=_text_hint(hints.get("published_on")),
        page_title=title,
        meta=meta,
        text=text,
        charset=charset,
        attachments=attachments,
    )
    status = "changed" if known is not None else "new"
    return FileOutcome(path, status, detail), document, fetch


def _sidecar(path: Path) -> tuple[dict, str | None]:
    """Hints from `<file>.meta.json`; a broken sidecar is reported and ignored, never fatal."""
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return {}, None
    try:
        hints = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {}, f"sidecar {sidecar.name} ignored: not readable JSON ({exc})"
    if not isinstance(hints, dict):
        return {}, f"sidecar {sidecar.name} ignored: not a JSON object"
    unknown = sorted(set(hints) - set(SIDECAR_KEYS))
    hints = {key: value for key, value in hints.items() if key in SIDECAR_KEYS and value not in (None, "")}
    return hints, (f"sidecar keys ignored: {', '.join(unknown)} (known: {', '.join(SIDECAR_KEYS)})"
                   if unknown else None)


def _text_hint(value: object) -> str | None:
    return None if value is None else str(value)


def describe_imported(home: Paths, result: ImportResult) -> list[str]:
    """After the build: what the warehouse made of each imported file, one line per file."""
    import duckdb

    urls = {}
    for outcome in result.files:
        if outcome.status in ("new", "changed", "unchanged"):
            hints, _ = _sidecar(outcome.path)
            urls[url_id(canonical_url(hints.get("url") or outcome.path.as_uri()))] = outcome.path
    if not urls or not home.warehouse.exists():
        return []
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        rows = con.execute(
            """select document_id, document_status, coalesce(document_status_reason, ''), report_kind,
                      report_year, district_code, district_status, title
               from intermediate.int_reports_identified
               where document_id in (select unnest(?))""",
            [list(urls)],
        ).fetchall()
    lines = []
    for document_id, status, reason, kind, year, district, district_status, title in rows:
        what = f"{kind}, year {year or '?'}, district {district or district_status}" if kind != "other" else ""
        lines.append(f"{status:<16} {urls[document_id]}: {title or '(no title)'}"
                     + (f" — {what}" if what else "") + (f" — {reason}" if reason else ""))
    return sorted(lines, key=lambda line: line.split(" ", 1)[1])
