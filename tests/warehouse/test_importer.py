"""`govreports import`: files a user already has, through the raw store, a landing file, the
loader and dbt — and the bad inputs a user will bring: an unreadable or empty file, a page that
is not a report, a report in traditional characters, a file holding two reports, a district
name several places share, an aggregator's copy of a report also imported from an official copy.
Each gets a clear status; none breaks the build; none is given a wrong district or year."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from warehouse.cli import app
from warehouse.config import paths
from warehouse.importer import ImportPathError, files_to_import, import_files

CORPUS = Path(__file__).resolve().parents[2] / "demo_sites" / "corpus"


def seed(prefix: str) -> str:
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def traditional(text: str) -> str:
    from opencc import OpenCC

    return OpenCC("s2t").convert(text)


NEWS_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>区司法局召开2023年法治政府建设工作推进会_某区人民政府</title>
<meta name="SiteName" content="某区人民政府"></head>
<body><div class="nav">首页 &gt; 工作动态</div>
<p>3月5日，区司法局召开2023年法治政府建设工作推进会，部署全年重点任务。</p></body></html>"""

AMBIGUOUS = (
    "鼓楼区司法局2022年法治政府建设年度报告\n\n"
    "2022年，鼓楼区司法局坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下：\n"
    "一、主要举措和成效\n（一）加强组织领导。全年召开专题会议4次。\n"
    "二、存在的不足\n基层法治力量还比较薄弱。\n"
    "三、2023年工作安排\n持续深化普法宣传。\n"
)


