"""Raw report text → cleaned text, with a map from cleaned offsets back to raw offsets.

What is removed or changed, and why:

- **page chrome** copied along with a web page: "当前位置 首页 > …", "发布日期:… 文章来源:…",
  "【 字体: 大 中 小 】", "访问量:", "分享到:", "相关附件:", "打印本页 关闭窗口", "headerBg" …
  (whole lines only: a line is chrome when nothing but chrome is left once the chrome is taken out);
- **watermarks**: a site name with a domain ("笔杆儿网www.bgzjy.cn") glued to paragraphs by
  aggregator sites; never a gov.cn domain;
- **page furniture** of PDF text (pages separated by form feeds): page numbers ("— 1 —",
  "第 3 页 共 9 页") and header/footer lines repeated at the top or bottom of most pages;
- **hard line breaks**: a PDF (or a web page built from one) breaks lines wherever the page
  ends. A break is removed when the line before it is full (as long as most lines of the
  document, or a 60-character paragraph cut in two) or ends with a comma-like mark, and the
  next line does not start a paragraph (indent, 一、 / （一） / 1. markers) — so words cut
  across lines ("重大执" / "法决定") come together, while headings, titles and signatures,
  which are short lines, keep their break. Blank lines go; paragraphs end in exactly one "\n";
- **spaces inside Chinese**: whitespace next to a Chinese character or Chinese punctuation is
  dropped ("2020 年度法治政府 建设情况报告" → "2020年度法治政府建设情况报告"); between two
  Latin letters or digits one space stays;
- **full-width forms**: full-width digits and letters become ASCII ("２０２２" → "2022"),
  ASCII punctuation inside Chinese becomes the Chinese form ("(一)" → "（一）", "罢休, 目前" →
  "罢休，目前"), so that one pattern matches every copy.

Everything but the last step only deletes characters, and the last one replaces a character by
exactly one character, so the cleaned text maps back to the raw text by runs: `offset_map` is a
list of (clean_start, raw_start, length), one per stretch of raw text kept; cleaned offset c
maps to raw_start + (c − clean_start) in the run with clean_start ≤ c < clean_start + length.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

# Chinese characters and the punctuation used with them (CJK symbols, full-width forms).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2026\u2018\u2019\u201c\u201d"
_CJK = re.compile(f"[{HAN}{CJK_PUNCT}]")
_HAN = re.compile(f"[{HAN}]")

# Whitespace inside a line (newlines and form feeds separate lines).
_INLINE_SPACE = re.compile(r"[ \t\u3000\u00a0\u2002-\u200b\ufeff\v]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\f")

# ---------------------------------------------------------------------- page chrome
_CHROME_TOKENS = re.compile(
    r"""
      当前位置\s*[:：]?.*$                                     # breadcrumb: rest of the line
    | 您现在的位置\s*[:：]?.*$
    | (?:发布日期|发布时间|更新时间|成文日期|日期|时间|信息来源|文章来源|来源|作者|编辑|责任编辑|
         发布机构|发文机关|点击数|点击量|点击率|浏览次数|阅读次数|阅读量|访问量|浏览量|访问次数)
      \s*[:：]\s*(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?|[^\s【】]*)
    | 【?\s*字\s*体\s*[:：]?\s*(?:[大中小]\s*){0,3}】?
    | 分享到\s*[:：]?.*$
    | (?:相关附件|附件下载|附件)\s*[:：]
    | 【\s*(?:打印|关闭|关闭窗口|打印本页|返回顶部|收藏)\s*】
    | 打印本页|关闭窗口|打印此页|返回顶部|保护视力色|无障碍浏览|无障碍|加入收藏|设为首页|繁体版?|简体版?
    | (?<![\u4e00-\u9fff])(?:朗读|打印|关闭|分享|扫一扫|上一篇|下一篇)(?![\u4e00-\u9fff])
    | headerBg|footerBg
    """,
    re.VERBOSE,
)
_CHROME_LEFTOVER = re.compile(r"^[\s\-—–|｜/>＞»·•:：,，.。()（）【】\[\]]*$")
# Chrome lines are page furniture of a web page: they are short.
_CHROME_MAX_CHARS = 160

# ---------------------------------------------------------------------- watermarks
_DOMAIN = re.compile(
    r"(?<![A-Za-z0-9.-])(?:https?://)?(?:www\.)?[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*"
    r"\.(?:cn|com|net|org|cc|top|vip|info|xyz|wang|site|club)(?:/[\w./?=&%-]*)?(?![A-Za-z0-9.-])"
)
_WATERMARK_NAME_CHARS = 12     # at most this many Chinese characters of site name before a domain
_SENTENCE_END_BEFORE = re.compile(r"[。！？；：!?;:]\s*$")

# ---------------------------------------------------------------------- page furniture
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–_－~·•]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:[/／]\s*\d{1,4}|共\s*\d{1,4}\s*页)?[\s\-—–_－~·•]*$"
)

# ---------------------------------------------------------------------- line joining
_FINAL_PUNCT = tuple("。！？；：!?;:")
_CLOSING_AFTER_FINAL = re.compile(r"[。！？；：!?;:][”’」』）)]*$")
_CONTINUATION_END = tuple("，、,“‘《〈（(—-")
_PARAGRAPH_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、．.](?!\d)|第[一二三四五六七八九十]+[章节部分])"
)
_TABLE_ROW = re.compile(r"(?:^|\s)\d[\d.,%]*(?=\s|$)")
FULL_LINE_SHARE = 0.8        # a line this share of the usual width is "full"
LONG_LINE_CHARS = 60         # a line this long without final punctuation was cut, whatever the width

# ---------------------------------------------------------------------- character forms
_FULLWIDTH_TO_ASCII = {
    **{0xFF10 + i: ord("0") + i for i in range(10)},
    **{0xFF21 + i: ord("A") + i for i in range(26)},
    **{0xFF41 + i: ord("a") + i for i in range(26)},
    0xFF05: ord("%"),
    0xFF0E: ord("."),
    # inline whitespace that survives (between two Latin words) is a plain space
    0x3000: ord(" "), 0x00A0: ord(" "), 0x0009: ord(" "), 0x000B: ord(" "),
}
_ASCII_PUNCT_TO_CJK = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
_ASCII_PUNCT = re.compile(r"[,:;!?]")
_PAREN_PAIR = re.compile(r"\(([^()\n]{0,80})\)")


@dataclass
class Line:
    start: int            # raw offset of the first character
    end: int              # raw offset after the last character (before the line break)
    page: int
    removed: str | None = None       # why the whole line goes: chrome / page_furniture
    cuts: list[tuple[int, int]] = field(default_factory=list)   # raw spans removed inside the line


@dataclass
class Cleaned:
    text: str
    offset_map: list[dict[str, int]]                 # clean_start, raw_start, length
    removed: list[dict[str, object]]                 # kind, raw_start, text

    def as_row(self) -> dict[str, object]:
        return {"text": self.text, "offset_map": self.offset_map, "removed": self.removed}


def clean_text(raw: str | None) -> Cleaned | None:
    if raw is None:
        return None
    lines = _split_lines(raw)
    removed: list[dict[str, object]] = []
    _mark_chrome(raw, lines, removed)
    _mark_page_furniture(raw, lines, removed)
    _cut_watermarks(raw, lines, removed)
    deletions, overrides = _deletions(raw, lines)
    return _assemble(raw, deletions, overrides, removed)


def raw_offset(offset_map: list[dict[str, int]], clean_offset: int) -> int | None:
    """The raw offset of a cleaned offset (the same lookup the SQL does)."""
    for run in offset_map:
        if run["clean_start"] <= clean_offset < run["clean_start"] + run["length"]:
            return run["raw_start"] + clean_offset - run["clean_start"]
    return None


# ---------------------------------------------------------------------- steps

def _split_lines(raw: str) -> list[Line]:
    lines: list[Line] = []
    start, page = 0, 0
    for match in _LINE_BREAK.finditer(raw):
        lines.append(Line(start, match.start(), page))
        if match.group() == "\f":
            page += 1
        start = match.end()
    lines.append(Line(start, len(raw), page))
    return lines


def _visible(raw: str, line: Line) -> str:
    """The line's text without whitespace and without the spans already cut."""
    text = raw[line.start:line.end]
    for cut_start, cut_end in sorted(line.cuts, reverse=True):
        text = text[: cut_start - line.start] + text[cut_end - line.start:]
    return _INLINE_SPACE.sub("", text)


