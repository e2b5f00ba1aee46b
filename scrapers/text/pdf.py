"""PDF → text with pdfminer.six (MIT; PyMuPDF would be AGPL), pages separated by form feeds.

Hard line breaks inside sentences stay: joining them is interpretation, which dbt owns.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from pdfminer.high_level import extract_text

# pdfminer logs every odd object in a government PDF at WARNING; the extract status says enough.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


@dataclass
class PdfText:
    text: str          # pages joined by "\f"
    page_count: int

    @property
    def scanned(self) -> bool:
        """Pages but no text layer: an image-only scan that needs OCR."""
        return self.page_count > 0 and not self.text.replace("\f", "").strip()


def pdf_to_text(body: bytes) -> PdfText:
    """Raise whatever pdfminer raises on a broken file; the caller records it."""
    raw = extract_text(io.BytesIO(body))
    # pdfminer ends every page with a form feed, so N pages give N+1 pieces.
    pages = raw.split("\f")
    if pages and pages[-1] == "":
        pages.pop()
    return PdfText(text="\f".join(page.strip("\n") for page in pages), page_count=len(pages))
