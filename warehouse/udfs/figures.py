"""Chinese numerals → numbers, for the few figures written in words (专题学法四次, 十二次, 两批次).

int_figures_extracted finds every figure with one regular expression over all sentences at once
and parses Arabic numbers in SQL; only the matches whose number is written in Chinese numerals
come here, through the DuckDB function `govreports_chinese_numeral` (registered by
warehouse.udfs.plugin). cn2an (MIT) does the conversion.

The model strips what cn2an cannot read before calling: approximation marks (余, 多) and the
multipliers 万 / 亿 written after the number are separate groups of the match. A numeral that
starts with 百 or 千 means one of them (近千人, 百余人), as in speech. Anything that is not a
numeral gives NULL, never an error: one odd phrase must not fail the build.
"""

from __future__ import annotations

import cn2an

# Characters a Chinese numeral is made of (〇 and 零 for zero, 两 for two).
NUMERAL_CHARACTERS = frozenset("零〇一二两三四五六七八九十百千万亿")


def chinese_numeral_value(numeral: str | None) -> float | None:
    """四 → 4.0, 十二 → 12.0, 两 → 2.0, 千 → 1000.0, 三万五千 → 35000.0; NULL otherwise."""
    if not numeral or not set(numeral) <= NUMERAL_CHARACTERS:
        return None
    if numeral[0] in "百千":
        numeral = "一" + numeral
    try:
        return float(cn2an.cn2an(numeral, "smart"))
    except (ValueError, KeyError, IndexError):
        # cn2an rejects malformed numerals (a bare 百, 千万万) with ValueError; be safe.
        return None
