"""`govreports sources detect URL` over the bundled demo sites: one per platform, plus garbage."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import yaml
from typer.testing import CliRunner

from scrapers.detect import detect_url, guess_generic_options
from scrapers.registry import SourceEntry
from warehouse.cli import app

DemoSites = pytest.importorskip("demo_sites.server").DemoSites


@pytest.fixture(scope="module")
def sites() -> Iterator[object]:
    running = DemoSites().start(port_base=0)
    yield running
    running.stop()


@pytest.mark.parametrize(
    ("site", "platform", "options"),
    [
        ("zjg", "trs", {}),
        ("spb", "trs", {}),
        ("huadu", "gkmlpt", {"sid": "200029"}),
        ("jiefang", "hanweb", {"webid": "1", "columnid": "3821", "unitid": "9627"}),
        ("bgzjy", "generic", {"item_selector": "div.list ul a[href]", "next_selector": "a.next"}),
    ],
)
def test_each_demo_platform_is_recognised(sites, tmp_path, site, platform, options) -> None:
    detection = detect_url(sites.list_url(site), tmp_path, allow_private=True, delay_seconds=0)
    assert detection.platform == platform, detection.tried
    assert detection.options == options
    assert detection.first_page is not None and detection.first_page.items
    entry = detection.registry_entry()
    assert entry["enabled"] is False and entry["verified"] is False
    SourceEntry.model_validate(entry)          # a valid registry entry as printed


def test_a_page_no_adapter_reads_is_unknown(sites, tmp_path) -> None:
    detection = detect_url(sites.base_url("garbage") + "/fanwen/list/", tmp_path, allow_private=True,
                           delay_seconds=0)
    assert detection.platform is None
    assert [attempt.split(":")[0] for attempt in detection.tried] == ["trs", "hanweb", "gkmlpt"]


def test_generic_guess_needs_a_few_dated_links() -> None:
    assert guess_generic_options("http://a.cn/", "<ul><li><a href='/1'>x</a> 2024-01-01</li></ul>") == {}


def test_cli_prints_a_registry_entry(sites, tmp_path) -> None:
    result = CliRunner().invoke(app, ["sources", "detect", sites.list_url("jiefang"), "--allow-private",
                                      "--home", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "platform   hanweb" in result.output
    entry_yaml = result.output.split("enable once checked):\n", 1)[1]
    (entry,) = yaml.safe_load(entry_yaml)
    assert entry["platform"] == "hanweb" and entry["options"]["unitid"] == "9627"


def test_cli_refuses_a_local_address_unless_allowed(sites, tmp_path) -> None:
    result = CliRunner().invoke(app, ["sources", "detect", sites.list_url("zjg"), "--home", str(tmp_path)])
    assert result.exit_code == 1
    assert "refused_address" in result.output and "platform   unknown" in result.output
