"""`dbt build` over one night's raw layer: the marts say what the seed reports are.

One build per module (dbt takes a few seconds); each test reads the result.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import duckdb
import pytest
import yaml

from tests.dbt.raw_layer import DOWN_SOURCE, RawWarehouse, write_raw_layer
from warehouse.dbt_runner import DBT_PROJECT_DIR, DbtBuildResult, run_dbt_build
from warehouse.seed_state import SEED_STATE_TABLE, seeds_are_current

# What each seed report is: district (GB/T 2260) and the year it reports on.
EXPECTED_REPORTS = {
    "000": ("320582", 2020),   # 张家港市, only published as a PDF
    "001": ("440114", 2022),   # 广州市花都区
    "002": ("500106", 2021),   # 重庆市沙坪坝区, title without the district
    "003": (None, 2022),       # aggregator copy: the district cannot be known
    "004": ("410802", 2023),   # 焦作市解放区
}

REPORTS_SQL = """
    select report_id, title, district_code, report_year, report_kind, published_on,
           district_evidence, agency_name, agency_type, text_origin, text_length, content_sha256
    from marts.reports
    order by report_id
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[RawWarehouse, DbtBuildResult, Path, list[str]]:
    folder = tmp_path_factory.mktemp("dbt-build")
    warehouse = write_raw_layer(folder / "warehouse.duckdb")
    progress: list[str] = []
    result = run_dbt_build(warehouse.path, home=folder / "home", progress=progress.append, unit_tests=True)
    return warehouse, result, folder / "home", progress


def test_build_succeeds_with_every_test_passing(built):
    _, result, home, progress = built
    assert result.success, result.errors
    assert result.errors == []
    # Every model and seed of the project, however many the issues add.
    assert result.models_built == len(list((DBT_PROJECT_DIR / "models").rglob("*.sql")))
    assert result.seeds_loaded == len(list((DBT_PROJECT_DIR / "seeds").rglob("*.csv")))
    assert result.tests_failed == 0
    assert result.tests_warned == 0, result.warnings
    # every data test of the run passed: one a model and seed for its column checks, and the rest
    ran = json.loads((home / "dbt" / "target" / "run_results.json").read_text())["results"]
    data_tests = [r for r in ran if r["unique_id"].startswith("test.")]
    assert result.tests_passed == len(data_tests) >= 40
    assert result.unit_tests_passed >= 4
    # The raw layer was loaded minutes ago: fresh.
    assert not [w for w in result.warnings if "freshness" in w], result.warnings
    # One progress line per node, and dbt's files under home/dbt.
    assert "model reports success" in progress
    assert "seed districts success" in progress
    assert (home / "dbt" / "target" / "run_results.json").exists()
    assert (home / "dbt" / "logs" / "dbt.log").exists()


def test_reports_mart_holds_exactly_the_five_reports(built):
    warehouse, result, _, _ = built
    assert result.success, result.errors
    rows = warehouse.query("select report_id, district_code, report_year from marts.reports")
    found = {report_id: (district, year) for report_id, district, year in rows}
    expected = {warehouse.document_id(key): value for key, value in EXPECTED_REPORTS.items()}
    assert found == expected


def test_news_items_are_not_reports(built):
    warehouse, _, _, _ = built
    report_ids = {row[0] for row in warehouse.query("select report_id from marts.reports")}
    kinds = dict(
        warehouse.query("select document_id, report_kind from intermediate.int_reports_identified")
    )
    for key in ("news-zjg", "news-huadu"):
        assert warehouse.document_id(key) not in report_ids
        assert kinds[warehouse.document_id(key)] == "other"


