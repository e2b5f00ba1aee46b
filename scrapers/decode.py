"""Bytes of a web page → text, recording what every witness said about the encoding.

Government sites still serve GB2312/GBK, sometimes without a charset header, sometimes with a
header that contradicts the page. The witnesses are the Content-Type header, the page's own
declaration (`<meta charset>`, `http-equiv`, `<?xml encoding?>`) and charset-normalizer's guess.
A declared charset that decodes the bytes cleanly wins (header before page), else the detector's
guess; the dict returned records all of them so a wrong guess can be found and the raw bytes
decoded again.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# The gb2312 and gbk codecs fail on characters such as 镕 that real pages labelled GB2312 use;
# GB18030 is a superset of both and decodes everything they meant.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "euc-cn", "x-gbk", "csgb2312", "ms936",
              "hz-gb-2312", "x-euc-cn", "chinese", "iso-ir-58", "csiso58gb231280"}

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
# One pattern serves `<meta charset=x>` and `<meta http-equiv content="…; charset=x">`.
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([\w.:-]+)", re.I)

_PRESCAN_BYTES = 16_384     # heads of Chinese portal pages are long; meta tags come late
_DETECT_BYTES = 200_000     # enough for a confident guess, bounded cost on big pages


def normalise_charset(label: str | None) -> str | None:
    """A Python codec name for an encoding label, GB family as gb18030; None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _GB_FAMILY:
        return "gb18030"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "gb18030" if name in ("gb2312", "gbk") else name


def header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


def declared_charset(body: bytes) -> str | None:
    """The charset the page declares about itself in its first bytes, as written."""
    head = body[:_PRESCAN_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def detected_charset(body: bytes) -> str | None:
    sample = body[:_DETECT_BYTES]
    # Bytes that are valid UTF-8 are what the detector would call ascii or utf_8; proving it
    # costs a decode, asking it costs a third of a page's parse time.
    if sample.isascii():
        return "ascii"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        pass   # not UTF-8 (or cut inside a character at the sample's end): ask the detector
    else:
        return "utf_8"
    best = from_bytes(sample).best()
    return best.encoding if best is not None else None


def _decodes_anything(codec: str) -> bool:
    return codec.startswith(("latin_1", "iso8859", "cp125", "mac-", "koi8"))


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, dict[str, str | None]]:
    """Decode a page; return (text, {header, meta, detected, used})."""
    witnesses: dict[str, str | None] = {
        "header": header_charset(content_type),
        "meta": declared_charset(body),
        "detected": detected_charset(body),
        "used": None,
    }
    if body.startswith(codecs.BOM_UTF8):
        # A byte-order mark outranks every label (as browsers do).
        witnesses["used"] = "utf-8"
        return body[len(codecs.BOM_UTF8):].decode("utf-8", "replace"), witnesses
    candidates = [normalise_charset(witnesses[w]) for w in ("header", "meta", "detected")]
    # Single-byte codecs decode any bytes "cleanly", so a stray ISO-8859-1 header proves
    # nothing; try them only after every multi-byte candidate failed.
    ordered = [c for c in candidates if c and not _decodes_anything(c)]
    ordered += [c for c in candidates if c and _decodes_anything(c)]
    for codec in ordered:
        try:
            text = body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        witnesses["used"] = codec
        return text, witnesses
    # Nobody is right: keep going with replacement characters, and say so.
    witnesses["used"] = "utf-8/replace"
    return body.decode("utf-8", "replace"), witnesses
