"""Every platform adapter over its saved example pages, diffed against the expected output.

juriscraper style: tests/examples/<platform>/ holds saved pages, `examples.yml` (the URL and
kind of each page) and `<page>.compare.json`. A missing compare file fails once, after writing
the current output for a human to check; a difference fails with `<page>.actual.json` beside.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import asdict
from pathlib import Path

import pytest
import yaml

from scrapers.decode import decode_html
from scrapers.platforms import ADAPTERS, platform_for
from scrapers.registry import SourceEntry

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GENERATED_SUFFIXES = (".compare.json", ".actual.json")


def _manifest(platform_dir: Path) -> dict:
    return yaml.safe_load((platform_dir / "examples.yml").read_text(encoding="utf-8"))


def _examples() -> list[tuple[str, str]]:
    found = []
    for platform_dir in sorted(p for p in EXAMPLES.iterdir() if p.is_dir()):
        for page in _manifest(platform_dir)["pages"]:
            found.append((platform_dir.name, page))
    return found


def _output(platform: str, page: str) -> dict:
    platform_dir = EXAMPLES / platform
    manifest = _manifest(platform_dir)
    spec = manifest["pages"][page]
    adapter = platform_for(SourceEntry.model_validate(manifest["source"]))
    text, charset = decode_html((platform_dir / page).read_bytes(), spec.get("content_type"))
    if spec["kind"] == "list":
        parsed = asdict(adapter.parse_list(spec["url"], text))
    elif spec["kind"] == "article":
        parsed = asdict(adapter.parse_article(spec["url"], text))
    else:
        raise AssertionError(f"{platform}/examples.yml: {page}: kind must be list or article")
    return {"url": spec["url"], "charset": charset, "parsed": parsed}


@pytest.mark.parametrize(("platform", "page"), _examples())
def test_example_page_parses_as_expected(platform: str, page: str) -> None:
    output = json.dumps(_output(platform, page), ensure_ascii=False, indent=2, sort_keys=True)
    compare = EXAMPLES / platform / f"{page}.compare.json"
    actual = EXAMPLES / platform / f"{page}.actual.json"
    if not compare.exists():
        compare.write_text(output + "\n", encoding="utf-8")
        pytest.fail(f"no expected output for {platform}/{page}: wrote {compare}; check it by "
                    "eye and commit it if it is right")
    expected = compare.read_text(encoding="utf-8").rstrip("\n")
    if output != expected:
        actual.write_text(output + "\n", encoding="utf-8")
        diff = "\n".join(difflib.unified_diff(
            expected.splitlines(), output.splitlines(), "expected", "actual", lineterm=""
        ))
        pytest.fail(f"{platform}/{page} differs from {compare.name} (see {actual.name}):\n"
                    f"{diff[:4000]}")
    actual.unlink(missing_ok=True)


def test_every_platform_has_list_and_article_examples() -> None:
    kinds: dict[str, set[str]] = {}
    for platform_dir in (p for p in EXAMPLES.iterdir() if p.is_dir()):
        for spec in _manifest(platform_dir)["pages"].values():
            kinds.setdefault(platform_dir.name, set()).add(spec["kind"])
    assert set(kinds) == set(ADAPTERS)
    for platform, found in kinds.items():
        assert found == {"list", "article"}, platform


def test_every_saved_page_is_in_its_manifest() -> None:
    for platform_dir in (p for p in EXAMPLES.iterdir() if p.is_dir()):
        listed = set(_manifest(platform_dir)["pages"])
        on_disk = {
            p.name for p in platform_dir.iterdir()
            if p.name != "examples.yml" and not p.name.endswith(GENERATED_SUFFIXES)
        }
        assert on_disk == listed, f"{platform_dir.name}: pages not in examples.yml or missing"
