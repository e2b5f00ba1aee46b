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
_ONE_INLINE_SPACE = re.compile(_INLINE_SPACE.pattern[:-1])    # without "+": a faster scan
_NON_NEWLINE_SPACE = re.compile(r"[^\S\n]")

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
# Something every chrome token contains (a colon, 【, 字…体, one of the words): a line without
# any of these cannot be chrome, so only lines with a hint are checked. Every alternative starts
# with a literal, so that the scan skips the other characters fast.
_CHROME_HINT = re.compile(
    r":|：|【|当前位置|您现在的位置|字\s*体|分享|打印|关闭|返回顶部|保护视力色|无障碍|加入收藏|设为首页|繁体|简体"
    r"|朗读|扫一扫|上一篇|下一篇|headerBg|footerBg"
)
_CHROME_LEFTOVER = re.compile(r"^[\s\-—–|｜/>＞»·•:：,，.。()（）【】\[\]]*$")
# Chrome lines are page furniture of a web page: they are short.
_CHROME_MAX_CHARS = 160

# ---------------------------------------------------------------------- watermarks
_DOMAIN = re.compile(
    r"(?<![A-Za-z0-9.-])(?:https?://)?(?:www\.)?[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*"
    r"\.(?:cn|com|net|org|cc|top|vip|info|xyz|wang|site|club)(?:/[\w./?=&%-]*)?(?![A-Za-z0-9.-])"
)
_DOMAIN_HINT = re.compile(r"\.(?:cn|com|net|org|cc|top|vip|info|xyz|wang|site|club)")   # in every domain
_WATERMARK_NAME_CHARS = 12     # at most this many Chinese characters of site name before a domain
_SENTENCE_END_BEFORE = re.compile(r"[。！？；：!?;:]\s*$")

# ---------------------------------------------------------------------- page furniture
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–_－~·•]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:[/／]\s*\d{1,4}|共\s*\d{1,4}\s*页)?[\s\-—–_－~·•]*$"
)

# ---------------------------------------------------------------------- line joining
_FINAL_PUNCT = tuple("。！？；：!?;:")
_CLOSING = "”’」』）)"     # a line ending in _FINAL_PUNCT then only these is a paragraph's end
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
_FULLWIDTH = re.compile("[" + "".join(re.escape(chr(code)) for code in _FULLWIDTH_TO_ASCII) + "]")
# One scan of a document for anything the usual report does not have: whitespace but "\n"
# (str.isspace: all of it below U+3001), inline space, full-width forms.
_UNUSUAL = re.compile(
    "["
    + re.escape("".join(char for char in map(chr, range(0x3001)) if char.isspace() and char != "\n"))
    + _INLINE_SPACE.pattern[1:-2]
    + _FULLWIDTH.pattern[1:-1]
    + "]"
)
_ASCII_PUNCT_TO_CJK = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
_ASCII_PUNCT = re.compile(r"[,:;!?]")
_PAREN_PAIR = re.compile(r"\(([^()\n]{0,80})\)")


@dataclass(slots=True)
class Line:
    start: int            # raw offset of the first character
    end: int              # raw offset after the last character (before the line break)
    page: int
    removed: str | None = None       # why the whole line goes: chrome / page_furniture
    cuts: list[tuple[int, int]] = field(default_factory=list)   # raw spans removed inside the line
    visible: str | None = None       # _visible(), kept until a cut changes it


@dataclass
class Cleaned:
    text: str
    offset_map: list[dict[str, int]]                 # clean_start, raw_start, length
    removed: list[dict[str, object]]                 # kind, raw_start, text

    def as_row(self) -> dict[str, object]:
        return {"text": self.text, "offset_map": self.offset_map, "removed": self.removed}


Run = tuple[int, int, int]           # clean_start, raw_start, length
Removed = tuple[str, int, str]       # kind, raw_start, text


def clean_text(raw: str | None) -> Cleaned | None:
    if raw is None:
        return None
    text, runs, removed = clean_parts(raw)
    return Cleaned(
        text=text,
        offset_map=[{"clean_start": c, "raw_start": r, "length": n} for c, r, n in runs],
        removed=[{"kind": kind, "raw_start": start, "text": part} for kind, start, part in removed],
    )


