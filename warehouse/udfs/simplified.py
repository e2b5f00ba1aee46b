"""Traditional → simplified Chinese, for matching only (the cleaned text keeps what was written).

OpenCC's t2s tables (opencc-python-reimplemented, Apache-2.0). The result has the same length
as the input, so every offset into the cleaned text is also an offset into its simplified form:
a phrase conversion that would change the length falls back to character-by-character
conversion. Returns None when the text has no traditional character, so the warehouse stores
nothing for the usual case.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional_only() -> frozenset[str]:
    """Characters that OpenCC changes and that are not themselves simplified characters."""
    singles = _character_table()
    simplified = set(singles.values())
    return frozenset(char for char, target in singles.items() if target != char and char not in simplified)


@lru_cache(maxsize=1)
def _character_table() -> dict[str, str]:
    """TSCharacters.txt: one traditional character → its simplified form (the first one listed)."""
    from importlib.resources import files

    table: dict[str, str] = {}
    text = files("opencc").joinpath("dictionary", "TSCharacters.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) == 1:
            table[parts[0]] = parts[1][0]
    return table


@lru_cache(maxsize=1)
def _maybe_traditional() -> re.Pattern[str]:
    """A character class that finds the characters of _traditional_only() with one regex scan,
    some ten times faster than a Python loop over the characters of a report: those of the Basic
    Multilingual Plane, and any character beyond it (a class listing the few hundred rare ones
    there makes the scan a hundred times slower), checked one by one."""
    basic = "".join(re.escape(char) for char in sorted(_traditional_only()) if char <= "\uffff")
    return re.compile(f"[{basic}\U00010000-\U0010ffff]")


def traditional_count(text: str | None) -> int:
    """How many characters of `text` exist only in traditional script (0 for simplified text)."""
    if not text:
        return 0
    traditional = _traditional_only()
    return sum(1 for char in _maybe_traditional().findall(text) if char in traditional)


def has_traditional(text: str | None) -> bool:
    """Does `text` hold a character that exists only in traditional script?"""
    if not text:
        return False
    traditional = _traditional_only()
    return any(match.group() in traditional for match in _maybe_traditional().finditer(text))


def to_simplified(text: str | None) -> str | None:
    """`text` in simplified characters, same length; None when nothing would change."""
    if not has_traditional(text):
        return None
    converted = _converter().convert(text)
    if len(converted) != len(text):
        table = _character_table()
        converted = "".join(table.get(char, char) for char in text)
    return converted if converted != text else None
