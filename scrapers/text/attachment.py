"""An attachment's bytes → text, by sniffed type; never raises, the status says what happened.

Statuses (AttachmentRecord.extract_status): ok, scanned (PDF without a text layer),
converter_missing (DOC/WPS without LibreOffice on this machine), unsupported (a type we do not
read: ZIP, images, an HTML error page where a file was expected), failed (the converter
choked: a corrupt file). `fetch_failed` is set by the harvester when the bytes never arrived.
"""

from __future__ import annotations

from dataclasses import dataclass

from scrapers.text import sniff
from scrapers.text.libreoffice import ConverterMissing, office_to_text
from scrapers.text.ofd import ofd_to_text
from scrapers.text.pdf import pdf_to_text
from scrapers.text.word import docx_to_text


@dataclass
class AttachmentText:
    media_type: str
    extract_status: str
    text: str | None = None
    page_count: int | None = None   # PDF and OFD; pages are separated by "\f" in text
    error_message: str | None = None


def extract_attachment(body: bytes) -> AttachmentText:
    media_type = sniff.sniff_media_type(body)
    try:
        if media_type == sniff.PDF:
            pdf = pdf_to_text(body)
            status = "scanned" if pdf.scanned else "ok"
            return AttachmentText(media_type, status, text=pdf.text, page_count=pdf.page_count)
        if media_type == sniff.OFD:
            ofd = ofd_to_text(body)
            return AttachmentText(media_type, "ok", text=ofd.text, page_count=ofd.page_count)
        if media_type == sniff.DOCX:
            return AttachmentText(media_type, "ok", text=docx_to_text(body))
        if media_type == sniff.MSWORD:   # .doc, and WPS Office's .wps: both OLE files
            return AttachmentText(media_type, "ok", text=office_to_text(body))
    except ConverterMissing as missing:
        return AttachmentText(media_type, "converter_missing", error_message=str(missing))
    except Exception as exc:  # converters raise many unrelated types on corrupt files
        return AttachmentText(media_type, "failed", error_message=_one_line(exc))
    return AttachmentText(
        media_type=media_type,
        extract_status="unsupported",
        error_message=f"no text converter for {media_type}",
    )


def _one_line(exc: BaseException) -> str:
    message = " ".join(str(exc).split()) or "no message"
    return f"{type(exc).__name__}: {message}"[:500]