def clean_parts(raw: str) -> tuple[str, list[Run], list[Removed]]:
    """`clean_text` as plain tuples (cleaned text, offset_map runs, removed parts), which is what
    the vectorised UDF builds its columns from."""
    doc = _Doc(raw)
    lines = _split_lines(raw)
    removed: list[Removed] = []
    _mark_chrome(raw, lines, removed)
    _mark_page_furniture(raw, lines, removed)
    _cut_watermarks(doc, lines, removed)
    deletions, overrides = _deletions(doc, lines)
    return _assemble(raw, deletions, overrides, removed, doc.full_width)


def raw_offset(offset_map: list[dict[str, int]], clean_offset: int) -> int | None:
    """The raw offset of a cleaned offset (the same lookup the SQL does)."""
    for run in offset_map:
        if run["clean_start"] <= clean_offset < run["clean_start"] + run["length"]:
            return run["raw_start"] + clean_offset - run["clean_start"]
    return None


# ---------------------------------------------------------------------- steps
#
# Speed: the UDF runs once per document version, 100,000 of them in a full build, so the steps
# look at the whole document once (one regex scan) to skip work a line cannot need: no inline
# whitespace anywhere → no per-line space removal; no chrome word anywhere in a line → no
# chrome check of that line; no ".cn"/".com"… anywhere → no watermark search. Each shortcut
# only skips work whose result is known, so the output is the same as checking every line.

class _Doc:
    """The raw text and what one scan of it tells about every line."""

    __slots__ = ("raw", "spaced", "bare", "full_width")

    def __init__(self, raw: str) -> None:
        self.raw = raw
        if _UNUSUAL.search(raw) is None:         # the usual case: one scan tells it all
            self.spaced, self.bare, self.full_width = False, True, False
            return
        # some inline whitespace somewhere (else a line's visible text is the line itself)
        self.spaced = _ONE_INLINE_SPACE.search(raw) is not None
        # no whitespace at all but "\n" (no indents, no trailing blanks, no table columns)
        self.bare = not self.spaced and _NON_NEWLINE_SPACE.search(raw) is None
        # full-width forms to normalise (the cleaned text only has characters of the raw text,
        # and " " or "\n")
        self.full_width = _FULLWIDTH.search(raw) is not None


def _split_lines(raw: str) -> list[Line]:
    if "\r" not in raw and "\f" not in raw:
        lines: list[Line] = []
        start = 0
        for part in raw.split("\n"):
            end = start + len(part)
            lines.append(Line(start, end, 0))
            start = end + 1
        return lines
    lines = []
    start, page = 0, 0
    for match in _LINE_BREAK.finditer(raw):
        lines.append(Line(start, match.start(), page))
        if match.group() == "\f":
            page += 1
        start = match.end()
    lines.append(Line(start, len(raw), page))
    return lines


def _visible(doc: _Doc, line: Line) -> str:
    """The line's text without whitespace and without the spans already cut."""
    text = line.visible
    if text is None:
        raw = doc.raw
        text = raw[line.start:line.end]
        if line.cuts:
            for cut_start, cut_end in sorted(line.cuts, reverse=True):
                text = text[: cut_start - line.start] + text[cut_end - line.start:]
            text = _INLINE_SPACE.sub("", text)
        elif doc.spaced:
            text = _INLINE_SPACE.sub("", text)
        line.visible = text
    return text


def _mark_chrome(raw: str, lines: list[Line], removed: list[Removed]) -> None:
    # Only lines with a chrome hint can hold a chrome token (see _CHROME_HINT): one scan of the
    # document finds them, and only they get the full check.
    candidates: list[int] = []
    line_starts: list[int] | None = None
    for hint in _CHROME_HINT.finditer(raw):
        if line_starts is None:
            line_starts = [ln.start for ln in lines]
        first = bisect.bisect_right(line_starts, hint.start()) - 1
        last = bisect.bisect_right(line_starts, hint.end() - 1) - 1
        if candidates and first <= candidates[-1]:
            first = candidates[-1] + 1
        candidates.extend(range(first, last + 1))
    for index in candidates:
        line = lines[index]
        text = raw[line.start:line.end].strip()
        if not text or len(text) > _CHROME_MAX_CHARS or not _CHROME_TOKENS.search(text):
            continue
        if _CHROME_LEFTOVER.match(_CHROME_TOKENS.sub("", text)):
            line.removed = "chrome"
            removed.append(("chrome", line.start, text))


