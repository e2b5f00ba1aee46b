"""Read JavaScript object literals out of inline scripts, without running any JavaScript.

Platforms put their data in script assignments such as `window._CONFIG = {SID:'200029', …}`:
unquoted keys, single-quoted strings, `<\\/` escapes, trailing commas. That is not JSON, and
regular expressions break on the first quote inside an article body, so this is a small
recursive reader for literals: objects, arrays, strings, numbers, true/false/null. A bare
identifier (`dataStore: dataStore`) reads as `JsName`, never as an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


class JsLiteralError(ValueError):
    pass


@dataclass(frozen=True)
class JsName:
    """A variable reference where a value was expected."""

    name: str


def find_assignment(script_text: str, target: str) -> Any:
    """The value assigned to `target` (e.g. 'window._CONFIG'); KeyError when absent."""
    pattern = re.compile(re.escape(target) + r"\s*=(?!=)\s*")
    for match in pattern.finditer(script_text):
        try:
            value, _ = read_value(script_text, match.end())
        except ValueError:   # JsLiteralError, or a malformed \u escape
            continue
        return value
    raise KeyError(target)


def read_value(text: str, pos: int) -> tuple[Any, int]:
    """Read one literal starting at `pos` (after whitespace); return (value, end position)."""
    pos = _skip_space(text, pos)
    if pos >= len(text):
        raise JsLiteralError("unexpected end of script")
    char = text[pos]
    if char == "{":
        return _read_object(text, pos + 1)
    if char == "[":
        return _read_array(text, pos + 1)
    if char in "'\"`":
        return read_string(text, pos)
    number = _NUMBER.match(text, pos)
    if number:
        raw = number.group()
        value = float(raw) if any(c in raw for c in ".eE") else int(raw)
        return value, number.end()
    name = _IDENTIFIER.match(text, pos)
    if name:
        word = name.group()
        constants = {"true": True, "false": False, "null": None, "undefined": None}
        if word in constants:
            return constants[word], name.end()
        return JsName(word), name.end()
    raise JsLiteralError(f"unexpected {char!r} at {pos}")


def read_string(text: str, pos: int) -> tuple[str, int]:
    quote = text[pos]
    out: list[str] = []
    i = pos + 1
    while i < len(text):
        char = text[i]
        if char == quote:
            return "".join(out), i + 1
        if char != "\\":
            out.append(char)
            i += 1
            continue
        i += 1
        if i >= len(text):
            break
        escaped = text[i]
        if escaped == "u" and text[i + 1:i + 2] == "{":
            end = text.index("}", i)
            out.append(chr(int(text[i + 2:end], 16)))
            i = end + 1
        elif escaped == "u":
            code = int(text[i + 1:i + 5], 16)
            i += 5
            # A surrogate pair written as two \u escapes is one character.
            if 0xD800 <= code < 0xDC00 and text[i:i + 2] == "\\u":
                low = int(text[i + 2:i + 6], 16)
                if 0xDC00 <= low < 0xE000:
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
            out.append(chr(code))
        elif escaped == "x":
            out.append(chr(int(text[i + 1:i + 3], 16)))
            i += 3
        elif escaped == "\n":      # line continuation
            i += 1
        else:
            out.append(_ESCAPES.get(escaped, escaped))
            i += 1
    raise JsLiteralError(f"unterminated string starting at {pos}")


def _read_object(text: str, pos: int) -> tuple[dict[str, Any], int]:
    result: dict[str, Any] = {}
    while True:
        pos = _skip_space(text, pos)
        if pos >= len(text):
            raise JsLiteralError("unterminated object")
        if text[pos] == "}":
            return result, pos + 1
        if text[pos] in "'\"":
            key, pos = read_string(text, pos)
        else:
            match = _IDENTIFIER.match(text, pos) or _NUMBER.match(text, pos)
            if not match:
                raise JsLiteralError(f"bad object key at {pos}")
            key, pos = match.group(), match.end()
        pos = _skip_space(text, pos)
        if text[pos:pos + 1] != ":":
            raise JsLiteralError(f"expected ':' at {pos}")
        value, pos = read_value(text, pos + 1)
        result[key] = value
        pos = _skip_space(text, pos)
        if text[pos:pos + 1] == ",":
            pos += 1
        elif text[pos:pos + 1] != "}":
            raise JsLiteralError(f"expected ',' or '}}' at {pos}")


def _read_array(text: str, pos: int) -> tuple[list[Any], int]:
    result: list[Any] = []
    while True:
        pos = _skip_space(text, pos)
        if pos >= len(text):
            raise JsLiteralError("unterminated array")
        if text[pos] == "]":
            return result, pos + 1
        value, pos = read_value(text, pos)
        result.append(value)
        pos = _skip_space(text, pos)
        if text[pos:pos + 1] == ",":
            pos += 1
        elif text[pos:pos + 1] != "]":
            raise JsLiteralError(f"expected ',' or ']' at {pos}")


def _skip_space(text: str, pos: int) -> int:
    """Skip whitespace and comments."""
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
        elif text.startswith("//", pos):
            end = text.find("\n", pos)
            pos = len(text) if end == -1 else end + 1
        elif text.startswith("/*", pos):
            end = text.find("*/", pos + 2)
            pos = len(text) if end == -1 else end + 2
        else:
            break
    return pos
