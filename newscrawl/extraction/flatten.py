"""Flattening HTML nested deeper than the parser goes.

libxml2 (lxml's parser) stops at 256 levels of nesting (2,048 with ``huge_tree``) and drops the
rest of the page: an article wrapped in 100,000 ``<div>``\\ s loses its paragraphs. This module
removes the wrapper tags (``div``, ``span``, ``section``…, not their contents) found below
:data:`MAX_DEPTH` open elements, in one pass over the tags, so the text survives at a depth
the parser accepts.
"""

from __future__ import annotations

import re

MAX_DEPTH = 128
# Elements whose tags carry no meaning for extraction: removing one keeps its children.
WRAPPERS = frozenset({"div", "span", "section", "font", "center", "b", "i", "em", "strong", "small", "big"})
VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*>")


def flatten_deep_html(html: str, max_depth: int = MAX_DEPTH) -> tuple[str, int]:
    """``html`` without the wrapper tags below ``max_depth`` open elements, and how many
    tags were removed."""
    out: list[str] = []
    stack: list[str] = []
    dropped: dict[str, int] = {}
    removed = 0
    last = 0
    for match in _TAG.finditer(html):
        closing, name = match.group(1), match.group(2).lower()
        keep = True
        if name in VOID or match.group(0).endswith("/>"):
            pass
        elif not closing:
            if len(stack) >= max_depth and name in WRAPPERS:
                dropped[name] = dropped.get(name, 0) + 1
                keep = False
            else:
                stack.append(name)
        elif stack and stack[-1] == name:
            stack.pop()
        elif dropped.get(name):
            dropped[name] -= 1
            keep = False
        elif name in stack:  # an element closed with unclosed children inside it
            while stack and stack.pop() != name:
                pass
        if not keep:
            out.append(html[last : match.start()])
            last = match.end()
            removed += 1
    out.append(html[last:])
    return "".join(out), removed
