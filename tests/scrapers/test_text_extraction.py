"""Bytes → text: HTML blocks, sniffed attachment types, PDF via pdfminer, failures as statuses."""

from __future__ import annotations

import io
import zipfile

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from scrapers.text import extract_attachment, html_to_text, sniff, sniff_media_type


def make_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with one text line per entry, Chinese included (Adobe-GB1 font, not embedded)."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for lines in pages:
        pdf.setFont("STSong-Light", 12)
        for n, line in enumerate(lines):
            pdf.drawString(72, 760 - 20 * n, line)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_html_blocks_on_their_own_lines_whitespace_collapsed() -> None:
    html = """<div class="TRS_Editor">
      <h2>一、主要成效</h2>
      <p>　　全年办理行政复议案件
         <b>87</b> 件，<br>纠错率 8.5%。</p>
      <ul><li>制定文件 5 件</li><li>清理文件&nbsp;12 件</li></ul>
      <table><tr><td>指标</td><td>数值</td></tr><tr><td>案件</td><td>87</td></tr></table>
      <script>var hits = 1;</script><style>p{color:red}</style><!-- 编辑：张三 -->
      <span>当前位置</span><a href="#">首页</a>
    </div>"""
    assert html_to_text(html) == "\n".join([
        "一、主要成效",
        "全年办理行政复议案件 87 件，",
        "纠错率 8.5%。",
        "制定文件 5 件",
        "清理文件 12 件",
        "指标 数值",
        "案件 87",
        "当前位置首页",
    ])


def test_pdf_text_pages_separated_by_form_feed() -> None:
    body = make_pdf([["Annual report 2023", "法治政府建设年度报告"], ["Page two: 1,024 cases"]])
    result = extract_attachment(body)
    assert result.media_type == "application/pdf"
    assert result.extract_status == "ok"
    assert result.page_count == 2
    first, second = result.text.split("\f")
    assert "Annual report 2023" in first and "法治政府建设年度报告" in first
    assert "Page two: 1,024 cases" in second


def test_pdf_without_text_is_scanned() -> None:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.rect(100, 100, 200, 200, fill=1)     # an "image" page: graphics, no text layer
    pdf.showPage()
    pdf.save()
    result = extract_attachment(out.getvalue())
    assert result.extract_status == "scanned" and result.page_count == 1


@pytest.mark.parametrize(
    "body",
    [b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrailer garbage", b"%PDF-1.4\n" + b"\x00" * 500],
)
def test_corrupt_pdf_is_failed_not_raised(body: bytes) -> None:
    result = extract_attachment(body)
    assert result.media_type == "application/pdf"
    assert result.extract_status == "failed"
    assert result.error_message and "\n" not in result.error_message
    assert result.text is None


def test_truncated_real_pdf_is_failed_or_partial_never_raised() -> None:
    body = make_pdf([["truncated"]])
    result = extract_attachment(body[: len(body) // 2])
    assert result.extract_status in ("failed", "ok", "scanned")


def zip_with(*names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return out.getvalue()


def test_sniffing_by_magic_bytes() -> None:
    assert sniff_media_type(b"%PDF-1.4 ...") == sniff.PDF
    assert sniff_media_type(zip_with("[Content_Types].xml", "word/document.xml")) == sniff.DOCX
    assert sniff_media_type(zip_with("OFD.xml", "Doc_0/Document.xml")) == sniff.OFD
    assert sniff_media_type(zip_with("a.txt")) == sniff.ZIP
    assert sniff_media_type(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100) == sniff.MSWORD
    assert sniff_media_type(b"<!DOCTYPE html><html>") == sniff.HTML
    assert sniff_media_type(b"\x89PNG\r\n") == sniff.UNKNOWN


def test_formats_without_a_converter_say_so() -> None:
    docx = extract_attachment(zip_with("[Content_Types].xml", "word/document.xml"))
    assert docx.extract_status in ("converter_missing", "ok", "failed")
    ofd = extract_attachment(zip_with("OFD.xml"))
    assert ofd.extract_status == "unsupported" and ofd.media_type == sniff.OFD
    doc = extract_attachment(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert doc.extract_status == "unsupported" and doc.media_type == sniff.MSWORD
    html = extract_attachment(b"<html><body>file not found</body></html>")
    assert html.extract_status == "unsupported" and html.media_type == sniff.HTML


def test_docx_without_python_docx_is_converter_missing(monkeypatch) -> None:
    import importlib.util

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "docx" else
        real_find_spec(name, *a)
    )
    result = extract_attachment(zip_with("[Content_Types].xml", "word/document.xml"))
    assert result.extract_status == "converter_missing"
    assert "python-docx" in result.error_message
