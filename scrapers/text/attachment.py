"""An attachment's bytes → text, by sniffed type; never raises, the status says what happened.

Statuses (AttachmentRecord.extract_status): ok, scanned (PDF without a text layer),
converter_missing (a converter exists but is not installed here), unsupported (no converter yet:
DOC/WPS/OFD come with a later issue), failed (the converter choked: a corrupt file).
`fetch_failed` is set by the harvester when the bytes never arrived.
"""

from __future__ import annotations

import importlib.util
import io
from dataclasses import dataclass

from scrapers.text import sniff
from scrapers.text.pdf import pdf_to_text


@dataclass
class AttachmentText:
    media_type: str
    extract_status: str
    text: str | None = None
    page_count: int | None = None
    error_message: str | None = None


def extract_attachment(body: bytes) -> AttachmentText:
    media_type = sniff.sniff_media_type(body)
    if media_type == sniff.PDF:
        return _from_pdf(body)
    if media_type == sniff.DOCX:
        return _from_docx(body)
    return AttachmentText(
        media_type=media_type,
        extract_status="unsupported",
        error_message=f"no text converter for {media_type} yet",
    )


def _from_pdf(body: bytes) -> AttachmentText:
    try:
        pdf = pdf_to_text(body)
    except Exception as exc:  # pdfminer raises many unrelated types on corrupt files
        return AttachmentText(sniff.PDF, "failed", error_message=_one_line(exc))
    status = "scanned" if pdf.scanned else "ok"
    return AttachmentText(sniff.PDF, status, text=pdf.text, page_count=pdf.page_count)


def _from_docx(body: bytes) -> AttachmentText:
    # python-docx is optional in the spine; the DOCX issue will add it as a dependency.
    if importlib.util.find_spec("docx") is None:
        return AttachmentText(
            sniff.DOCX, "converter_missing", error_message="python-docx is not installed"
        )
    try:
        import docx

        document = docx.Document(io.BytesIO(body))
        text = "\n".join(p.text for p in document.paragraphs if p.text.strip())
    except Exception as exc:  # a corrupt DOCX can fail anywhere inside zip/xml parsing
        return AttachmentText(sniff.DOCX, "failed", error_message=_one_line(exc))
    return AttachmentText(sniff.DOCX, "ok", text=text)


def _one_line(exc: BaseException) -> str:
    message = " ".join(str(exc).split()) or "no message"
    return f"{type(exc).__name__}: {message}"[:500]
