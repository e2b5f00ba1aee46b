"""DOCX → text with python-docx (MIT): paragraphs and tables in document order.

A table row is one line, its cells separated by spaces (as `html_to_text` writes a <tr>);
a merged cell, which python-docx returns once per grid column it spans, is written once.
"""

from __future__ import annotations

import io

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph


def docx_to_text(body: bytes) -> str:
    """Raise whatever python-docx raises on a broken file; the caller records it."""
    document = docx.Document(io.BytesIO(body))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend(_table_lines(block))
    return "\n".join(line.strip() for line in lines if line.strip())


def _table_lines(table: Table) -> list[str]:
    lines = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:
            if previous is not None and cell._tc is previous:
                continue   # the same merged cell again
            previous = cell._tc
            cells.append(" ".join(cell.text.split()))
        lines.append(" ".join(text for text in cells if text))
    return lines
