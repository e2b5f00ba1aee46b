"""What a downloaded file really is, from its first bytes.

Hanweb's downfile.jsp answers PDFs as `text/html`, links say `.pdf` for DOCX files, and so on:
the Content-Type header and the file name are hints, the magic bytes are the answer.
"""

from __future__ import annotations

import io
import zipfile

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MSWORD = "application/msword"          # OLE compound file: .doc, and .wps (WPS Office) too
OFD = "application/ofd"                # GB/T 33190, ZIP + XML
ZIP = "application/zip"
HTML = "text/html"                     # an error page where a file was expected, usually
UNKNOWN = "application/octet-stream"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_media_type(body: bytes) -> str:
    head = body[:1024]
    # Some generators put a few bytes (or a BOM) before the header; readers accept that.
    if b"%PDF-" in head:
        return PDF
    if body.startswith(_OLE_MAGIC):
        return MSWORD
    if body.startswith(b"PK\x03\x04"):
        return _sniff_zip(body)
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
        return HTML
    return UNKNOWN


def _sniff_zip(body: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(body)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return ZIP
    if "word/document.xml" in names:
        return DOCX
    if "OFD.xml" in names or any(name.lower().endswith("/ofd.xml") for name in names):
        return OFD
    return ZIP