def test_report_details(built):
    warehouse, _, _, _ = built
    columns = [
        "report_id", "title", "district_code", "report_year", "report_kind", "published_on",
        "district_evidence", "agency_name", "agency_type", "text_origin", "text_length",
        "content_sha256",
    ]
    reports = {
        row[0]: dict(zip(columns, row, strict=True)) for row in warehouse.query(REPORTS_SQL)
    }

    def report(key: str) -> dict:
        return reports[warehouse.document_id(key)]

    # 张家港: the page is a stub, the text is the PDF's.
    zjg = report("000")
    assert zjg["text_origin"] == "pdf_attachment"
    assert zjg["text_length"] > 2000
    assert zjg["title"] == "张家港市退役军人事务局2020年度法治政府建设情况报告"
    assert zjg["published_on"] == dt.date(2021, 1, 25)

    huadu = report("001")
    assert huadu["published_on"] == dt.date(2023, 1, 11)
    assert huadu["text_origin"] == "body"
    # the latest version is the one read, not the partial copy fetched the night before
    assert huadu["text_length"] > 5000

    assert report("002")["published_on"] == dt.date(2022, 1, 18)

    aggregator = report("003")
    assert aggregator["district_evidence"] is None
    assert aggregator["agency_name"] == "区退役军人事务局"   # read off the title

    for key in ("000", "001", "002", "004"):
        assert report(key)["district_evidence"] == "registry"
    for key in EXPECTED_REPORTS:
        assert report(key)["report_kind"] == "fzzf_annual"
        assert report(key)["agency_type"] == "veterans_affairs"


def test_reports_carry_district_names(built):
    warehouse, _, _, _ = built
    rows = warehouse.query(
        """select district_name, prefecture_name, province_name
           from marts.reports where district_code is not null order by district_code"""
    )
    assert rows == [
        ("张家港市", "苏州市", "江苏省"),
        ("解放区", "焦作市", "河南省"),
        ("花都区", "广州市", "广东省"),
        ("沙坪坝区", "重庆市", "重庆市"),
    ]


def test_tables_store_their_identifiers_and_categories_with_dictionary_compression(built):
    # macros/column_compression.sql: the columns dbt_project.yml lists are declared with DuckDB's
    # dictionary compression, over profiles.yml's zstd, in every table dbt writes; no other is.
    warehouse, result, _, _ = built
    assert result.success, result.errors
    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    listed = set(project["vars"]["dictionary_compressed_columns"])
    tables = warehouse.query(
        """select schema_name || '.' || table_name, sql from duckdb_tables()
           where schema_name in ('intermediate', 'marts')"""
    )
    strings = {
        table: {name for name, in warehouse.query(
            "select column_name from duckdb_columns() where schema_name || '.' || table_name = ? "
            "and data_type = 'VARCHAR'", [table])}
        for table, _ in tables
    }
    declared = {table: set(re.findall(r"(\w+)\"? VARCHAR USING COMPRESSION DICT_FSST", sql)) for table, sql in tables}
    assert declared == {table: strings[table] & listed for table in strings}
    # tables of every kind: incremental intermediates and marts, marts rebuilt every night
    assert {"document_version_id", "report_id", "unit"} <= declared["intermediate.int_figures_extracted"]
    assert "sentence_text" not in declared["intermediate.int_figures_extracted"]
    assert {"report_id", "indicator_code"} <= declared["marts.indicator_values"]
    assert {"report_id", "district_code"} <= declared["marts.reports"]


def test_harvest_health_marks_the_unreachable_source_broken(built):
    warehouse, _, _, _ = built
    status = dict(
        warehouse.query(
            "select source_id, status from marts.harvest_health where run_id = '2026-11-20T18-00-00Z'"
        )
    )
    assert status.pop(DOWN_SOURCE) == "broken"
    assert set(status.values()) == {"ok"}
    reason = warehouse.query(
        "select status_reason, error_class from marts.harvest_health where source_id = ?",
        [DOWN_SOURCE],
    )
    assert reason == [("harvest failed: connect", "connect")]
    # one row per source per run: six sources tonight, one of them also the night before
    assert warehouse.query("select count(*) from marts.harvest_health") == [(7,)]


