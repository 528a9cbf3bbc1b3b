"""Article HTML embedded in script data (Next.js/Nuxt hydration state, app JSON) for pages
whose visible DOM is rendered by JavaScript."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from newscrawl.extraction.document import Document

_SCRIPTS = etree.XPath(
    "//script[not(@src)][not(contains(translate(@type,'LDJSON','ldjson'),'ld+json'))]/text()"
)
_STRING = re.compile(r'"((?:[^"\\]|\\.){400,})"')
_PARA = re.compile(r"(?:<|\\u003c|\\u003C)p[\s>]", re.IGNORECASE)
MIN_PARAGRAPH_TAGS = 3
MAX_SCRIPT_CHARS = 3_000_000


def embedded_article_html(doc: Document) -> str | None:
    """The longest HTML string with several paragraphs found inside inline scripts, decoded."""
    best: str | None = None
    best_len = 0
    for script in _SCRIPTS(doc.tree):
        text = str(script)[:MAX_SCRIPT_CHARS]
        if len(_PARA.findall(text)) < MIN_PARAGRAPH_TAGS:
            continue
        for match in _STRING.finditer(text):
            literal = match.group(1)
            if len(_PARA.findall(literal)) < MIN_PARAGRAPH_TAGS:
                continue
            value = _decode(literal)
            if value and len(value) > best_len and value.count("<p") >= MIN_PARAGRAPH_TAGS:
                best, best_len = value, len(value)
    return best


def _decode(literal: str) -> str | None:
    value: str = literal
    for _ in range(3):
        try:
            decoded = json.loads(f'"{value}"')
        except ValueError:
            return None
        if not isinstance(decoded, str):
            return None
        value = decoded
        if '\\"' not in value and "\\u003c" not in value.lower():
            return value
    return value
