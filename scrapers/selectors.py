"""CSS selectors over lxml.html pages: compiled once (cssselect turns them into XPath).

The generic adapter is driven by selectors from the registry, the others use a few of their
own; the registry checks every `*_selector` option with `compile_selector` so a typo is one
clear line before the night starts, not a failure in the middle of it. Matches are the
scope's descendants, never the scope itself (as a browser's `element.querySelectorAll`).
"""

from __future__ import annotations

from functools import lru_cache

import lxml.html
from lxml.cssselect import CSSSelector


@lru_cache(maxsize=256)
def compile_selector(css: str) -> CSSSelector:
    """Raise cssselect's SelectorError (or ExpressionError) for a selector it cannot use."""
    if not isinstance(css, str) or not css.strip():
        raise ValueError("empty selector")
    return CSSSelector(css, translator="html")


def select(scope: lxml.html.HtmlElement, css: str) -> list[lxml.html.HtmlElement]:
    return [found for found in compile_selector(css)(scope) if found is not scope]


def select_one(scope: lxml.html.HtmlElement, css: str) -> lxml.html.HtmlElement | None:
    for found in compile_selector(css)(scope):
        if found is not scope:
            return found
    return None