def test_second_build_is_idempotent_and_reads_only_new_versions(built):
    warehouse, _, home, _ = built
    before_reports = warehouse.query(REPORTS_SQL)
    before_health = warehouse.query("select * from marts.harvest_health order by batch_id")
    news_id = warehouse.document_id("news-zjg")
    (old_version,) = warehouse.query(
        "select document_version_id from intermediate.int_documents_latest where document_id = ?", [news_id]
    )
    # The site changed a news item since: a new version, fetched later (not a report either).
    add_new_version(warehouse.path, news_id, "changed-news")

    again = run_dbt_build(warehouse.path, home=home)

    assert again.success, again.errors
    # A night runs the data tests but not dbt's unit tests (fixed rows; the first build ran them).
    ran = json.loads((home / "dbt" / "target" / "run_results.json").read_text())["results"]
    assert again.unit_tests_passed == 0
    assert again.tests_passed == len([r for r in ran if r["unique_id"].startswith("test.")]) >= 30
    assert warehouse.query(REPORTS_SQL) == before_reports
    assert warehouse.query("select * from marts.harvest_health order by batch_id") == before_health
    # Incremental models kept what they had and added only the new version.
    versions = warehouse.query(
        "select document_version_id from intermediate.int_report_text_cleaned where document_id = ? order by 1",
        [news_id],
    )
    assert versions == sorted([old_version, (f"{news_id}:changed-news",)])
    (sentences,) = warehouse.query(
        "select count(*) from intermediate.int_report_sentences where document_version_id = ?",
        [f"{news_id}:changed-news"],
    )
    assert sentences[0] >= 2
    (cleaned_rows, distinct_versions) = warehouse.query(
        "select count(*), count(distinct document_version_id) from intermediate.int_report_text_cleaned"
    )[0]
    assert cleaned_rows == distinct_versions


def test_a_reader_catches_up_on_versions_whose_sentences_an_earlier_night_wrote(built, tmp_path):
    # A night's readers of sentences read from where their versions' sentences were written
    # (macros/built_at.sql, written_since): first among the latest run's rows, else from the
    # earliest. Here the figures of one report are missing (as if their model had failed on the
    # night that wrote its sentences) while tonight's sentences are a news item's: the report's
    # sentences are older than the latest run's, and its figures must still come back.
    copy = copy_of_warehouse(built[0], tmp_path)
    con = duckdb.connect(str(copy))
    (version,) = con.execute(
        "select document_version_id from intermediate.int_figures_extracted group by 1 order by count(*) desc limit 1"
    ).fetchone()
    figures_sql = ("select figure_id, value, unit, built_at from intermediate.int_figures_extracted "
                   "where document_version_id = ? order by figure_id")
    before = con.execute(figures_sql, [version]).fetchall()
    con.execute("delete from intermediate.int_figures_extracted where document_version_id = ?", [version])
    con.close()
    assert len(before) > 10
    news_id = built[0].document_id("news-zjg")
    add_new_version(copy, news_id, "news-tonight")

    night = run_dbt_build(copy, home=tmp_path / "home")

    assert night.success, night.errors
    con = duckdb.connect(str(copy), read_only=True)
    after = con.execute(figures_sql, [version]).fetchall()
    (tonight_sentences,) = con.execute(
        "select count(*) from intermediate.int_report_sentences where document_version_id = ?",
        [f"{news_id}:news-tonight"],
    ).fetchone()
    con.close()
    assert tonight_sentences > 0
    assert [row[:3] for row in after] == [row[:3] for row in before]
    assert all(row[3] > before[0][3] for row in after)     # written again tonight


def add_new_version(path: Path, document_id: str, version: str) -> None:
    """The site changed a document since: a new version (a sentence added), fetched later."""
    con = duckdb.connect(str(path))
    con.execute(
        """insert into raw.documents
           select document_id, ?, batch_id, source_id, url, body_sha256,
                  fetched_at + interval 1 hour, list_title, list_date, page_title, meta,
                  text || '会议强调，要认真总结经验。', charset, loaded_at
           from raw.documents where document_id = ? and content_sha256 <> ?
           order by fetched_at limit 1""",
        [version, document_id, version],
    )
    con.close()


