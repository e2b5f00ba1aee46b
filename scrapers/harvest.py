"""One harvest batch: one source, one run → one landing file. Never raises for a site's problems.

Walk the source's list pages newest first; fetch the article pages (and their attachments)
the warehouse has not seen; stop after the first list page on which every item is already
known. Every `full_walk_every_days` (and on the first night, or when asked) walk to the end of
every list instead and re-check every known article with a conditional GET: a changed page
becomes a new document version (the loader versions by content hash), a known document no
longer listed is reported as vanished. List pages are asked conditionally too; a 304 is parsed
from the body kept in the raw store.

Every exchange is a fetch record, every body is in the raw store, and whatever went wrong is
classified and written into the landing file, so a site that is down, blocks us or changed
its template shows up in harvest health instead of as a crashed task.

Outcome: ok (no failures), partial (something failed, something was usable), failed (nothing
usable: no list page could be read, or every new article failed).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapers.decode import decode_html
from scrapers.failures import FetchError, ParseError, classify
from scrapers.http import PoliteClient, Response
from scrapers.landing import (
    AttachmentRecord,
    DocumentRecord,
    FetchRecord,
    HarvestStats,
    LandingBatch,
    VanishedDocument,
    write_batch,
)
from scrapers.platforms import FetchedText, ListingItem, ListPage, platform_for
from scrapers.platforms.parsed import AttachmentLink
from scrapers.rawstore import RawStore
from scrapers.registry import SourceEntry
from scrapers.seen import read_seen_state
from scrapers.text import extract_attachment, sniff
from scrapers.urls import canonical_url, url_id

Progress = Callable[[str], None]

# A list item whose URL answers one of these is a document that is itself a file.
_FILE_TYPES = frozenset({sniff.PDF, sniff.DOCX, sniff.MSWORD, sniff.OFD, sniff.ZIP})


@dataclass
class HarvestResult:
    batch_id: str
    source_id: str
    landing_path: Path
    outcome: str                  # ok / partial / failed
    error_class: str | None
    error_message: str | None
    list_pages: int
    articles_fetched: int
    articles_known: int
    pages_requested: int
    documents: int
    full_walk: bool
    walk_complete: bool
    documents_vanished: int


def batch_id_for(run_id: str, source_id: str) -> str:
    """`<run_id>__<source_id>`, with the run id made safe for a file name.

    Same rule as warehouse.nightly.safe_run_id (which names the batches of bad registry
    entries), so one run's landing files share one prefix; a leading dot would hide the file.
    """
    safe_run = re.sub(r"[^A-Za-z0-9_.-]+", "-", run_id).lstrip(".") or "run"
    return f"{safe_run}__{source_id}"


def harvest_source(
    source: SourceEntry,
    *,
    run_id: str,
    home: Path,
    progress: Progress | None = None,
    full_walk: bool = False,
) -> HarvestResult:
    """Harvest one source into one landing file under `home/landing`; return its summary.

    `full_walk`: walk every list to its end and re-check every known article tonight, whether
    or not the source's full walk is due.
    """
    return _Harvest(source, run_id=run_id, home=Path(home), progress=progress,
                    full_walk=full_walk).run()


class _Harvest:
    def __init__(
        self,
        source: SourceEntry,
        *,
        run_id: str,
        home: Path,
        progress: Progress | None,
        full_walk: bool,
    ) -> None:
        self.source = source
        self.run_id = run_id
        self.home = home
        self.batch_id = batch_id_for(run_id, source.id)
        self.progress = progress or (lambda message: None)
        # Bodies are flushed to disk once, before the landing file that names them is written.
        self.client = PoliteClient(source.politeness, RawStore(home / "raw", sync_later=True),
                                   batch_id=self.batch_id)
        self.platform = platform_for(source)
        self.memory = read_seen_state(home / "state", source.id)
        self.seen = self.memory.documents                # canonical URL -> what we know
        self.stats = HarvestStats(
            full_walk=full_walk or self.memory.full_walk_due(source.full_walk_every_days)
        )
        self.columns_complete: list[bool] = []
        self.documents: list[DocumentRecord] = []
        self.failures: list[tuple[str, str]] = []      # (error class, message), in order
        self.handled: set[str] = set()                 # canonical URLs taken care of tonight
        self.new_items = 0
        self.articles_failed = 0
        self._attachments: dict[str, AttachmentRecord] = {}   # canonical URL -> tonight's
        self._last_list_record: FetchRecord | None = None

    # -- the batch ------------------------------------------------------------------------

    def run(self) -> HarvestResult:
        started_at = _now()
        try:
            for list_url in self.source.list_urls:
                self._walk_column(list_url)
        except Exception as exc:  # a bug must not lose the night's fetches either
            self._fail(exc)
        finally:
            self.client.close()
        self.stats.walk_complete = bool(self.columns_complete) and all(self.columns_complete)
        vanished = self._vanished()
        self.stats.documents_vanished = len(vanished)
        outcome = self._outcome()
        error_class, error_message = self._batch_error()
        self.stats.pages_requested = self.client.requests_sent
        self.stats.not_modified = sum(1 for r in self.client.records if r.status == 304)
        self.stats.bytes_fetched = self.client.bytes_fetched
        batch = LandingBatch(
            batch_id=self.batch_id,
            run_id=self.run_id,
            source=self.source.model_dump(mode="json"),
            started_at=started_at,
            finished_at=_now(),
            outcome=outcome,
            error_class=error_class,
            error_message=error_message,
            stats=self.stats,
            fetches=self.client.records,
            documents=self.documents,
            vanished=vanished,
        )
        self.client.raw_store.sync()
        path = write_batch(batch, self.home / "landing")
        self.progress(f"{self.source.id}: {outcome}, {len(self.documents)} documents")
        return HarvestResult(
            batch_id=self.batch_id,
            source_id=self.source.id,
            landing_path=path,
            outcome=outcome,
            error_class=error_class,
            error_message=error_message,
            list_pages=self.stats.list_pages,
            articles_fetched=self.stats.articles_fetched,
            articles_known=self.stats.articles_known,
            pages_requested=self.stats.pages_requested,
            documents=len(self.documents),
            full_walk=self.stats.full_walk,
            walk_complete=self.stats.walk_complete,
            documents_vanished=self.stats.documents_vanished,
        )

    def _vanished(self) -> list[VanishedDocument]:
        """Known documents a complete full walk did not list: taken down, or moved."""
        if not (self.stats.full_walk and self.stats.walk_complete):
            return []
        return [VanishedDocument(document_id=url_id(url), url=url)
                for url in sorted(self.seen) if url not in self.handled]

    def _outcome(self) -> str:
        if not self.failures:
            return "ok"
        nothing_listed = self.stats.list_pages == 0
        every_new_article_failed = self.new_items > 0 and self.articles_failed == self.new_items
        if nothing_listed or (every_new_article_failed and not self.documents):
            return "failed"
        return "partial"

    def _batch_error(self) -> tuple[str | None, str | None]:
        if not self.failures:
            return None, None
        error_class, message = self.failures[0]
        if len(self.failures) > 1:
            message += f" (and {len(self.failures) - 1} more failures)"
        return error_class, message

    def _fail(self, exc: BaseException) -> tuple[str, str]:
        error_class, message = classify(exc)
        self.failures.append((error_class, message))
        self.stats.errors[error_class] = self.stats.errors.get(error_class, 0) + 1
        return error_class, message

    # -- list pages -----------------------------------------------------------------------

    def _walk_column(self, list_url: str) -> None:
        pages = self.platform.walk(list_url, self._fetch_list)
        number = 0
        complete = False
        try:
            for page in pages:
                number += 1
                if number == 1 and not page.items:
                    raise ParseError(
                        f"first list page {page.url} has no items (template changed, wrong "
                        f"platform, or a stub page?)"
                    )
                self.stats.list_pages += 1
                if number == 1 and page.total_records is not None:
                    self.stats.items_declared = (self.stats.items_declared or 0) + (
                        page.total_records
                    )
                if not self._read_list_page(page, number) and not self.stats.full_walk:
                    break   # everything on this page is known: the rest is older
            else:
                # The walk ran out of pages by itself, unless the page cap cut it.
                complete = number < self.platform.max_list_pages
        except Exception as exc:  # classified; one broken column never stops the next
            error_class, message = self._fail(exc)
            if not isinstance(exc, FetchError) and self._last_list_record is not None:
                # The last list response is the one that could not be understood.
                self._last_list_record.error_class = error_class
                self._last_list_record.error_message = message
        finally:
            pages.close()
            self.columns_complete.append(complete)

    def _read_list_page(self, page: ListPage, number: int) -> bool:
        """Fetch the page's new articles (and on a full walk re-check the known ones); False
        when nothing on it was new."""
        self.stats.items_seen += len(page.items)
        new: list[ListingItem] = []
        known: list[ListingItem] = []
        for item in page.items:
            key = canonical_url(item.url)
            if key in self.handled:
                continue
            self.handled.add(key)
            (known if key in self.seen else new).append(item)
        self.stats.articles_known += len(known)
        self.progress(f"list page {number}: {page.url} ({len(page.items)} items, {len(new)} new)")
        for item in new:
            self.new_items += 1
            self._harvest_article(item)
        if self.stats.full_walk:
            for item in known:
                self._harvest_article(item, self.seen[canonical_url(item.url)])
        return bool(new)

    def _fetch_list(
        self,
        url: str,
        *,
        method: str = "GET",
        data: dict[str, Any] | None = None,
        accept_statuses: Iterable[int] = (),
    ) -> FetchedText:
        known = self.memory.list_pages.get(url) if method == "GET" else None
        if known and not self.client.raw_store.has(known.get("body_sha256") or ""):
            known = None   # a 304 would be useless without the body it refers to
        response = self.client.fetch(
            url, method=method, data=data, purpose="list", accept_statuses=accept_statuses,
            headers=self.memory.validators(known),
        )
        self._last_list_record = response.record
        body, content_type = response.body, response.content_type
        if response.not_modified and known:
            body = self.client.raw_store.get(known["body_sha256"])
            content_type = content_type or known.get("content_type")
        text, _ = decode_html(body, content_type)
        return FetchedText(url=url, final_url=response.final_url, status=response.status,
                           text=text)

    # -- articles -------------------------------------------------------------------------

    def _harvest_article(self, item: ListingItem, known: dict[str, Any] | None = None) -> None:
        """Fetch a new article, or re-check a `known` one (conditional GET, then the bytes)."""
        self.progress(f"article {item.url}")
        try:
            response = self.client.fetch(item.url, purpose="article",
                                         headers=self.memory.validators(known))
        except Exception as exc:  # FetchError, or anything unexpected: classified either way
            self.articles_failed += known is None
            self._fail(exc)
            return
        self.stats.articles_fetched += 1
        if known is not None and (
            response.not_modified or response.body_sha256 == known.get("body_sha256")
        ):
            # Validators lie both ways; the same bytes are the same page whatever they say.
            self.stats.articles_unchanged += 1
            return
        document_id = url_id(item.url)
        try:
            if sniff.sniff_media_type(response.body) in _FILE_TYPES:
                document = self._file_document(item, document_id, response)
            else:
                document = self._page_document(item, document_id, response)
        except Exception as exc:  # ParseError, or a parser bug on a strange page
            self.articles_failed += known is None
            error_class, message = self._fail(exc)
            response.record.error_class = error_class
            response.record.error_message = message
            return
        self.documents.append(document)

    def _page_document(
        self, item: ListingItem, document_id: str, response: Response
    ) -> DocumentRecord:
        text, charset = decode_html(response.body, response.content_type)
        article = self.platform.parse_article(response.final_url, text)
        attachments = [self._attachment(link, document_id) for link in article.attachments]
        return self._document(item, document_id, response, article.title, article.meta,
                              article.text, charset, attachments)

    def _file_document(
        self, item: ListingItem, document_id: str, response: Response
    ) -> DocumentRecord:
        """The list links straight to a PDF (or DOCX…): a document whose only part is that file."""
        link = AttachmentLink(url=response.final_url, link_text=item.title)
        attachment = self._attachment_record(link, document_id, response)
        return self._document(item, document_id, response, None, {}, "", {}, [attachment])

    def _document(
        self,
        item: ListingItem,
        document_id: str,
        response: Response,
        title: str | None,
        meta: dict[str, str],
        text: str,
        charset: dict[str, str | None],
        attachments: list[AttachmentRecord],
    ) -> DocumentRecord:
        assert response.body_sha256 is not None
        return DocumentRecord(
            document_id=document_id,
            url=canonical_url(item.url),
            source_id=self.source.id,
            body_sha256=response.body_sha256,
            content_sha256=content_sha256(text, attachments),
            fetched_at=response.record.requested_at,
            list_title=item.title,
            list_date=item.date_text,
            page_title=title,
            meta={**meta, **{f"list:{name}": value for name, value in item.fields.items()}},
            text=text,
            charset=charset,
            attachments=attachments,
        )

    # -- attachments ----------------------------------------------------------------------

    def _attachment(self, link: AttachmentLink, document_id: str) -> AttachmentRecord:
        key = canonical_url(link.url)
        if key in self._attachments:
            # Linked again (another article, or twice on a page): reuse tonight's fetch.
            known = self._attachments[key]
            return AttachmentRecord(**{**asdict(known), "document_id": document_id,
                                       "link_text": link.link_text})
        self.progress(f"attachment {link.url}")
        try:
            response = self.client.fetch(link.url, purpose="attachment")
        except Exception as exc:  # FetchError mostly; recorded on the attachment either way
            _, message = self._fail(exc)
            record = AttachmentRecord(
                attachment_id=url_id(link.url),
                document_id=document_id,
                url=canonical_url(link.url),
                link_text=link.link_text,
                body_sha256=None,
                media_type=None,
                byte_size=None,
                text=None,
                page_count=None,
                extract_status="fetch_failed",
                error_message=message,
            )
            self._attachments[key] = record
            return record
        record = self._attachment_record(link, document_id, response)
        self._attachments[key] = record
        return record

    def _attachment_record(
        self, link: AttachmentLink, document_id: str, response: Response
    ) -> AttachmentRecord:
        extracted = extract_attachment(response.body)
        return AttachmentRecord(
            attachment_id=url_id(link.url),
            document_id=document_id,
            url=canonical_url(link.url),
            link_text=link.link_text,
            body_sha256=response.body_sha256,
            media_type=extracted.media_type,
            byte_size=len(response.body),
            text=extracted.text,
            page_count=extracted.page_count,
            extract_status=extracted.extract_status,
            error_message=extracted.error_message,
        )


def content_sha256(text: str, attachments: list[AttachmentRecord]) -> str:
    """A document version's identity: its text and the exact bytes of each attachment."""
    parts = [text] + [attachment.body_sha256 or "" for attachment in attachments]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")
