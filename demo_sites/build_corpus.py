"""Build the bundled PDF of seed 000 (张家港), the one report published only as a PDF.

    .venv/bin/python -m demo_sites.build_corpus          # writes demo_sites/corpus/*.pdf

Needs reportlab (the `corpus` extra); the generated PDF is committed so that running the
demo needs neither reportlab nor this script. The text uses reportlab's built-in CID font
STSong-Light (no font file is embedded, the text layer stays extractable: pdfminer.six
reads it back through the Adobe-GB1 CMaps). Output is byte-for-byte repeatable
(`invariant=1`: fixed dates and document id).
"""

from __future__ import annotations

import sys
from pathlib import Path

from demo_sites.content import ZJG_REPORT_PDF, report_000, seed_text

FONT = "STSong-Light"
PAGE_WIDTH, PAGE_HEIGHT = 595.27, 841.89   # A4 in points
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 78, 80, 72
BODY_SIZE, TITLE_SIZE = 14, 20
LEADING = 26


# Characters a Chinese word processor never puts at the start of a line (避头点).
NO_LINE_START = "，。、；：？！）》”’』」"


def wrap(text: str, width: float, size: float) -> list[str]:
    """Break a paragraph into lines that fit `width`: CJK text may break between any two
    characters, which is what a word processor does (and why PDF text has hard breaks).
    Closing punctuation stays on the line before, slightly over the margin."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, current = [], ""
    for char in text:
        too_wide = stringWidth(current + char, FONT, size) > width
        if current and too_wide and char not in NO_LINE_START:
            lines.append(current)
            current = ""
        current += char
    if current:
        lines.append(current)
    return lines


def document_parts(text: str) -> tuple[str, str, list[str], list[str]]:
    """Title, addressee, body paragraphs, signature lines of the seed text.

    The seed was itself extracted from a PDF: page breaks cut three paragraphs in two
    (a long line not ending in 。：； continues on the next one). They are joined again so
    that this PDF has its own page breaks, not copies of the old ones.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    paragraphs: list[str] = []
    for line in lines:
        previous = paragraphs[-1] if paragraphs else ""
        if len(previous) > 40 and not previous.endswith(("。", "：", "；")):
            paragraphs[-1] = previous + line
        else:
            paragraphs.append(line)
    return paragraphs[0], paragraphs[1], paragraphs[2:-2], paragraphs[-2:]


def build_pdf(out: Path = ZJG_REPORT_PDF) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    report = report_000()
    pdf = canvas.Canvas(str(out), pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1)
    pdf.setTitle(report.title)
    pdf.setAuthor("张家港市退役军人事务局")
    pdf.setCreator("Microsoft® Word 2016")
    body_width = PAGE_WIDTH - 2 * MARGIN_X
    y = PAGE_HEIGHT - MARGIN_TOP
    page = 1

    def new_page() -> None:
        nonlocal y, page
        pdf.setFont(FONT, 10)
        pdf.drawCentredString(PAGE_WIDTH / 2, 40, f"— {page} —")
        pdf.showPage()
        page += 1
        y = PAGE_HEIGHT - MARGIN_TOP

    title, addressee, body, signature = document_parts(seed_text("000"))
    pdf.setFont(FONT, TITLE_SIZE)
    # The seed's title "…法治政府 建设情况报告" shows where the original broke it.
    for part in title.rsplit(" ", 1):
        pdf.drawCentredString(PAGE_WIDTH / 2, y, part)
        y -= LEADING + 8
    y -= LEADING / 2
    pdf.setFont(FONT, BODY_SIZE)
    pdf.drawString(MARGIN_X, y, addressee)
    y -= LEADING

    indent = "\u3000\u3000"  # two ideographic spaces: the first-line indent of 公文
    for paragraph in body:
        for line in wrap(indent + paragraph, body_width, BODY_SIZE):
            if y < MARGIN_BOTTOM:
                new_page()
                pdf.setFont(FONT, BODY_SIZE)
            pdf.drawString(MARGIN_X, y, line)
            y -= LEADING

    y -= LEADING
    if y < MARGIN_BOTTOM + 2 * LEADING:
        new_page()
    pdf.setFont(FONT, BODY_SIZE)
    for line in signature:
        pdf.drawRightString(PAGE_WIDTH - MARGIN_X - 2 * BODY_SIZE, y, line)
        y -= LEADING
    new_page()
    pdf.save()
    return out


def check_pdf(path: Path = ZJG_REPORT_PDF) -> str:
    """The PDF's text as pdfminer.six extracts it; raises if key phrases do not come back."""
    from pdfminer.high_level import extract_text

    text = extract_text(str(path))
    squeezed = "".join(text.split())
    for phrase in ("张家港市退役军人事务局", "2021年1月20日", "依法全面履行政府职能"):
        if phrase not in squeezed:
            raise SystemExit(f"{path}: {phrase!r} not found in the extracted text")
    return text


def main() -> int:
    out = build_pdf()
    text = check_pdf(out)
    print(f"wrote {out} ({out.stat().st_size} bytes, {text.count(chr(12))} pages extracted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