def copy_of_warehouse(warehouse: RawWarehouse, folder: Path) -> Path:
    """A copy of the module's built warehouse file (checkpointed first), for a test that changes it."""
    copy = folder / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse.path))
    con.execute("checkpoint")
    con.close()
    copy.write_bytes(warehouse.path.read_bytes())
    return copy


def dbt_test(warehouse: Path, select: str, tmp_path: Path, monkeypatch) -> list:
    """`dbt test --select <select>` of its own over `warehouse` (every row: no build, no narrowing)."""
    from dbt.cli.main import dbtRunner

    from warehouse.dbt_runner import _release_warehouse as release_warehouse

    monkeypatch.setenv("GOVREPORTS_WAREHOUSE", str(warehouse))
    try:
        outcome = dbtRunner().invoke([
            "test", "--select", select, "--project-dir", str(DBT_PROJECT_DIR),
            "--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(tmp_path / "target"),
            "--log-path", str(tmp_path / "logs"), "--log-level", "none",
        ])
    finally:
        release_warehouse()
    # dbt runs the project's hooks with `dbt test` too (they do nothing there): tests only
    return [r for r in outcome.result.results if r.node.resource_type == "test"]


def test_a_quiet_night_rewrites_no_mart_row_and_an_old_mart_is_written_once(built, tmp_path):
    # The marts find the reports to rewrite by the fingerprint each row stores
    # (macros/incremental_reports.sql): with nothing new, a night writes none of their rows. A mart
    # from before the fingerprint existed (text_facts here) is written again, once, in full.
    copy = copy_of_warehouse(built[0], tmp_path)
    marts = ["indicator_values", "unclassified_figures", "report_sentences", "report_sections", "text_facts"]
    con = duckdb.connect(str(copy))
    before = {m: con.execute(f"select count(*), max(built_at) from marts.{m}").fetchone() for m in marts}
    con.execute("alter table marts.text_facts drop column report_fingerprint")
    con.close()
    assert all(rows > 0 for rows, _ in before.values()), before

    night = run_dbt_build(copy, home=tmp_path / "home")
    assert night.success, night.errors

    con = duckdb.connect(str(copy), read_only=True)
    after = {m: con.execute(f"select count(*), max(built_at) from marts.{m}").fetchone() for m in marts}
    (unfingerprinted,) = con.execute(
        "select count(*) from marts.text_facts where report_fingerprint is null"
    ).fetchone()
    con.close()
    for mart in marts[:-1]:
        assert after[mart] == before[mart], mart    # same rows, written by the first build
    assert after["text_facts"][0] == before["text_facts"][0]
    assert after["text_facts"][1] > before["text_facts"][1]   # written again by this night
    assert unfingerprinted == 0


