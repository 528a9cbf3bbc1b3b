"""A list of other stories' headlines closing the body: after the last sentence of the text, a run
of headline-like lines (no sentence punctuation, a few words each), whatever the class names that
carried it. A run of the page's own list items without links (features, steps, key points) is
article text and stays."""

from __future__ import annotations

import re
from collections.abc import Callable

MIN_LIST_LINES = 4
MIN_HEADLINE_WORDS = 4
MIN_HEADLINE_CHARS = 25
MAX_HEADLINE_CHARS = 160
MAX_LABEL_WORDS = 3
_SENTENCE_END = re.compile(r"[.!:;…\"”“»’')\]]$")


def _headline_like(text: str) -> bool:
    """A line that reads as a headline: a few words, no closing sentence punctuation, starting
    with a capital or a digit."""
    return (
        MIN_HEADLINE_CHARS <= len(text) <= MAX_HEADLINE_CHARS
        and len(text.split()) >= MIN_HEADLINE_WORDS
        and not _SENTENCE_END.search(text)
        and (text[:1].isupper() or text[:1].isdigit())
    )


def _label_like(text: str) -> bool:
    return 0 < len(text.split()) <= MAX_LABEL_WORDS and not _SENTENCE_END.search(text.rstrip(" :"))


def cut_headline_list(
    paragraphs: list[str], list_items: set[str] | Callable[[], set[str]]
) -> tuple[list[str], list[str]]:
    """(body, removed): the trailing run of at least ``MIN_LIST_LINES`` headline-like lines, and
    a short label line just before it ("Explore", "More on this"), cut when text precedes it and
    the lines are not mostly ``list_items`` (the page's plain ``<li>`` texts, whitespace-folded; or
    a function giving them, called only for a page with such a run)."""
    end = len(paragraphs)
    start = end
    while start > 0 and _headline_like(paragraphs[start - 1].strip()):
        start -= 1
    if end - start < MIN_LIST_LINES:
        return paragraphs, []
    items = list_items() if callable(list_items) else list_items
    if sum(1 for p in paragraphs[start:] if " ".join(p.split()) in items) * 2 >= end - start:
        return paragraphs, []
    if start > 0 and _label_like(paragraphs[start - 1].strip()):
        start -= 1
    if start == 0:
        return paragraphs, []  # nothing but such lines: not a list closing an article
    return paragraphs[:start], paragraphs[start:]
