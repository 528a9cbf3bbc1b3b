"""The article body: trafilatura on a pruned copy of the parsed tree, arbitrated with JSON-LD
articleBody, then cleaned paragraph by paragraph."""

from __future__ import annotations

import logging
import re
from copy import deepcopy
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newscrawl.extraction.cleanup import Cleaned, clean_paragraphs, prune_tree
from newscrawl.extraction.structured import text_value
from newscrawl.extraction.text import clean_space

if TYPE_CHECKING:
    from newscrawl.extraction.document import Document

_LIST_MARK = re.compile(r"^[-*•]\s+")
_TOKEN = re.compile(r"\w+", re.UNICODE)
_SENTENCE_BREAK = re.compile(r"\n\s*\n|\r\n|\n")
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


@dataclass
class Body:
    """The cleaned body and where it came from."""

    paragraphs: list[str]
    source: str
    attribution: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def _trafilatura_paragraphs(doc: Document, precision: bool = False) -> list[str]:
    import trafilatura

    work = deepcopy(doc.tree)
    prune_tree(work)
    try:
        result = trafilatura.bare_extraction(
            work,
            url=doc.url or None,
            with_metadata=False,
            include_comments=False,
            include_tables=True,
            favor_precision=precision,
        )
    except Exception:
        return []
    text = getattr(result, "text", None) if result is not None else None
    if not text:
        return []
    return [_LIST_MARK.sub("", line.strip()) for line in text.split("\n") if line.strip()]


def _jsonld_paragraphs(doc: Document) -> list[str]:
    found = doc.article_node
    if found is None:
        return []
    raw = found[0].get("articleBody")
    text = text_value(raw) if not isinstance(raw, str) else raw
    if not text:
        return []
    return [clean_space(p) for p in _SENTENCE_BREAK.split(text) if clean_space(p)]


def _tokens(paragraphs: list[str]) -> list[str]:
    return _TOKEN.findall(" ".join(paragraphs).casefold())


def _coverage(part: list[str], whole: list[str]) -> float:
    """Share of ``part``'s tokens that also occur in ``whole``."""
    if not part:
        return 0.0
    pool = set(whole)
    return sum(1 for t in part if t in pool) / len(part)


def extract_body(
    doc: Document,
    headline: str | None = None,
    authors: list[str] | None = None,
    captions: set[str] | None = None,
) -> Body:
    """The article body: the generic extraction unless a complete JSON-LD articleBody is better."""
    generic = _trafilatura_paragraphs(doc)
    structured = _jsonld_paragraphs(doc)
    source = "dom"
    chosen = generic
    if structured:
        g_tokens, s_tokens = _tokens(generic), _tokens(structured)
        if len(s_tokens) > 1.3 * len(g_tokens) + 20 and _coverage(g_tokens, s_tokens) > 0.8:
            chosen, source = structured, doc.article_node[1] if doc.article_node else "json-ld"
    cleaned: Cleaned = clean_paragraphs(chosen, headline=headline, authors=authors, captions=captions)
    return Body(cleaned.paragraphs, source, cleaned.attribution)