def test_a_night_leaves_unchanged_seeds_out_and_reloads_them_when_their_files_change(built, tmp_path):
    # The first build loaded the seeds and recorded their files (warehouse.seed_state): a night
    # with the same files neither reloads them nor runs the tests that read only them, but still
    # runs the tests that check a model against a seed.
    copy = copy_of_warehouse(built[0], tmp_path)
    home = tmp_path / "home"

    night = run_dbt_build(copy, home=home)

    assert night.success, night.errors
    assert night.seeds_unchanged and night.seeds_loaded == 0
    target = home / "dbt" / "target"
    ran = {r["unique_id"] for r in json.loads((target / "run_results.json").read_text())["results"]}
    tests = {
        uid: {parent.split(".")[0] for parent in node["depends_on"]["nodes"]}
        for uid, node in json.loads((target / "manifest.json").read_text())["nodes"].items()
        if node["resource_type"] == "test"
    }
    seed_only = {uid for uid, parents in tests.items() if parents == {"seed"}}
    model_against_seed = {uid for uid, parents in tests.items() if parents == {"seed", "model"}}
    assert seed_only and model_against_seed
    assert not {uid for uid in ran if uid.startswith("seed.")}
    assert not seed_only & ran
    assert model_against_seed <= ran

    # A seed file changed since (here: the recorded fingerprint is not the files' any more).
    con = duckdb.connect(str(copy))
    con.execute(f"update {SEED_STATE_TABLE} set fingerprint = 'files of an older release'")
    con.close()
    changed = run_dbt_build(copy, home=home)
    assert changed.success, changed.errors
    assert not changed.seeds_unchanged
    assert changed.seeds_loaded == len(list((DBT_PROJECT_DIR / "seeds").glob("*.csv")))
    con = duckdb.connect(str(copy))
    assert seeds_are_current(con)
    # A seed table gone (dropped by hand) is loaded again too.
    con.execute("drop table seeds.law_aliases")
    assert not seeds_are_current(con)
    con.close()


def test_nights_leave_row_group_merging_to_a_run_once_a_week(built, tmp_path):
    # The first build let DuckDB merge its row groups and recorded it (macros/row_group_merging.sql);
    # a night within the week does not merge; once the last merge is older than a week, a run does.
    copy = copy_of_warehouse(built[0], tmp_path)
    merged_runs = "select count(*) from main._row_groups_merged"
    con = duckdb.connect(str(copy))
    assert con.execute(merged_runs).fetchone()[0] == 1
    con.close()

    night = run_dbt_build(copy, home=tmp_path / "home")
    assert night.success, night.errors
    con = duckdb.connect(str(copy))
    assert con.execute(merged_runs).fetchone()[0] == 1
    con.execute("update main._row_groups_merged set merged_at = merged_at - interval 8 days")
    con.close()

    week_later = run_dbt_build(copy, home=tmp_path / "home")
    assert week_later.success, week_later.errors
    con = duckdb.connect(str(copy))
    assert con.execute(merged_runs).fetchone()[0] == 2
    con.close()


def test_a_night_tests_the_rows_it_wrote_and_dbt_test_checks_all(built, tmp_path, monkeypatch):
    # A row written on an earlier night breaks the not_null test of indicator_values (built_at
    # records when each row was written): a night's build checks only its own rows and passes,
    # `dbt test` of its own checks every row and finds it.
    copy = copy_of_warehouse(built[0], tmp_path)
    con = duckdb.connect(str(copy))
    (written_before,) = con.execute("select count(distinct built_at) from marts.indicator_values").fetchone()
    con.execute("update marts.indicator_values set unit = null where figure_id = (select min(figure_id) "
                "from marts.indicator_values)")
    con.close()
    assert written_before == 1

    night = run_dbt_build(copy, home=tmp_path / "home")
    assert night.success, night.errors

    results = dbt_test(copy, "indicator_values", tmp_path, monkeypatch)
    failed = {r.node.name: r for r in results if r.status == "fail"}
    assert list(failed) == ["checks_indicator_values"]
    # the test's rows name the check and the column, and count its NULLs (tests/generic/column_checks.sql)
    with duckdb.connect(str(copy), read_only=True) as con:
        rows = con.execute(failed["checks_indicator_values"].node.compiled_code).fetchall()
    assert rows == [("not_null", "unit", None, 1)]


