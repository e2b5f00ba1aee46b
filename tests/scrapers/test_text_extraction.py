"""Bytes → text: HTML blocks, sniffed attachment types, PDF via pdfminer, failures as statuses."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
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


def make_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("2023年法治政府建设年度报告")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "指标"
    table.cell(0, 2).text = "数值"
    table.cell(1, 0).text = "行政复议"
    table.cell(1, 1).text = "案件"
    table.cell(1, 2).text = "87 件"
    document.add_paragraph("二、存在的问题")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_paragraphs_and_tables_in_order() -> None:
    result = extract_attachment(make_docx())
    assert (result.media_type, result.extract_status) == (sniff.DOCX, "ok")
    assert result.text == "2023年法治政府建设年度报告\n指标 数值\n行政复议 案件 87 件\n二、存在的问题"


def test_corrupt_docx_is_failed() -> None:
    result = extract_attachment(zip_with("[Content_Types].xml", "word/document.xml"))
    assert (result.media_type, result.extract_status) == (sniff.DOCX, "failed")


OFD_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def make_ofd(pages: list[list[str]]) -> bytes:
    """An OFD package: OFD.xml → Doc_0/Document.xml → one Content.xml per page, a TextObject
    per line (5 mm apart), the first line split over two TextCodes on one baseline."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("OFD.xml", f'<ofd:OFD {OFD_NS} Version="1.0"><ofd:DocBody><ofd:DocInfo>'
                         "<ofd:DocID>x</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml"
                         "</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
        refs = "".join(f'<ofd:Page ID="{n}" BaseLoc="Pages/Page_{n}/Content.xml"/>'
                       for n in range(len(pages)))
        package.writestr("Doc_0/Document.xml", f"<ofd:Document {OFD_NS}><ofd:Pages>{refs}"
                         "</ofd:Pages></ofd:Document>")
        for n, lines in enumerate(pages):
            objects = []
            for i, line in enumerate(lines):
                half = len(line) // 2 if i == 0 else len(line)
                codes = f'<ofd:TextCode X="0" Y="4">{line[:half]}</ofd:TextCode>'
                objects.append(f'<ofd:TextObject ID="{i}" Boundary="20 {30 + 5 * i} 170 5" '
                               f'Font="1" Size="3.5">{codes}</ofd:TextObject>')
                if line[half:]:
                    objects.append(f'<ofd:TextObject ID="{i}b" Boundary="60 {30 + 5 * i} 130 5" '
                                   f'Font="1" Size="3.5"><ofd:TextCode X="0" Y="4">{line[half:]}'
                                   "</ofd:TextCode></ofd:TextObject>")
            package.writestr(f"Doc_0/Pages/Page_{n}/Content.xml",
                             f"<ofd:Page {OFD_NS}><ofd:Content><ofd:Layer ID=\"1\">"
                             f"{''.join(objects)}</ofd:Layer></ofd:Content></ofd:Page>")
    return out.getvalue()


def test_ofd_text_by_page_and_line() -> None:
    result = extract_attachment(make_ofd([["关于2023年度法治政府建设", "情况的报告"], ["第二页"]]))
    assert (result.media_type, result.extract_status, result.page_count) == (sniff.OFD, "ok", 2)
    assert result.text == "关于2023年度法治政府建设\n情况的报告\f第二页"


def test_ofd_without_its_document_is_failed() -> None:
    result = extract_attachment(zip_with("OFD.xml"))
    assert (result.media_type, result.extract_status) == (sniff.OFD, "failed")


OLE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100


def test_doc_without_libreoffice_is_converter_missing(monkeypatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    result = extract_attachment(OLE_DOC)
    assert (result.media_type, result.extract_status) == (sniff.MSWORD, "converter_missing")
    assert "soffice" in result.error_message and result.text is None


def test_doc_is_converted_the_way_soffice_is_called(tmp_path, monkeypatch) -> None:
    """A stand-in soffice checks the call (headless, own profile, txt filter, --outdir) and
    writes what LibreOffice would: <outdir>/<input stem>.txt, UTF-8 with a BOM."""
    fake = tmp_path / "soffice"
    fake.write_text(
        "#!/bin/sh\n"
        'case "$*" in *--headless*-env:UserInstallation=file:*|*-env:UserInstallation=file:*--headless*) ;;'
        " *) exit 3;; esac\n"
        'case "$*" in *"txt:Text (encoded):UTF8"*) ;; *) exit 4;; esac\n'
        'while [ $# -gt 1 ]; do [ "$1" = --outdir ] && out="$2"; shift; done\n'
        'mkdir -p "$out"; printf \'\\357\\273\\277法治政府建设报告\\n\' > "$out/$(basename "${1%.*}").txt"\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    result = extract_attachment(OLE_DOC)
    assert (result.extract_status, result.text) == ("ok", "法治政府建设报告\n")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_doc_through_real_libreoffice(tmp_path) -> None:
    source = tmp_path / "report.docx"
    source.write_bytes(make_docx())
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=120)
    result = extract_attachment((tmp_path / "report.doc").read_bytes())
    assert result.media_type == sniff.MSWORD and result.extract_status == "ok"
    assert "2023年法治政府建设年度报告" in result.text


def test_html_where_a_file_was_expected_is_unsupported() -> None:
    html = extract_attachment(b"<html><body>file not found</body></html>")
    assert html.extract_status == "unsupported" and html.media_type == sniff.HTML


@pytest.mark.parametrize(
    ("page", "text"),
    [
        ('<?xml version="1.0" encoding="gb2312"?><html><body><p>报告</p></body></html>', "报告"),
        ("<p>法治\x00政府\x0b建设</p>", "法治\ufffd政府 建设"),   # control bytes from garbage
        ("", ""),
        ("   \n ", ""),
        ("just words", "just words"),
    ],
)
def test_any_decoded_page_parses(page: str, text: str) -> None:
    assert html_to_text(page) == text
