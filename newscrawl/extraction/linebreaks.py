"""Paragraphs written as loose text between ``<br>`` tags, made into ``<p>`` elements.

Older CMSs write an article as one container of text runs separated by ``<br><br>``::

    <div class="content">First paragraph, <em>with</em> a link.<br><br>Second paragraph.<br></div>

The generic extractor reads the runs after a ``<br>`` but can lose the container's own leading
text (the lead paragraph) and weighs the container low against a sidebar of real ``<p>``
teasers. Wrapping each run in a ``<p>`` shows it the structure the reader sees.
"""

from __future__ import annotations

from lxml.html import HtmlElement

_CONTAINER_TAGS = frozenset({"div", "section", "article", "main", "td"})
_INLINE_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "cite",
        "code",
        "em",
        "font",
        "i",
        "mark",
        "q",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
    }
)
MIN_BREAKS = 2
MIN_LOOSE_CHARS = 150
"""A container is rewritten when it has this many ``<br>`` children and this much loose text."""


def wrap_line_break_paragraphs(root: HtmlElement) -> int:
    """Turn the loose text runs of every ``<br>``-separated container into ``<p>`` elements, in
    place; returns how many containers were rewritten. Inline elements move into their run's
    paragraph; block children stay where they are."""
    counts: dict[HtmlElement, int] = {}
    for br in root.iter("br"):
        parent = br.getparent()
        if parent is not None and parent.tag in _CONTAINER_TAGS:
            counts[parent] = counts.get(parent, 0) + 1
    wrapped = 0
    for container, breaks in counts.items():
        if breaks >= MIN_BREAKS and _loose_chars(container) >= MIN_LOOSE_CHARS:
            _wrap(container)
            wrapped += 1
    return wrapped


def _loose_chars(container: HtmlElement) -> int:
    """Characters of the container's own text and of its inline and ``<br>`` children."""
    chars = len((container.text or "").strip())
    for child in container:
        if child.tag == "br" or child.tag in _INLINE_TAGS:
            chars += len((child.tail or "").strip())
            if child.tag != "br":
                chars += len(child.text_content().strip())
    return chars


def _wrap(container: HtmlElement) -> None:
    children = list(container)
    pieces: list[HtmlElement] = []
    current: HtmlElement | None = None

    def add_text(text: str | None) -> None:
        nonlocal current
        if not text:
            return
        if current is None:
            if not text.strip():
                return
            current = container.makeelement("p", {})
            pieces.append(current)
        if len(current):
            current[-1].tail = (current[-1].tail or "") + text
        else:
            current.text = (current.text or "") + text

    add_text(container.text)
    container.text = None
    for child in children:
        tail, child.tail = child.tail, None
        container.remove(child)
        if child.tag == "br":
            current = None
        elif child.tag in _INLINE_TAGS:
            if current is None:
                current = container.makeelement("p", {})
                pieces.append(current)
            current.append(child)
        else:
            current = None
            pieces.append(child)
        add_text(tail)
    container.extend(pieces)