def test_one_checks_test_names_each_check_column_and_value_that_fails(built, tmp_path, monkeypatch):
    # The column checks of marts.reports are one test (tests/generic/column_checks.sql): two
    # columns given values outside their lists, a duplicated report id and an unknown agency type
    # fail it, and its rows say which check, which column, which value and how many rows. The
    # report id that was overwritten leaves rows in other marts that name no report.
    copy = copy_of_warehouse(built[0], tmp_path)
    with duckdb.connect(str(copy)) as con:
        first, second = [r for r, in con.execute("select report_id from marts.reports order by 1 limit 2").fetchall()]
        con.execute("update marts.reports set report_kind = 'minutes' where report_id = ?", [first])
        con.execute("update marts.reports set agency_type = 'ministry_of_magic' where report_id = ?", [first])
        con.execute("update marts.reports set report_id = ? where report_id = ?", [first, second])
        con.execute("update marts.reports set district_confidence = 'certain'")
        (reports,) = con.execute("select count(*) from marts.reports").fetchone()

    results = dbt_test(copy, "reports", tmp_path, monkeypatch)

    failed = {r.node.name: r for r in results if r.status == "fail"}
    with duckdb.connect(str(copy), read_only=True) as con:
        rows = {name: sorted(con.execute(r.node.compiled_code).fetchall()) for name, r in failed.items()}
    assert rows.pop("checks_reports") == [
        ("accepted_values", "district_confidence", "certain", reports),
        ("accepted_values", "report_kind", "minutes", 1),
        ("relationships", "agency_type", "ministry_of_magic", 1),
        ("unique", "report_id", first, 2),
    ]
    # the marts that hold rows of the report whose id is gone fail their relationships check
    assert {"checks_indicator_values", "checks_report_sections"} <= set(rows)
    assert all(failing == [("relationships", "report_id", second, failing[0][3])] for failing in rows.values())


def test_a_nights_offset_tests_read_only_its_versions_and_still_catch_a_wrong_offset(built, tmp_path, monkeypatch):
    # On a night the offsets tests read the texts of the versions written that night only
    # (tests/generic/offsets_match_text.sql): their compiled SQL, run again after a paragraph, a
    # section and a sentence of the night's version (a report changed on its site) are moved,
    # finds each of them.
    copy = copy_of_warehouse(built[0], tmp_path)
    add_new_version(copy, built[0].document_id("004"), "changed-tonight")
    night = run_dbt_build(copy, home=tmp_path / "home")
    assert night.success, night.errors
    manifest = json.loads((tmp_path / "home" / "dbt" / "target" / "manifest.json").read_text())
    tests = {
        node["attached_node"].removeprefix("model.govreports.int_report_"): node["compiled_code"]
        for node in manifest["nodes"].values()
        if node.get("test_metadata", {}).get("name") == "offsets_match_text"
    }
    assert sorted(tests) == ["paragraphs", "sections", "sentences"]
    # narrowed to the night's rows, and the texts to their versions
    assert all("built_at = timestamp" in sql and "document_version_id in (select document_version_id from" in sql
               for sql in tests.values())

    con = duckdb.connect(str(copy))
    assert {name: con.execute(sql).fetchall() for name, sql in tests.items()} == {name: [] for name in tests}
    night_version = "document_version_id like '%:changed-tonight'"
    moved = [
        con.execute(f"update intermediate.int_report_{table} set {change} where {night_version} and {row}").fetchone()
        for table, change, row in [
            # the last paragraph: its start no longer follows its predecessor's end
            ("paragraphs", "start_offset = start_offset + 1", "paragraph_number > 1 and paragraph_number = "
             f"(select max(paragraph_number) from intermediate.int_report_paragraphs where {night_version})"),
            ("sections", "section_text = section_text || '。'", "section_number = 1"),
            ("sentences", "end_offset = end_offset - 1", "sentence_number = 1"),
        ]
    ]
    assert moved == [(1,), (1,), (1,)]
    failing = {name: len(con.execute(sql).fetchall()) for name, sql in tests.items()}
    con.close()
    # two sentences: the one cut short, and the last paragraph's, no longer where its paragraph is
    assert failing == {"paragraphs": 1, "sections": 1, "sentences": 2}

    # `dbt test` checks every row with the forms a full build uses: they find the same rows
    results = dbt_test(copy, "test_name:offsets_match_text", tmp_path, monkeypatch)
    whole = {r.node.attached_node.removeprefix("model.govreports.int_report_"): r.failures for r in results}
    assert whole == {"paragraphs": 1, "sections": 1, "sentences": 2}
    assert all("line_hashes" in r.node.compiled_code for r in results if r.node.attached_node.endswith("paragraphs"))


