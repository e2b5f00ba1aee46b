"""The nightly report page in headless Chromium (Debian's chromium, driven by Playwright's
Python client; no browser is downloaded): it loads from disk with no network, no console
error, and shows the numbers the warehouse holds. Screenshots go to artifacts/ (gitignored)."""

import shutil
import tempfile
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.analyst.future_marts import INDICATOR_VALUES, TEXT_FACTS, add_marts
from warehouse.publish import publish_snapshot
from warehouse.report_page import render, write_report_page

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
CHROMIUM = shutil.which("chromium")
# Headless and isolated: no sandbox (containers), no GPU, and nothing that talks to Google.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TODAY = date(2026, 11, 21)

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium; .ci/run does)"
)


class PageVisit:
    def __init__(self, page, problems, requests):
        self.page = page
        self.problems = problems      # console errors and uncaught exceptions
        self.requests = requests      # every request that was not for a local file

    def text(self, selector: str) -> str:
        return self.page.inner_text(selector).strip()


@pytest.fixture(scope="module")
def browser_context():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile,  # a fresh --user-data-dir
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 1000}, locale="zh-CN",
        )
        yield context
        context.close()


@pytest.fixture
def visit(browser_context):
    pages = []

    def open_page(path: Path) -> PageVisit:
        page = browser_context.new_page()
        pages.append(page)
        problems, requests = [], []
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))

        def only_local(route):
            if route.request.url.startswith("file:"):
                route.continue_()
            else:  # the page must work offline: any other request is a failure
                requests.append(route.request.url)
                route.abort()

        page.route("**/*", only_local)
        page.goto(path.as_uri(), wait_until="load")
        return PageVisit(page, problems, requests)

    yield open_page
    for page in pages:
        page.close()


def warehouse_numbers(snapshot: Path) -> dict[str, int]:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        latest = "qualify row_number() over (partition by source_id order by started_at desc) = 1"
        return {
            "reports": con.execute("select count(*) from marts.reports").fetchone()[0],
            "broken": con.execute(
                f"select count_if(status = 'broken') from (select * from marts.harvest_health {latest})"
            ).fetchone()[0],
            "ok": con.execute(
                f"select count_if(status = 'ok') from (select * from marts.harvest_health {latest})"
            ).fetchone()[0],
            "districts": con.execute(
                "select count(distinct district_code) from (select district_code from marts.reports union all "
                "select district_code from marts.harvest_health) where district_code is not null"
            ).fetchone()[0],
            "indicator_districts": con.execute(
                "select count(distinct district_code) from marts.indicator_values "
                "where district_code is not null and value is not null"
            ).fetchone()[0] if has_mart(con, "indicator_values") else None,
            "laws": con.execute(
                "select count(distinct canonical_name) from marts.text_facts where fact_type = 'law_cited'"
            ).fetchone()[0] if has_mart(con, "text_facts") else None,
        }


def has_mart(con, name: str) -> bool:
    return con.execute(
        "select count(*) from information_schema.tables where table_schema = 'marts' and table_name = ?", [name]
    ).fetchone()[0] > 0


@needs_chromium
def test_the_page_shows_what_the_warehouse_holds(demo_snapshot, tmp_path, visit):
    page_path = write_report_page(demo_snapshot, tmp_path / "report", today=TODAY)
    shown = visit(page_path)
    ARTIFACTS.mkdir(exist_ok=True)
    shown.page.screenshot(path=str(ARTIFACTS / "report-page.png"), full_page=True)

    assert shown.problems == []
    assert shown.requests == []
    numbers = warehouse_numbers(demo_snapshot)
    assert (numbers["reports"], numbers["broken"], numbers["ok"]) == (5, 2, 5)
    assert shown.text("#reports-total") == str(numbers["reports"])
    assert shown.text("#reports-new") == "5"  # the first night found them all
    assert shown.text("#sources-broken") == str(numbers["broken"])
    assert shown.text("#sources-ok") == str(numbers["ok"])
    assert shown.text("#sources-suspect") == "0"
    assert "demo-down" in shown.text("#sources-table") and "harvest failed: connect" in shown.text("#sources-table")
    # the heat map: one row per watched district, report years 2020 … 2025 (deadline passed)
    heatmap = shown.page.locator("#coverage-table tbody tr")
    assert heatmap.count() == numbers["districts"] == 4
    assert shown.page.locator("#coverage-table thead th").all_inner_texts()[2:] == [
        "2020", "2021", "2022", "2023", "2024", "2025"]
    assert shown.page.locator("#coverage-table td.on_time").count() == 4
    assert "1 report(s) name no district" in shown.text("#coverage-note")
    # indicator trends and cited laws: drawn when their marts hold data, else a panel saying why
    if numbers["indicator_districts"]:
        assert shown.page.locator("#indicator-district option").count() == numbers["indicator_districts"]
        assert shown.page.locator("#indicator-chart").is_visible()
    else:
        assert "No indicators yet" in shown.text("#indicators") or "no values yet" in shown.text("#indicators")
    if numbers["laws"]:
        assert shown.page.locator("#laws-chart").is_visible()
    else:
        assert "No laws cited yet" in shown.text("#laws") or "no law citations yet" in shown.text("#laws")
    assert shown.page.locator("#health-chart").bounding_box()["height"] > 100  # Chart.js drew


@needs_chromium
def test_indicator_and_law_panels_say_why_they_are_empty_before_their_marts_exist(demo_home_copy, tmp_path, visit):
    add_marts(demo_home_copy.warehouse, ["drop table if exists marts.indicator_values",
                                         "drop table if exists marts.text_facts"])
    published = publish_snapshot(demo_home_copy)
    shown = visit(write_report_page(published.target, tmp_path / "report", today=TODAY))
    assert shown.problems == [] and shown.requests == []
    assert "No indicators yet" in shown.text("#indicators")
    assert "No laws cited yet" in shown.text("#laws")
    assert shown.text("#reports-total") == "5"


@needs_chromium
def test_indicator_and_law_panels_show_what_their_marts_hold(demo_home_copy, tmp_path, visit):
    add_marts(demo_home_copy.warehouse, [INDICATOR_VALUES, TEXT_FACTS])
    published = publish_snapshot(demo_home_copy)
    shown = visit(write_report_page(published.target, tmp_path / "report", today=TODAY))
    ARTIFACTS.mkdir(exist_ok=True)
    shown.page.screenshot(path=str(ARTIFACTS / "report-page-with-indicators.png"), full_page=True)

    assert shown.problems == [] and shown.requests == []
    assert "No indicators yet" not in shown.text("#indicators")
    assert shown.page.locator("#indicator-chart").is_visible()
    assert shown.page.locator("#indicator-district option").all_inner_texts() == ["解放区 410802", "花都区 440114"]
    assert shown.page.locator("#indicator-code option").all_inner_texts() == ["petitions_persons", "review_cases"]
    shown.page.select_option("#indicator-district", "440114")  # choosing a district redraws
    assert shown.page.locator("#indicator-code option").all_inner_texts() == ["petitions_persons"]
    assert shown.problems == []
    assert shown.page.locator("#laws-chart").is_visible()


def test_scraped_text_cannot_break_out_of_the_embedded_data():
    html = render({"reports": {"title": "</script><script>alert(1)</script>"}})
    assert "</script><script>alert(1)" not in html
    assert "<\\/script><script>alert(1)<\\/script>" in html