def _mark_page_furniture(raw: str, lines: list[Line], removed: list[Removed]) -> None:
    """Page numbers and lines repeated at the top or bottom of most pages (running headers)."""
    pages = lines[-1].page + 1        # pages only go up
    if pages < 2:
        return
    by_page: list[list[Line]] = [[] for _ in range(pages)]
    for ln in lines:
        if not ln.removed and raw[ln.start:ln.end].strip():
            by_page[ln.page].append(ln)
    edges: dict[int, list[Line]] = {}
    for page, content in enumerate(by_page):
        edges[page] = content[:2] + content[-2:] if len(content) > 4 else content

    keys: dict[int, str] = {}

    def key(line: Line) -> str:
        value = keys.get(line.start)
        if value is None:
            value = keys[line.start] = re.sub(r"\d+", "#", _INLINE_SPACE.sub("", raw[line.start:line.end]))
        return value

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
                removed.append(("page_furniture", line.start, text))


@dataclass
class _DomainHit:
    start: int            # where the Chinese run before the domain starts
    domain_start: int
    end: int

    def name(self, raw: str) -> str:
        return raw[self.start:self.domain_start]


def _cut_watermarks(doc: _Doc, lines: list[Line], removed: list[Removed]) -> None:
    raw = doc.raw
    if "." not in raw or not _DOMAIN_HINT.search(raw):
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
                _cut(doc, line, start, hit.end, removed)
        elif at_line_end:
            # Once, at the end of a line: the whole Chinese run is the site name only when it
            # stands on its own (after a full stop, or alone on the line).
            line, hit = at_line_end[0]
            before = raw[line.start:hit.start]
            whole_name = not before.strip() or _SENTENCE_END_BEFORE.search(before)
            _cut(doc, line, hit.start if whole_name else hit.domain_start, hit.end, removed)


def _cut(doc: _Doc, line: Line, start: int, end: int, removed: list[Removed]) -> None:
    line.cuts.append((start, end))
    line.visible = None
    removed.append(("watermark", start, doc.raw[start:end]))
    if not _visible(doc, line):
        line.removed = "watermark"


def _common_suffix(texts: list[str]) -> str:
    suffix = texts[0]
    for text in texts[1:]:
        n = 0
        while n < min(len(suffix), len(text)) and suffix[-1 - n] == text[-1 - n]:
            n += 1
        suffix = suffix[len(suffix) - n:] if n else ""
    return suffix


def _deletions(doc: _Doc, lines: list[Line]) -> tuple[list[tuple[int, int]], dict[int, str]]:
    """Raw spans to delete, and raw positions whose kept character must change (a line break kept
    as "\n" where the raw text had "\f" or "\r")."""
    raw = doc.raw
    deletions: list[tuple[int, int]] = []
    overrides: dict[int, str] = {}

    kept: list[Line] = []
    visible: list[str] = []
    for ln in lines:
        if not ln.removed:
            text = ln.visible
            if text is None:
                text = _visible(doc, ln)
            if text:
                kept.append(ln)
                visible.append(text)
    width = _usual_width([len(text) for text in visible])

    # Inside each kept line: leading/trailing whitespace, watermark cuts, spaces next to Chinese.
    for line in kept:
        deletions.extend(line.cuts)
        if doc.bare:
            continue        # no whitespace to trim or squeeze
        text = raw[line.start:line.end]
        lead = len(text) - len(text.lstrip())
        trail = len(text) - len(text.rstrip())
        if lead:
            deletions.append((line.start, line.start + lead))
        if trail:
            deletions.append((line.end - trail, line.end))
        if not doc.spaced:
            continue
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
    bare = doc.bare
    for index in range(len(kept) - 1):
        before, after = kept[index], kept[index + 1]
        gap_start, gap_end = before.end, after.start
        before_text = visible[index]
        if bare:
            # the first test of _joins that can fail here, inline: most lines end a sentence
            unclosed = before_text.rstrip(_CLOSING)
            joins = not (unclosed and unclosed[-1] in _FINAL_PUNCT) and _joins(
                before_text, raw[gap_end:after.end], width, bare
            )
        else:
            joins = _joins(before_text, raw[gap_end:after.end], width, bare)
        if joins:
            last, first = before_text[-1], visible[index + 1][0]
            if last.isascii() and last.isalnum() and first.isascii() and first.isalnum():
                deletions.append((gap_start + 1, gap_end))
                overrides[gap_start] = " "
            else:
                deletions.append((gap_start, gap_end))
        else:
            if gap_end > gap_start + 1:
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


