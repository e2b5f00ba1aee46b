"""Landing batches built by hand, as a harvest batch would write them."""

from datetime import UTC, datetime

import pytest

from scrapers.landing import DocumentRecord, FetchRecord, HarvestStats, LandingBatch
from warehouse.config import paths


@pytest.fixture
def home(tmp_path):
    return paths(tmp_path / "var")


def _make_document(url: str, text: str, source_id: str = "demo-a") -> DocumentRecord:
    import hashlib

    return DocumentRecord(
        document_id=hashlib.sha256(url.encode()).hexdigest(),
        url=url,
        source_id=source_id,
        body_sha256=hashlib.sha256(("<html>" + text).encode()).hexdigest(),
        content_sha256=hashlib.sha256(text.encode()).hexdigest(),
        fetched_at=datetime.now(UTC).isoformat(),
        list_title="标题",
        list_date="2024-01-15",
        page_title="标题",
        meta={"SiteIDCode": "4108020001"},
        text=text,
    )


def _make_batch(run_id: str, source_id: str, documents: list[DocumentRecord], outcome: str = "ok") -> LandingBatch:
    now = datetime.now(UTC).isoformat()
    fetches = [
        FetchRecord(
            fetch_id=f"{run_id}-{source_id}-{i}", url=d.url, final_url=d.url, method="GET", status=200,
            requested_at=now, elapsed_ms=3, body_sha256=d.body_sha256, body_bytes=100,
            content_type="text/html", headers={"Content-Type": "text/html"},
        )
        for i, d in enumerate(documents)
    ]
    return LandingBatch(
        batch_id=f"{run_id}__{source_id}", run_id=run_id,
        source={"id": source_id, "name": "演示", "platform": "trs", "district_code": "410802"},
        started_at=now, finished_at=now, outcome=outcome,
        error_class=None if outcome != "failed" else "connect",
        error_message=None if outcome != "failed" else "connection refused",
        stats=HarvestStats(pages_requested=len(documents) + 1, list_pages=1, articles_fetched=len(documents)),
        fetches=fetches, documents=documents,
    )


@pytest.fixture
def make_document():
    return _make_document


@pytest.fixture
def make_batch():
    return _make_batch
