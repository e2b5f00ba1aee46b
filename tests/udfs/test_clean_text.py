"""warehouse.udfs.clean_text: what is cleaned away, what stays, and the map back to raw offsets."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from warehouse.udfs.clean_text import clean_text, raw_offset

CORPUS = Path(__file__).resolve().parents[2] / "demo_sites" / "corpus"


def seed(prefix: str) -> str:
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def cleaned(raw: str) -> str:
    return clean_text(raw).text


def assert_map_holds(raw: str) -> None:
    """Every cleaned character comes from the raw character the map points at (or is its
    one-for-one normal form: a line break, a full-width digit, Chinese punctuation)."""
    result = clean_text(raw)
    same_form = {"\n": "\n\f\r", " ": " \u3000\t\u00a0\n", "，": ",", "：": ":", "；": ";", "！": "!",
                 "？": "?", "（": "(", "）": ")", "%": "％", ".": "．"}
    for index, char in enumerate(result.text):
        source = raw[raw_offset(result.offset_map, index)]
        assert source == char or source in same_form.get(char, "") or (
            "０" <= source <= "９" or "Ａ" <= source <= "ｚ"
        ), (index, char, source)
    runs = result.offset_map
    assert sum(run["length"] for run in runs) == len(result.text)
    assert all(a["clean_start"] + a["length"] == b["clean_start"] for a, b in zip(runs, runs[1:], strict=False))
    assert all(a["raw_start"] + a["length"] <= b["raw_start"] for a, b in zip(runs, runs[1:], strict=False))


def test_spaces_inside_chinese_words_go_but_not_between_latin_words():
    assert cleaned("市退役军人事务局 2020 年度法治政府 建设情况报告") == "市退役军人事务局2020年度法治政府建设情况报告"
    assert cleaned("学习强国 APP 和 Microsoft Word") == "学习强国APP和Microsoft Word"
    assert cleaned("等 3 \u3000个方面") == "等3个方面"


def test_pdf_line_breaks_inside_a_paragraph_are_joined():
    # Seed 004: a hard break and a blank line after almost every phrase of a full line.
    raw = (
        "2023 年以来，解放区退役军人事务局深入学习贯彻习近平\n\n"
        "法治思想，坚持依法行政、依法办事，着力加强制度建设和矛盾\n\n"
        "化解能力建设。现将工作情况报告如下：\n\n"
        "一、党政主要负责人履行推进法治政府建设第一责任人职责\n\n情况\n\n"
        "（一）持续加强组织领导。局主要负责人积极履行推进法治\n\n三、存在的问题\n\n"
        "2023 年，我局在法治政府建设方面取得了一定的成效，但\n\n"
        "也存在不足。"
    )
    assert cleaned(raw).split("\n") == [
        "2023年以来，解放区退役军人事务局深入学习贯彻习近平法治思想，坚持依法行政、依法办事，着力加强制度建设和矛盾化解能力建设。"
        "现将工作情况报告如下：",
        "一、党政主要负责人履行推进法治政府建设第一责任人职责情况",
        "（一）持续加强组织领导。局主要负责人积极履行推进法治",
        "三、存在的问题",
        "2023年，我局在法治政府建设方面取得了一定的成效，但也存在不足。",
    ]


def test_a_word_cut_across_paragraph_lines_is_joined():
    # Seed 000: "重大执" / "法决定" and "越是工作重" / "要" were cut by the PDF's page breaks.
    text = cleaned(seed("000"))
    assert "重大执法决定法制审核目录清单" in text
    assert "越是工作重要、越是事情紧急" in text
    assert "规范事中公开、加强事后公开等18类大项" in text
    # headings, the addressee and the signature keep their own lines
    lines = text.split("\n")
    assert "张家港市人民政府：" in lines
    assert "二、存在的问题" in lines
    assert lines[-2:] == ["张家港市退役军人事务局", "2021年1月20日"]


def test_page_numbers_and_running_headers_of_pdf_pages_go():
    raw = (
        "张家港市退役军人事务局文件\n关于2020年度法治政府建设情况的报告\n"
        "2020年，我局紧紧围绕建设法治政府目标，依法履职，扎实有效推进全局法治政府工作，"
        "现将有关的工作情况报告如下\n— 1 —\f"
        "张家港市退役军人事务局文件\n各项工作落到实处。\n一、工作成效\n— 2 —\f"
        "张家港市退役军人事务局文件\n二、存在的问题\n制度建设还不够完善。\n第 3 页 共 3 页"
    )
    result = clean_text(raw)
    assert "— 1 —" not in result.text and "第 3 页" not in result.text
    assert result.text.count("张家港市退役军人事务局文件") == 0
    assert "现将有关的工作情况报告如下各项工作落到实处。" in result.text
    kinds = [item["kind"] for item in result.removed]
    assert kinds.count("page_furniture") == 6
    assert_map_holds(raw)


def test_web_page_chrome_lines_go_and_are_reported():
    raw = (
        "headerBg\n\n当前位置：首页 > 政务公开 > 法治政府建设\n\n"
        "广州市花都区退役军人事务局2022年法治政府建设年度报告\n\n"
        "发布日期:2023-01-11 15:41    文章来源:花都区退役军人事务局局     【 字体:   】  访问量: -\n\n"
        "  今年以来,我局法治政府建设工作坚持以习近平新时代中国特色社会主义思想为指导。\n\n"
        "【 字体：大 中 小 】 打印本页 关闭窗口\n相关附件:\n分享到:\n保护视力色 朗读"
    )
    result = clean_text(raw)
    assert result.text == (
        "广州市花都区退役军人事务局2022年法治政府建设年度报告\n"
        "今年以来，我局法治政府建设工作坚持以习近平新时代中国特色社会主义思想为指导。"
    )
    chrome = [item["text"] for item in result.removed if item["kind"] == "chrome"]
    assert chrome[0] == "headerBg"
    assert any(line.startswith("发布日期:2023-01-11 15:41") for line in chrome)
    assert len(chrome) == 7


def test_a_body_line_that_mentions_chrome_words_stays():
    raw = "附件：张家港市退役军人事务局2020年度法治政府建设情况报告.pdf\n来源于群众的意见：打印机采购等"
    assert cleaned(raw) == raw


def test_repeated_watermark_goes_with_its_site_name():
    text = cleaned(seed("003"))
    assert "bgzjy" not in text and "笔杆儿网" not in text
    assert "一、推进法治政府建设的主要举措和成效\n" in text
    assert "现将有关情况报告如下：\n" in text
    result = clean_text(seed("003"))
    assert {item["text"] for item in result.removed} == {"笔杆儿网www.bgzjy.cn"}


def test_a_domain_in_a_sentence_or_a_gov_cn_site_is_not_a_watermark():
    raw = "我局在中国法院网www.chinacourt.org公开信息。\n详见张家港市人民政府网www.zjg.gov.cn"
    assert cleaned(raw) == raw
    assert cleaned("工作总结。笔杆儿网www.bgzjy.cn") == "工作总结。"


def test_full_width_forms_are_normalised():
    assert cleaned("２０２２年处理率１００％，ＱＱ群") == "2022年处理率100%，QQ群"
    assert cleaned("(一)加强领导,提升能力:一是;二是!") == "（一）加强领导，提升能力：一是；二是！"
    # ASCII stays where it belongs: times, thousands, Latin text, a bracket of digits
    assert cleaned("15:41 共1,022人 (2021) see: x") == "15:41共1,022人(2021) see: x"


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_offset_map_points_back_to_the_raw_text_of_every_seed(prefix):
    assert_map_holds(seed(prefix))


def test_offset_map_of_the_pdf_text():
    from scrapers.text.pdf import pdf_to_text

    raw = pdf_to_text((CORPUS / "000_zjg_tyjrswj_2020_fzzf_report.pdf").read_bytes()).text
    assert_map_holds(raw)
    assert raw_offset(clean_text(raw).offset_map, 0) == 0


def test_nothing_to_clean():
    assert clean_text(None) is None
    assert clean_text("").text == ""
    assert clean_text("\n\n \f ").text == ""
    assert clean_text("一句话。").offset_map == [{"clean_start": 0, "raw_start": 0, "length": 4}]


def test_registered_as_a_duckdb_function():
    from warehouse.udfs.plugin import register

    con = duckdb.connect()
    register(con)
    register(con)   # a second connection setup must not fail
    row = con.execute(
        "select c.text, c.offset_map[2].raw_start, len(c.removed) "
        "from (select govreports_clean_text('headerBg\n市退役军人事务局 2020 年度') as c)"
    ).fetchone()
    assert row == ("市退役军人事务局2020年度", 18, 1)
    assert con.execute("select govreports_clean_text(null)").fetchone() == (None,)