def _joins(before: str, after_raw: str, width: int, bare: bool = False) -> bool:
    """Is the break between these two lines a hard line break inside a paragraph?

    `bare`: the document has no whitespace but line breaks, so `after_raw` has no indent and
    `before` cannot hold the three space-separated figures of a table row."""
    if bare:
        after, indented = after_raw, False
    else:
        after = after_raw.strip()
        indented = len(after_raw) - len(after_raw.lstrip(" \t\u3000\u00a0")) >= 2
    if not before or not after or indented:
        return False
    # final punctuation, then nothing but closing quotes and brackets (the regex
    # [。！？；：!?;:][”’」』）)]*$, without scanning the line)
    unclosed = before.rstrip(_CLOSING)
    if unclosed and unclosed[-1] in _FINAL_PUNCT:
        return False
    if _PARAGRAPH_MARKER.match(after) or (not bare and len(_TABLE_ROW.findall(before)) >= 3):
        return False
    if before.endswith(_CONTINUATION_END):
        return True
    full = len(before) >= FULL_LINE_SHARE * width or len(before) >= LONG_LINE_CHARS
    return full


def _assemble(
    raw: str,
    deletions: list[tuple[int, int]],
    overrides: dict[int, str],
    removed: list[Removed],
    full_width: bool = True,
) -> tuple[str, list[Run], list[Removed]]:
    merged: list[list[int]] = []
    for start, end in sorted(d for d in deletions if d[1] > d[0]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1][1] = end
        else:
            merged.append([start, end])

    pieces: list[str] = []
    runs: list[Run] = []
    changed = sorted(overrides)
    next_change = 0
    position, clean_position = 0, 0
    for start, end in [*merged, [len(raw), len(raw)]]:
        if start > position:
            # the raw characters to change that fall in this piece (deleted ones are skipped)
            while next_change < len(changed) and changed[next_change] < position:
                next_change += 1
            if next_change < len(changed) and changed[next_change] < start:
                chars = list(raw[position:start])
                while next_change < len(changed) and changed[next_change] < start:
                    raw_index = changed[next_change]
                    chars[raw_index - position] = overrides[raw_index]
                    next_change += 1
                pieces.append("".join(chars))
            else:
                pieces.append(raw[position:start])
            runs.append((clean_position, position, start - position))
            clean_position += start - position
        if end > position:
            position = end

    text = _normalise_forms("".join(pieces), full_width)
    removed.sort(key=_raw_start)
    return text, runs, removed


def _raw_start(item: Removed) -> int:
    return item[1]


def _normalise_forms(text: str, full_width: bool = True) -> str:
    """Full-width digits and letters → ASCII; ASCII punctuation in Chinese → Chinese forms.
    One character for one character: offsets do not move. `full_width`: False when the text
    is known to have none."""
    if full_width and _FULLWIDTH.search(text):
        text = text.translate(_FULLWIDTH_TO_ASCII)

    def paren(match: re.Match) -> str:
        inner = match.group(1)
        return f"（{inner}）" if _HAN.search(inner) else match.group(0)

    if "(" in text:
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

    if not any(mark in text for mark in _ASCII_PUNCT_TO_CJK):     # str.find is faster than a scan
        return text
    return _ASCII_PUNCT.sub(punct, text)
