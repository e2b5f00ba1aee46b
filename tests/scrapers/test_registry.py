"""The sources registry: every kind of bad entry is one clear line, the others survive."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrapers.platforms import ADAPTERS
from scrapers.registry import (
    PACKAGED_REGISTRY,
    PLATFORMS,
    RegistryError,
    default_registry_path,
    load_registry,
)

GOOD = """\
  - id: zjg-fzzf
    name: 张家港
    district_code: "320582"
    platform: trs
    list_urls: ["http://127.0.0.1:18801/tyjrswj/fzzfjs/index.html"]
"""


def write(tmp_path: Path, entries: str) -> Path:
    path = tmp_path / "sources.yml"
    path.write_text("sources:\n" + GOOD + entries, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (
            "  - {id: huadu-fzzf, name: 花都, platform: trss, list_urls: ['http://a.cn/']}\n",
            "sources.yml: entry 'huadu-fzzf': unknown platform 'trss' "
            "(one of trs, hanweb, gkmlpt, generic)",
        ),
        (
            "  - {id: no-urls, name: x, platform: trs}\n",
            "sources.yml: entry 'no-urls': missing required field 'list_urls'",
        ),
        (
            "  - {id: ftp, name: x, platform: trs, list_urls: ['ftp://a.cn/']}\n",
            "sources.yml: entry 'ftp': list URL 'ftp://a.cn/' is not an http(s) URL",
        ),
        (
            "  - {id: Bad_Id, name: x, platform: trs, list_urls: ['http://a.cn/']}\n",
            "sources.yml: entry 'Bad_Id': id 'Bad_Id' must be lowercase letters, digits and "
            "dashes, e.g. 'huadu-fzzf'",
        ),
        (
            "  - {id: code, name: x, district_code: '4401', platform: trs,"
            " list_urls: ['http://a.cn/']}\n",
            "sources.yml: entry 'code': district_code '4401' must be a 6-digit GB/T 2260 code",
        ),
        (
            "  - {id: typo, name: x, plattform: trs, platform: trs, list_urls: ['http://a.cn/']}\n",
            "sources.yml: entry 'typo': unknown key 'plattform' (did you mean 'platform'?)",
        ),
        (
            "  - {id: kind, name: x, platform: trs, list_urls: ['http://a.cn/'],"
            " report_kinds: [annual]}\n",
            "sources.yml: entry 'kind': unknown report kind 'annual' (one of fzzf_annual, "
            "gkxx_annual)",
        ),
        (
            "  - {id: gen, name: x, platform: generic, list_urls: ['http://a.cn/']}\n",
            "sources.yml: entry 'gen': platform generic needs options.item_selector",
        ),
        (
            "  - {id: css, name: x, platform: generic, list_urls: ['http://a.cn/'],"
            " options: {item_selector: 'ul li a[', body_selector: div}}\n",
            "sources.yml: entry 'css': options.item_selector 'ul li a[' is not a valid CSS "
            "selector",
        ),
        (
            "  - {id: slow, name: x, platform: trs, list_urls: ['http://a.cn/'],"
            " politeness: {delay: 2}}\n",
            "sources.yml: entry 'slow': unknown key 'politeness.delay' (did you mean "
            "'delay_seconds'?)",
        ),
        (
            "  - just a string\n",
            "sources.yml: entry #2: not a mapping of fields",
        ),
        (
            "  - {id: zjg-fzzf, name: again, platform: trs, list_urls: ['http://a.cn/']}\n",
            "sources.yml: entry 'zjg-fzzf': duplicate id 'zjg-fzzf' (entry #1 has it already",
        ),
    ],
)
def test_a_bad_entry_is_one_line_and_the_good_one_survives(
    tmp_path: Path, entry: str, problem: str
) -> None:
    registry = load_registry(write(tmp_path, entry))
    assert [s.id for s in registry.sources] == ["zjg-fzzf"]
    assert len(registry.problems) == 1
    assert registry.problems[0].startswith(problem), registry.problems[0]
    assert "\n" not in registry.problems[0]


def test_defaults_and_overrides(tmp_path: Path) -> None:
    entry = (
        "  - {id: hw, name: x, district_code: 410802, platform: hanweb,"
        " list_urls: ['http://a.cn/col/col1/index.html'], enabled: false,"
        " politeness: {delay_seconds: 0.2}, options: {columnid: 1}}\n"
    )
    registry = load_registry(write(tmp_path, entry))
    assert registry.problems == []
    zjg, hw = registry.sources
    assert zjg.politeness.delay_seconds == 1.0
    assert zjg.politeness.allow_private_addresses is False
    assert zjg.report_kinds == ["fzzf_annual"]
    assert zjg.verified is False
    assert hw.district_code == "410802"      # an unquoted YAML number stays a code
    assert hw.politeness.delay_seconds == 0.2
    assert hw.options == {"columnid": 1}
    assert [s.id for s in registry.enabled()] == ["zjg-fzzf"]
    assert registry.get("hw") is hw


def test_missing_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="sources registry not found.*GOVREPORTS_SOURCES"):
        load_registry(tmp_path / "nope.yml")


def test_unparseable_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yml"
    path.write_text("sources:\n  - id: a\n    name: [unclosed\n", encoding="utf-8")
    with pytest.raises(RegistryError) as raised:
        load_registry(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: not valid YAML (line ")
    assert "\n" not in message


def test_wrong_shape_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "shape.yml"
    path.write_text("- id: a\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="top-level 'sources:' list"):
        load_registry(path)


def test_default_path_follows_the_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("GOVREPORTS_SOURCES", raising=False)
    assert default_registry_path() == PACKAGED_REGISTRY
    monkeypatch.setenv("GOVREPORTS_SOURCES", str(tmp_path / "mine.yml"))
    assert default_registry_path() == tmp_path / "mine.yml"


def test_registry_platforms_are_the_adapters() -> None:
    assert set(PLATFORMS) == set(ADAPTERS)


def test_bundled_demo_registry_is_valid() -> None:
    registry = load_registry(PACKAGED_REGISTRY)
    assert registry.problems == []
    assert registry.sources


def test_the_real_sources_registry_is_clean_unverified_and_disabled() -> None:
    registry = load_registry(PACKAGED_REGISTRY.with_name("registry.yml"))
    assert registry.problems == []
    assert len(registry.sources) >= 30
    provinces = {source.district_code[:2] for source in registry.sources}
    assert len(provinces) >= 8
    assert {source.platform for source in registry.sources} == set(PLATFORMS)
    # Written from URL patterns, never fetched from here: nothing may run until someone checks.
    assert registry.enabled() == []
    assert not any(source.verified for source in registry.sources)
    assert not any("127.0.0.1" in url for s in registry.sources for url in s.list_urls)
