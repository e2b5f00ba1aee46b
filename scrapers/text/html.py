"""HTML → text: each block element on its own line, whitespace collapsed, nothing else changed."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

# Elements that start a new line. td/th are not here: cells stay on their row's line.
BLOCK_ELEMENTS = frozenset({
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
    "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "caption",
    "section", "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre",
    "address", "figure", "figcaption", "form", "fieldset", "hr", "center", "title",
})
# Not text a reader sees.
INVISIBLE_ELEMENTS = frozenset({"script", "style", "noscript", "template", "head"})
_CELL_ELEMENTS = frozenset({"td", "th"})

_NOT_TEXT = (Comment, Doctype, Declaration, ProcessingInstruction)
_WHITESPACE = re.compile(r"\s+")   # includes the ideographic space U+3000 and NBSP


def html_to_text(html: str | Tag) -> str:
    """Text of an HTML document or fragment (a string or an already parsed element)."""
    root = BeautifulSoup(html, "lxml") if isinstance(html, str) else html
    pieces: list[str] = []
    _walk(root, pieces)
    lines = (_WHITESPACE.sub(" ", line).strip() for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _walk(node: Tag, pieces: list[str]) -> None:
    for child in node.children:
        if isinstance(child, _NOT_TEXT):
            continue
        if isinstance(child, NavigableString):
            # Source newlines are layout, not structure: only block elements break lines.
            pieces.append(str(child).replace("\n", " "))
            continue
        if not isinstance(child, Tag) or child.name in INVISIBLE_ELEMENTS:
            continue
        block = child.name in BLOCK_ELEMENTS
        if block:
            pieces.append("\n")
        elif child.name in _CELL_ELEMENTS:
            pieces.append(" ")
        _walk(child, pieces)
        if block:
            pieces.append("\n")
