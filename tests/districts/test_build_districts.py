"""scripts/build_districts.py: the code history from small snapshots (no download), and the
committed seeds it wrote."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS = REPO_ROOT / "dbt_project" / "seeds"

_spec = importlib.util.spec_from_file_location("build_districts", REPO_ROOT / "scripts" / "build_districts.py")
build_districts = importlib.util.module_from_spec(_spec)
sys.modules["build_districts"] = build_districts     # dataclasses look their module up
_spec.loader.exec_module(build_districts)
Change, Snapshot = build_districts.Change, build_districts.Snapshot

GROUPS = {"330100": "市辖区"}


def snapshot(as_of: str, codes: dict[str, str], package: str = "list") -> Snapshot:
    return Snapshot(as_of, package, f"edition {as_of}", codes)


HANGZHOU_2020 = {"330000": "浙江省", "330100": "杭州市", "330103": "下城区", "330105": "拱墅区",
                 "330110": "余杭区", "330122": "桐庐县", "710000": "台湾省"}
HANGZHOU_2021 = {"330000": "浙江省", "330100": "杭州市", "330105": "拱墅区", "330110": "余杭区",
                 "330113": "临平区", "330182": "桐庐市"}


def kinds(changes: list[Change]) -> set[tuple[str, str, str]]:
    return {(c.change_type, c.old_code, c.new_code) for c in changes}


def test_a_diff_finds_renames_recodes_new_and_abolished_codes():
    before = snapshot("2020-06", {**HANGZHOU_2020, "330104": "江干区"})
    after = snapshot("2021-10", {**HANGZHOU_2021, "330104": "江干新区"})
    assert kinds(build_districts.diff_snapshots(before, after)) == {
        ("rename", "330104", "330104"),
        ("abolish", "330103", ""),
        ("recode", "330122", "330182"),     # 桐庐县 → 桐庐市: same short name, same province
        ("new", "", "330113"),
    }


def test_a_diff_ignores_provinces_the_newer_list_does_not_cover():
    changes = build_districts.diff_snapshots(snapshot("2020-06", HANGZHOU_2020), snapshot("2021-10", HANGZHOU_2021))
    assert not [c for c in changes if c.old_code == "710000"]


def test_a_prefecture_is_not_recoded_into_a_county_of_the_same_name():
    before = snapshot("2019-04", {"370000": "山东省", "371200": "莱芜市", "371202": "莱城区"})
    after = snapshot("2019-10", {"370000": "山东省", "370116": "莱芜区"})
    assert kinds(build_districts.diff_snapshots(before, after)) == {
        ("abolish", "371200", ""), ("abolish", "371202", ""), ("new", "", "370116")}


def test_a_county_become_a_prefecture_is_a_recode():
    before = snapshot("2015-12", {"460000": "海南省", "469003": "儋州市"})
    after = snapshot("2016-12", {"460000": "海南省", "460400": "儋州市"})
    assert kinds(build_districts.diff_snapshots(before, after)) == {("recode", "469003", "460400")}


def test_a_code_a_list_leaves_out_and_the_next_lists_again_was_never_abolished():
    lists = [
        snapshot("2019-04", {"650000": "新疆维吾尔自治区", "659005": "北屯市"}),
        snapshot("2019-10", {"650000": "新疆维吾尔自治区"}),
        snapshot("2020-06", {"650000": "新疆维吾尔自治区", "659005": "北屯市", "659010": "胡杨河市"}),
    ]
    assert kinds(build_districts.derive_changes(lists)) == {("new", "", "659010")}


def curated(change_type: str, old: str, new: str, date: str = "2021-03-11") -> Change:
    return Change(date, change_type, old, "", new, "", "hand-curated (test)", citation="民政部")


def test_a_curated_row_replaces_the_derived_row_about_the_same_code():
    derived = build_districts.diff_snapshots(snapshot("2020-06", HANGZHOU_2020), snapshot("2021-10", HANGZHOU_2021))
    rows = build_districts.apply_curated(derived, [
        curated("merge", "330103", "330105"), curated("split", "330110", "330113")])
    assert kinds(rows) == {("recode", "330122", "330182"), ("merge", "330103", "330105"),
                           ("split", "330110", "330113")}
    merge = next(c for c in rows if c.change_type == "merge")
    assert "seen in list, edition 2020-06 → edition 2021-10" in merge.source


def test_a_merge_into_a_recoded_code_leaves_the_recode():
    derived = [Change("2021-10", "recode", "320602", "崇川区", "320613", "崇川区", "lists")]
    rows = build_districts.apply_curated(derived, [curated("merge", "320611", "320613")])
    assert kinds(rows) == {("recode", "320602", "320613"), ("merge", "320611", "320613")}


def build(changes: list[Change], lists: list[Snapshot]) -> dict[str, object]:
    return {d.code: d for d in build_districts.build_districts(lists, changes, GROUPS)}


def test_an_abolished_code_leads_to_its_one_successor_and_follows_chains():
    lists = [snapshot("2020-06", {"330000": "浙江省", "330100": "杭州市", "330103": "下城区", "330105": "拱墅区"}),
             snapshot("2021-10", {"330000": "浙江省", "330100": "杭州市", "330199": "新区"})]
    changes = [curated("merge", "330103", "330105"), curated("recode", "330105", "330199", "2021-10-01")]
    districts = build(changes, lists)
    assert districts["330103"].valid_to == "2021-03-11"
    assert districts["330103"].current_code == "330199"       # 下城区 → 拱墅区 → its newer code
    assert districts["330199"].current_code == "330199" and not districts["330199"].valid_to


def test_a_code_split_among_several_has_no_current_code():
    lists = [snapshot("2019-04", {"230000": "黑龙江省", "230711": "乌马河区"}),
             snapshot("2019-10", {"230000": "黑龙江省", "230717": "伊美区", "230718": "乌翠区"})]
    changes = [curated("merge", "230711", "230717"), curated("merge", "230711", "230718")]
    assert build(changes, lists)["230711"].current_code == ""


def test_a_curated_new_code_starts_on_its_date_and_uncovered_provinces_stay_current():
    lists = [snapshot("2019-04", {"460000": "海南省", "710000": "台湾省"}),
             snapshot("2024-12", {"460000": "海南省", "460302": "西沙区"})]
    districts = build([curated("new", "", "460302", "2020-04-18")], lists)
    assert districts["460302"].valid_from == "2020-04"
    assert districts["710000"].current_code == "710000" and not districts["710000"].valid_to


# --------------------------------------------------------------------------- the committed seeds

@pytest.fixture(scope="module")
def seeds() -> tuple[dict[str, dict[str, str]], list[dict[str, str]]]:
    with open(SEEDS / "districts.csv", encoding="utf-8", newline="") as fh:
        districts = {row["district_code"]: row for row in csv.DictReader(fh)}
    with open(SEEDS / "district_code_changes.csv", encoding="utf-8", newline="") as fh:
        changes = list(csv.DictReader(fh))
    return districts, changes


def test_the_seed_holds_every_county_level_division_of_today(seeds):
    districts, _ = seeds
    counties = [d for d in districts.values() if d["level"] == "county"]
    assert len(counties) >= 3000
    assert sum(d["is_current"] == "true" for d in counties) == 2846    # 民政部, 2024-12-31
    assert sum(d["level"] == "province" for d in districts.values()) == 34


def test_a_post_2019_code_resolves_and_an_abolished_one_leads_to_todays_code(seeds):
    districts, _ = seeds
    linping = districts["330113"]
    assert (linping["name"], linping["prefecture_name"], linping["is_current"]) == ("临平区", "杭州市", "true")
    assert linping["current_code"] == "330113"
    xiacheng = districts["330103"]
    assert (xiacheng["is_current"], xiacheng["current_code"]) == ("false", "330105")
    assert districts[xiacheng["current_code"]]["name"] == "拱墅区"
    assert districts["410322"]["current_code"] == "410308"            # 孟津县 → 孟津区
    assert districts["653229"]["name"] == "和安县"                      # new in 2024


def test_every_current_code_is_a_current_division(seeds):
    districts, _ = seeds
    for district in districts.values():
        if district["current_code"]:
            assert districts[district["current_code"]]["is_current"] == "true", district


def test_every_curated_row_is_in_the_change_seed(seeds):
    _, changes = seeds
    with open(REPO_ROOT / "scripts" / "district_changes_curated.csv", encoding="utf-8", newline="") as fh:
        curated_rows = list(csv.DictReader(fh))
    shipped = {(c["change_date"], c["change_type"], c["old_code"], c["new_code"], c["citation"]) for c in changes}
    for row in curated_rows:
        assert (row["change_date"], row["change_type"], row["old_code"], row["new_code"], row["citation"]) in shipped
        assert row["citation"].startswith("民政部《")