def official_copy_of_seed_003() -> str:
    """What the aggregator copied: seed 003 without its watermarks and with figures where it has *."""
    text = seed("003").replace("笔杆儿网www.bgzjy.cn", "")
    return re.sub(r"[*]+", "6", text)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("files") / "我的报告"
    folder.mkdir()
    (folder / "zjg.pdf").write_bytes((CORPUS / "000_zjg_tyjrswj_2020_fzzf_report.pdf").read_bytes())
    (folder / "zjg.pdf.meta.json").write_text(json.dumps({
        "title": "张家港市退役军人事务局2020年度法治政府建设情况报告", "published_on": "2021-01-20",
        "agency": "张家港市退役军人事务局", "district_code": "320582",
    }, ensure_ascii=False), encoding="utf-8")
    (folder / "official_2022.txt").write_text(official_copy_of_seed_003(), encoding="utf-8")
    (folder / "aggregator_copy.txt").write_text(seed("003"), encoding="utf-8")
    (folder / "jiefang_traditional.txt").write_text(traditional(seed("004")), encoding="utf-8")
    (folder / "two_reports.txt").write_text(seed("000") + "\n\n" + seed("001"), encoding="utf-8")
    (folder / "ambiguous.txt").write_text(AMBIGUOUS, encoding="utf-8")
    (folder / "news.html").write_text(NEWS_PAGE, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n this is not really a PDF")
    (folder / "table.xlsx").write_bytes(b"PK\x03\x04 not a report")
    (folder / ".hidden.txt").write_text("never imported", encoding="utf-8")

    home = tmp_path_factory.mktemp("import") / "var"
    first = CliRunner().invoke(app, ["import", str(folder), "--home", str(home)], catch_exceptions=False)
    return folder, home, first


def query(home: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(paths(home).warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def identified(home: Path) -> dict[str, dict]:
    columns = ["file", "document_status", "report_kind", "report_year", "district_code", "district_status",
               "district_candidates", "title", "has_traditional_characters"]
    rows = query(home, """
        select meta ->> 'import.file_name', document_status, report_kind, report_year, district_code,
               district_status, district_candidates, title, has_traditional_characters
        from intermediate.int_reports_identified
        join intermediate.int_documents_with_attachment_text using (document_id)
    """)
    return {row[0]: dict(zip(columns, row, strict=True)) for row in rows}


def test_import_builds_and_reports_every_file(imported):
    folder, home, result = imported
    assert result.exit_code == 0, result.output
    assert "files 10: 9 new, 0 changed, 0 unchanged, 1 skipped" in result.output
    assert "table.xlsx: not a report file type (.xlsx" in result.output
    assert ".hidden" not in result.output
    # one status line per imported file once the warehouse is built
    for name in ("zjg.pdf", "news.html", "empty.txt", "broken.pdf", "two_reports.txt"):
        assert re.search(rf"^\S+\s+{re.escape(str(folder / name))}: ", result.output, re.M), name
    assert paths(home).snapshot.exists()


def test_bad_inputs_get_a_clear_status(imported):
    _, home, _ = imported
    docs = identified(home)
    assert docs["broken.pdf"]["document_status"] == "unreadable"
    assert docs["empty.txt"]["document_status"] == "empty"
    assert docs["news.html"]["document_status"] == "not_a_report"
    assert docs["two_reports.txt"]["document_status"] == "multiple_reports"
    for name in ("broken.pdf", "empty.txt"):
        assert docs[name]["report_year"] is None and docs[name]["district_code"] is None
    # two reports for different years and places: neither year nor district is guessed
    assert docs["two_reports.txt"]["report_year"] is None
    assert docs["two_reports.txt"]["district_code"] is None


def test_a_report_in_traditional_characters_is_read(imported):
    _, home, _ = imported
    doc = identified(home)["jiefang_traditional.txt"]
    assert doc["has_traditional_characters"] is True
    assert doc["title"].startswith("解放區退役軍人事務局")    # shown as written
    assert (doc["report_kind"], doc["report_year"], doc["district_code"]) == ("fzzf_annual", 2023, "410802")
    sections = query(home, """
        select section_code from marts.report_sections s join marts.reports r using (report_id)
        where r.title like '解放區%' order by section_number
    """)
    assert [code for (code,) in sections] == [
        "preamble", "first_responsible_duties", "measures_and_results", "shortcomings", "next_year_plans",
    ]


def test_a_shared_district_name_stays_unresolved_with_its_candidates(imported):
    _, home, _ = imported
    doc = identified(home)["ambiguous.txt"]
    assert doc["district_code"] is None
    assert doc["district_status"] == "ambiguous"
    assert sorted(doc["district_candidates"]) == ["320106", "320302", "350102", "410204"]


def test_sidecar_hints_and_the_pdf(imported):
    _, home, _ = imported
    (row,) = query(home, """
        select district_code, district_evidence, agency_name, published_on::varchar, signed_on::varchar,
               report_year, text_origin, source_id, source_url
        from marts.reports where title = '张家港市退役军人事务局2020年度法治政府建设情况报告'
    """)
    assert row[:8] == ("320582", "sidecar", "张家港市退役军人事务局", "2021-01-20", "2021-01-20", 2020,
                       "pdf_attachment", "local-import")
    assert row[8].startswith("file:///") and row[8].endswith("/zjg.pdf")


def test_the_official_copy_wins_over_the_aggregator_copy(imported):
    _, home, _ = imported
    (copies,) = query(home, """
        select count(*) from marts.reports where title = '区退役军人事务局2022年度法治政府建设总结'
    """)
    assert copies == (1,)
    (kept,) = query(home, """
        select non_government_source, copies_elsewhere from marts.reports
        where title = '区退役军人事务局2022年度法治政府建设总结'
    """)
    assert kept == (False, 1)
    (dropped,) = query(home, """
        select d.duplicate_of is not null, f.non_government_reasons
        from intermediate.int_report_near_duplicates d
        join intermediate.int_report_quality_flags f using (document_id)
        join intermediate.int_documents_with_attachment_text t using (document_id)
        where t.meta ->> 'import.file_name' = 'aggregator_copy.txt'
    """)
    assert dropped == (True, ["watermark"])


def test_importing_the_same_files_again_changes_nothing(imported):
    folder, home, _ = imported
    before = query(home, "select (select count(*) from raw.documents), (select count(*) from raw.landing_files)")
    again = CliRunner().invoke(app, ["import", str(folder), "--home", str(home), "--no-build"],
                               catch_exceptions=False)
    assert again.exit_code == 0, again.output
    assert "files 10: 0 new, 0 changed, 9 unchanged, 1 skipped" in again.output
    assert "nothing new to load" in again.output
    assert query(home, "select (select count(*) from raw.documents), (select count(*) from raw.landing_files)") \
        == before


def test_a_missing_path_is_one_clear_line(tmp_path):
    result = CliRunner().invoke(app, ["import", str(tmp_path / "nowhere"), "--home", str(tmp_path / "var")])
    assert result.exit_code == 2
    assert "nowhere: no such file or folder" in result.output
    with pytest.raises(ImportPathError):
        files_to_import([tmp_path / "nowhere"])


def test_a_broken_sidecar_is_reported_and_ignored(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(AMBIGUOUS, encoding="utf-8")
    (tmp_path / "r.txt.meta.json").write_text("{not json", encoding="utf-8")
    lines: list[str] = []
    result = import_files([report], paths(tmp_path / "var"), progress=lines.append)
    assert result.count("new") == 1 and result.landing_file is not None
    assert "sidecar r.txt.meta.json ignored: not readable JSON" in lines[0]
