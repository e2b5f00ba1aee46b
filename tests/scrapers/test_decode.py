from __future__ import annotations

from scrapers.decode import decode_html, normalise_charset

GB_PAGE = (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    "<title>解放区</title></head><body><p>朱镕基同志题词碑林修缮工程公示，"
    "法治政府建设年度报告。</p></body></html>"
)


def test_gb18030_bytes_labelled_gb2312_without_header_charset() -> None:
    body = GB_PAGE.encode("gb18030")
    try:
        body.decode("gb2312")
        raise AssertionError("the fixture must contain a character gb2312 cannot decode")
    except UnicodeDecodeError:
        pass
    text, charset = decode_html(body, "text/html")
    assert "朱镕基" in text
    assert charset["header"] is None
    assert charset["meta"] == "gb2312"
    assert charset["used"] == "gb18030"


def test_utf8_with_header() -> None:
    text, charset = decode_html("<p>沙坪坝区 2023 年</p>".encode(), "text/html; charset=UTF-8")
    assert text == "<p>沙坪坝区 2023 年</p>"
    assert charset["header"] == "UTF-8" and charset["used"] == "utf-8"


def test_wrong_header_loses_to_the_page_and_is_recorded() -> None:
    body = GB_PAGE.encode("gb18030")
    text, charset = decode_html(body, "text/html; charset=utf-8")
    assert "朱镕基" in text
    assert charset["header"] == "utf-8" and charset["used"] == "gb18030"


def test_latin1_header_does_not_win_by_default() -> None:
    # ISO-8859-1 "decodes" any bytes; a Chinese page labelled so must still read as Chinese.
    body = "<meta charset='utf-8'><p>花都区</p>".encode()
    text, charset = decode_html(body, "text/html; charset=ISO-8859-1")
    assert "花都区" in text and charset["used"] == "utf-8"


def test_undeclared_gbk_is_detected() -> None:
    body = ("<p>" + "广州市花都区退役军人事务局法治政府建设年度报告。" * 20 + "</p>").encode("gbk")
    text, charset = decode_html(body)
    assert "花都区" in text
    assert charset["header"] is None and charset["meta"] is None
    assert charset["used"] == "gb18030"


def test_charset_labels() -> None:
    for label in ("GB2312", "gbk", "GB18030", "x-gbk", "cp936"):
        assert normalise_charset(label) == "gb18030"
    assert normalise_charset("UTF8") == "utf-8"
    assert normalise_charset("no-such-charset") is None


def test_valid_utf8_is_recognised_without_running_the_detector(monkeypatch) -> None:
    import scrapers.decode

    def no_detector(body):
        raise AssertionError("the detector ran")

    monkeypatch.setattr(scrapers.decode, "from_bytes", no_detector)
    assert decode_html("<p>法治政府</p>".encode(), "text/html")[1]["detected"] == "utf_8"
    assert decode_html(b"<p>plain</p>", None)[1]["detected"] == "ascii"
