from __future__ import annotations

import pytest

from scrapers.platforms.jsliteral import JsName, find_assignment, read_value


def test_reads_javascript_object_literals() -> None:
    script = r"""window._CONFIG = {SID:'200029', "n": -1.5e2, ok: true, none: null,
        list: [1, 'two', {k: "v"},], // trailing commas and comments
        /* block */ html: '<p>他说：\'好\'<\/p>\n', u: '\u201c\u6cd5\u201d', ref: dataStore,};"""
    config = find_assignment(script, "window._CONFIG")
    assert config == {
        "SID": "200029", "n": -150.0, "ok": True, "none": None,
        "list": [1, "two", {"k": "v"}], "html": "<p>他说：'好'</p>\n", "u": "“法”",
        "ref": JsName("dataStore"),
    }


def test_surrogate_pairs_and_missing_assignment() -> None:
    assert read_value(r'"\ud83d\ude00"', 0)[0] == "😀"
    with pytest.raises(KeyError):
        find_assignment("var x = 1;", "window._CONFIG")


def test_a_broken_literal_is_skipped_for_the_next_assignment() -> None:
    script = "window._CONFIG = {SID: ?};\nwindow._CONFIG = {SID: '7'};"
    assert find_assignment(script, "window._CONFIG") == {"SID": "7"}
