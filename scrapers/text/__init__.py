"""Bytes → raw text: HTML fragments, and attachments by their real (sniffed) type.

Nothing here cleans or interprets: page chrome, watermarks and line breaks stay as they are;
dbt decides what is noise. One module per job: `html` (fragment → lines), `sniff` (what a file
really is), `pdf` (pdfminer), `attachment` (dispatch by type, never raising).
"""

from scrapers.text.attachment import AttachmentText, extract_attachment
from scrapers.text.html import html_to_text
from scrapers.text.sniff import sniff_media_type

__all__ = ["AttachmentText", "extract_attachment", "html_to_text", "sniff_media_type"]