def test_a_night_pairs_a_new_copy_with_the_report_it_copies_and_pairs_nothing_else(built, tmp_path):
    # int_report_copy_pairs is incremental: a copy of report 004 published tonight under another
    # address is paired with it, the versions paired on earlier nights are not paired again, and
    # the copy is left out of marts.reports.
    copy = copy_of_warehouse(built[0], tmp_path)
    original = built[0].document_id("004")
    con = duckdb.connect(str(copy))
    rows_before = con.execute("select * from intermediate.int_report_copy_pairs order by all").fetchall()
    con.execute(
        """insert into raw.documents
           select 'copy-of-004', content_sha256, batch_id, source_id, url || '?copy', body_sha256,
                  fetched_at + interval 1 day, list_title, list_date, page_title, meta, text, charset, loaded_at
           from raw.documents where document_id = ?""",
        [original],
    )
    con.close()

    night = run_dbt_build(copy, home=tmp_path / "home")
    assert night.success, night.errors

    con = duckdb.connect(str(copy), read_only=True)
    rows_after = con.execute("select * from intermediate.int_report_copy_pairs order by all").fetchall()
    (original_version,) = con.execute(
        "select document_version_id from intermediate.int_reports_identified where document_id = ?", [original]
    ).fetchone()
    duplicates = dict(con.execute(
        "select document_id, duplicate_of from intermediate.int_report_near_duplicates where near_duplicate_count > 0"
    ).fetchall())
    in_reports = con.execute(
        "select report_id from marts.reports where report_id in (?, 'copy-of-004')", [original]
    ).fetchall()
    con.close()
    tonight = [row for row in rows_after if row not in rows_before]
    assert len(rows_after) == len(rows_before) + 2      # earlier rows kept, none written again
    copy_version = "copy-of-004:" + original_version.split(":")[1]
    assert len(tonight) == 2
    assert {(a, b) for a, b, _ in tonight} == {(copy_version, original_version), (copy_version, None)}
    # the copy fetched a day later loses to the original; one of the two stays in marts.reports
    assert duplicates == {"copy-of-004": original, original: None}
    assert in_reports == [(original,)]


def test_a_night_rewrites_the_reports_and_panels_it_changed_as_a_rebuild_would(built, tmp_path):
    # The marts keyed by report append the reports they write and delete the rows of reports
    # whose fingerprint changed or that left marts.reports (macros/incremental_reports.sql); the
    # panels are incremental by district and by agency type and year (macros/report_groups.sql).
    # Tonight report 004 has a new version and report 001 became a news item (it leaves
    # marts.reports): every table must be what a rebuild from scratch gives, 001 and its district
    # gone, 004 held once, in its new version.
    copy = copy_of_warehouse(built[0], tmp_path)
    report_004 = built[0].document_id("004")
    add_new_version(copy, report_004, "changed-tonight")
    con = duckdb.connect(str(copy))
    con.execute(
        """insert into raw.documents
           select document_id, 'news-now', batch_id, source_id, url, body_sha256,
                  fetched_at + interval 1 hour, '花都区召开工作会议', list_date, '花都区召开工作会议', '{}',
                  '3月5日上午，召开工作会议。', charset, loaded_at
           from raw.documents where document_id = ? order by fetched_at desc limit 1""",
        [built[0].document_id("001")],
    )
    con.close()
    tables = {
        "indicator_panel": "marts", "agency_type_indicator_year": "marts", "indicator_values": "marts",
        "unclassified_figures": "marts", "text_facts": "marts", "report_sentences": "marts",
        "report_sections": "marts", "int_indicator_values_per_report": "intermediate",
    }

    def read_tables() -> dict:
        with duckdb.connect(str(copy), read_only=True) as con:
            return {name: con.execute(f"select * exclude (built_at) from {schema}.{name} order by all").fetchall()
                    for name, schema in tables.items()}

    before = read_tables()
    night = run_dbt_build(copy, home=tmp_path / "home")
    assert night.success, night.errors
    after_night = read_tables()
    rebuilt = run_dbt_build(copy, home=tmp_path / "home", select=list(tables), full_refresh=True)
    assert rebuilt.success, rebuilt.errors

    assert after_night == read_tables()
    districts = {name: {row[1] for row in rows} for name, rows in
                 (("before", before["indicator_panel"]), ("after", after_night["indicator_panel"]))}
    assert districts["before"] - districts["after"] == {"440114"}    # 花都区 has no report left
    with duckdb.connect(str(copy), read_only=True) as con:
        versions_of_004 = con.execute(
            "select distinct document_version_id from marts.report_sentences where report_id = ?", [report_004]
        ).fetchall()
    assert versions_of_004 == [(f"{report_004}:changed-tonight",)]
    for name in tables:
        assert after_night[name] != before[name], name