def _mark_chrome(raw: str, lines: list[Line], removed: list[dict[str, object]]) -> None:
    for line in lines:
        text = raw[line.start:line.end].strip()
        if not text or len(text) > _CHROME_MAX_CHARS or not _CHROME_TOKENS.search(text):
            continue
        if _CHROME_LEFTOVER.match(_CHROME_TOKENS.sub("", text)):
            line.removed = "chrome"
            removed.append({"kind": "chrome", "raw_start": line.start, "text": text})


def _mark_page_furniture(raw: str, lines: list[Line], removed: list[dict[str, object]]) -> None:
    """Page numbers and lines repeated at the top or bottom of most pages (running headers)."""
    pages = max(line.page for line in lines) + 1
    if pages < 2:
        return
    edges: dict[int, list[Line]] = {}
    for page in range(pages):
        content = [ln for ln in lines if ln.page == page and not ln.removed and raw[ln.start:ln.end].strip()]
        edges[page] = content[:2] + content[-2:] if len(content) > 4 else content

    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", _INLINE_SPACE.sub("", raw[line.start:line.end]))

    seen_on: dict[str, set[int]] = {}
    for page, edge_lines in edges.items():
        for line in edge_lines:
            seen_on.setdefault(key(line), set()).add(page)
    repeated = {k for k, on in seen_on.items() if len(on) >= max(2, (pages + 1) // 2) and len(k) <= 40}

    for edge_lines in edges.values():
        for line in edge_lines:
            text = raw[line.start:line.end].strip()
            if line.removed:
                continue
            if _PAGE_NUMBER.match(text) or key(line) in repeated:
                line.removed = "page_furniture"
                removed.append({"kind": "page_furniture", "raw_start": line.start, "text": text})


@dataclass
class _DomainHit:
    start: int            # where the Chinese run before the domain starts
    domain_start: int
    end: int

    def name(self, raw: str) -> str:
        return raw[self.start:self.domain_start]


def _cut_watermarks(raw: str, lines: list[Line], removed: list[dict[str, object]]) -> None:
    if "." not in raw:
        return
    line_starts = [ln.start for ln in lines]
    candidates = []   # (line, hit, host)
    for match in _DOMAIN.finditer(raw):
        host = re.sub(r"^https?://", "", match.group().lower()).split("/")[0]
        if host.endswith(("gov.cn", ".gov")):
            continue
        line = lines[bisect.bisect_right(line_starts, match.start()) - 1]
        if line.removed or match.end() > line.end:
            continue
        start = match.start()
        while start > line.start and match.start() - start < _WATERMARK_NAME_CHARS and _HAN.match(raw[start - 1]):
            start -= 1
        candidates.append((line, _DomainHit(start, match.start(), match.end()), host))
    if not candidates:
        return

    by_host: dict[str, list] = {}
    for line, hit, host in candidates:
        by_host.setdefault(host, []).append((line, hit))

    for hits in by_host.values():
        at_line_end = [(line, h) for line, h in hits if not raw[h.end:line.end].strip()]
        if len(hits) >= 3 or len(at_line_end) >= 2:
            # A repeated watermark: the site name is what the occurrences have in common right
            # before the domain ("…如下：笔杆儿网", "…和成效笔杆儿网" → "笔杆儿网").
            named = [h.name(raw) for _, h in hits if h.name(raw)]
            prefix = _common_suffix(named) if len(named) >= 2 else ""
            for line, hit in hits:
                start = hit.domain_start - len(prefix) if hit.name(raw).endswith(prefix) else hit.domain_start
                _cut(raw, line, start, hit.end, removed)
        elif at_line_end:
            # Once, at the end of a line: the whole Chinese run is the site name only when it
            # stands on its own (after a full stop, or alone on the line).
            line, hit = at_line_end[0]
            before = raw[line.start:hit.start]
            whole_name = not before.strip() or _SENTENCE_END_BEFORE.search(before)
            _cut(raw, line, hit.start if whole_name else hit.domain_start, hit.end, removed)


def _cut(raw: str, line: Line, start: int, end: int, removed: list[dict[str, object]]) -> None:
    line.cuts.append((start, end))
    removed.append({"kind": "watermark", "raw_start": start, "text": raw[start:end]})
    if not _visible(raw, line):
        line.removed = "watermark"


def _common_suffix(texts: list[str]) -> str:
    suffix = texts[0]
    for text in texts[1:]:
        n = 0
        while n < min(len(suffix), len(text)) and suffix[-1 - n] == text[-1 - n]:
            n += 1
        suffix = suffix[len(suffix) - n:] if n else ""
    return suffix


def _deletions(raw: str, lines: list[Line]) -> tuple[list[tuple[int, int]], dict[int, str]]:
    """Raw spans to delete, and raw positions whose kept character must change (a line break kept
    as "\n" where the raw text had "\f" or "\r")."""
    deletions: list[tuple[int, int]] = []
    overrides: dict[int, str] = {}

    kept = [ln for ln in lines if not ln.removed and _visible(raw, ln)]
    width = _usual_width([len(_visible(raw, ln)) for ln in kept])

    # Inside each kept line: leading/trailing whitespace, watermark cuts, spaces next to Chinese.
    for line in kept:
        deletions.extend(line.cuts)
        text = raw[line.start:line.end]
        lead = len(text) - len(text.lstrip())
        trail = len(text) - len(text.rstrip())
        if lead:
            deletions.append((line.start, line.start + lead))
        if trail:
            deletions.append((line.end - trail, line.end))
        for match in _INLINE_SPACE.finditer(raw, line.start + lead, line.end - trail):
            before = raw[match.start() - 1] if match.start() > 0 else ""
            after = raw[match.end()] if match.end() < len(raw) else ""
            if _CJK.match(before) or _CJK.match(after):
                deletions.append((match.start(), match.end()))
            elif match.end() - match.start() > 1:
                deletions.append((match.start() + 1, match.end()))

    # Between kept lines: everything goes (blank lines, removed lines, page breaks); one
    # character stays as "\n" when the break is real, or as " " between two Latin words.
    if kept and kept[0].start > 0:
        deletions.append((0, kept[0].start))
    for before, after in zip(kept, kept[1:], strict=False):
        gap_start, gap_end = before.end, after.start
        before_text = _visible(raw, before)
        after_raw = raw[after.start:after.end]
        if _joins(before_text, after_raw, width):
            last, first = before_text[-1], _visible(raw, after)[0]
            if last.isascii() and last.isalnum() and first.isascii() and first.isalnum():
                deletions.append((gap_start + 1, gap_end))
                overrides[gap_start] = " "
            else:
                deletions.append((gap_start, gap_end))
        else:
            deletions.append((gap_start + 1, gap_end))
            if raw[gap_start] != "\n":
                overrides[gap_start] = "\n"
    if kept and kept[-1].end < len(raw):
        deletions.append((kept[-1].end, len(raw)))
    if not kept:
        deletions.append((0, len(raw)))
    return deletions, overrides


def _usual_width(lengths: list[int]) -> int:
    """The length of a full line: the 75th percentile of the lines of ten characters or more."""
    long_enough = sorted(n for n in lengths if n >= 10)
    if len(long_enough) < 5:
        return LONG_LINE_CHARS
    return long_enough[int(len(long_enough) * 0.75)]


def _joins(before: str, after_raw: str, width: int) -> bool:
    """Is the break between these two lines a hard line break inside a paragraph?"""
    after = after_raw.strip()
    indented = len(after_raw) - len(after_raw.lstrip(" \t\u3000\u00a0")) >= 2
    if not before or not after or indented:
        return False
    if _CLOSING_AFTER_FINAL.search(before):
        return False
    if _PARAGRAPH_MARKER.match(after) or len(_TABLE_ROW.findall(before)) >= 3:
        return False
    if before.endswith(_CONTINUATION_END):
        return True
    full = len(before) >= FULL_LINE_SHARE * width or len(before) >= LONG_LINE_CHARS
    return full


def _assemble(
    raw: str,
    deletions: list[tuple[int, int]],
    overrides: dict[int, str],
    removed: list[dict[str, object]],
) -> Cleaned:
    merged: list[list[int]] = []
    for start, end in sorted(d for d in deletions if d[1] > d[0]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])

    pieces: list[str] = []
    offset_map: list[dict[str, int]] = []
    position, clean_position = 0, 0
    for start, end in [*merged, [len(raw), len(raw)]]:
        if start > position:
            piece = raw[position:start]
            for raw_index, char in overrides.items():
                if position <= raw_index < start:
                    index = raw_index - position
                    piece = piece[:index] + char + piece[index + 1:]
            pieces.append(piece)
            offset_map.append({"clean_start": clean_position, "raw_start": position, "length": start - position})
            clean_position += start - position
        position = max(position, end)

    text = _normalise_forms("".join(pieces))
    removed.sort(key=lambda item: item["raw_start"])
    return Cleaned(text=text, offset_map=offset_map, removed=removed)


def _normalise_forms(text: str) -> str:
    """Full-width digits and letters → ASCII; ASCII punctuation in Chinese → Chinese forms.
    One character for one character: offsets do not move."""
    text = text.translate(_FULLWIDTH_TO_ASCII)

    def paren(match: re.Match) -> str:
        inner = match.group(1)
        return f"（{inner}）" if _HAN.search(inner) else match.group(0)

    text = _PAREN_PAIR.sub(paren, text)

    def punct(match: re.Match) -> str:
        index = match.start()
        before = text[index - 1] if index > 0 else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if before.isdigit() and after.isdigit():      # 15:41, 1,022
            return match.group()
        if _CJK.match(before) or _CJK.match(after) or (after == " " and _CJK.match(text[index + 2: index + 3] or "x")):
            return _ASCII_PUNCT_TO_CJK[match.group()]
        return match.group()

    return _ASCII_PUNCT.sub(punct, text)