def test_failing_data_test_returns_failure_not_exception(raw_warehouse, tmp_path, monkeypatch):
    # An outcome the harvester never writes: accepted_values on stg_raw__harvest_runs fails.
    con = duckdb.connect(str(raw_warehouse.path))
    con.execute("update raw.harvest_runs set outcome = 'exploded' where source_id = ?", [DOWN_SOURCE])
    con.close()

    # Only the staging layer (and tests on it alone): the failure is there, the rest of the
    # project adds nothing here but build time.
    monkeypatch.setenv("DBT_INDIRECT_SELECTION", "cautious")
    result = run_dbt_build(raw_warehouse.path, home=tmp_path / "home", select=["path:models/staging"])

    assert result.success is False
    assert result.tests_failed >= 1
    assert any(
        "accepted_values_stg_raw__harvest_runs_outcome" in line for line in result.errors
    ), result.errors
    assert all("\n" not in line for line in result.errors)


def test_broken_model_returns_failure_naming_the_model(tmp_path):
    # A raw table without a column dbt expects: the staging view cannot be built.
    warehouse_path = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse_path))
    con.execute("create schema raw")
    con.execute(
        "create table raw.sources (source_id varchar, entry_sha256 varchar, loaded_at timestamp)"
    )
    con.close()

    result = run_dbt_build(warehouse_path, home=tmp_path / "home")

    assert result.success is False
    assert any(line.startswith("model stg_raw__sources:") for line in result.errors), result.errors
    assert result.nodes_skipped > 0


def test_unusable_warehouse_path_returns_failure_not_exception(tmp_path):
    not_a_database = tmp_path / "warehouse.duckdb"
    not_a_database.mkdir()

    result = run_dbt_build(not_a_database, home=tmp_path / "home")

    assert result.success is False
    assert len(result.errors) == 1
    assert str(not_a_database) in result.errors[0]


def test_stale_raw_layer_warns_but_builds(raw_warehouse, tmp_path, monkeypatch):
    # Nothing loaded for three days: past warn_after (36 h), before error_after (7 days).
    con = duckdb.connect(str(raw_warehouse.path))
    for table in ("landing_files", "harvest_runs", "fetches", "documents", "attachments", "sources"):
        con.execute(f"update raw.{table} set loaded_at = loaded_at - interval 3 day")
    con.close()

    monkeypatch.setenv("DBT_INDIRECT_SELECTION", "cautious")   # staging and its own tests only
    result = run_dbt_build(raw_warehouse.path, home=tmp_path / "home", select=["path:models/staging"])

    assert result.success, result.errors
    stale = [line for line in result.warnings if "freshness" in line]
    assert any(line.startswith("source raw.documents: freshness warn") for line in stale), stale
