"""Short metadata fields: description, section, tags, language, publisher, canonical URL."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from lxml import etree

from newscrawl.extraction.prune import STANDFIRST_CLASS
from newscrawl.extraction.structured import name_of, text_value
from newscrawl.extraction.text import block_text, plain
from newscrawl.normalize.text import clean_space

if TYPE_CHECKING:
    from newscrawl.extraction.document import Document

Found = tuple[Any, str] | None

_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")
_TAG_SPLIT = re.compile(r"\s*[,;|]\s*")
# Candidates found in C; each is then tested with the one standfirst-class rule (STANDFIRST_CLASS).
_STANDFIRST = etree.XPath(
    "//*[self::p or self::div or self::h2][contains(@class,'standfirst') or contains(@class,'summary')"
    " or contains(@class,'lead') or contains(@class,'intro') or contains(@class,'subtitle')"
    " or contains(@class,'dek') or contains(@class,'teaser') or contains(@class,'excerpt')]"
)
MAX_TAGS = 50


def _source_for(name: str) -> str:
    return "opengraph" if name.startswith(("og:", "article:")) else "meta"


def _article(doc: Document) -> tuple[dict[str, Any], str] | tuple[dict[str, Any], None]:
    found = doc.article_node
    return found if found is not None else ({}, None)


def description(doc: Document) -> Found:
    """The standfirst/summary: structured description, then og/meta description, then the DOM."""
    node, source = _article(doc)
    value = text_value(node.get("description")) or text_value(node.get("alternativeHeadline"))
    if value and source:
        return value, source
    found = doc.meta_first("og:description", "description", "twitter:description", "dc.description")
    if found:
        return plain(found[0]), _source_for(found[1])
    marked = [el for el in _STANDFIRST(doc.tree) if STANDFIRST_CLASS.search(el.get("class", ""))]
    for el in marked[:3]:
        text = block_text(el)
        if 40 <= len(text) <= 600:
            return text, "dom"
    return None


def section(doc: Document) -> Found:
    """The section ("Politics")."""
    node, source = _article(doc)
    value = node.get("articleSection")
    text = text_value(value)
    if text and source:
        return text, source
    found = doc.meta_first(
        "article:section", "og:article:section", "parsely-section", "section", "sailthru.section", "category"
    )
    if found:
        return found[0], _source_for(found[1])
    return None


def tags(doc: Document) -> Found:
    """Keywords/topics as the site gives them."""
    node, source = _article(doc)
    raw = node.get("keywords")
    values: list[str] = []
    if isinstance(raw, list):
        values = [text_value(v) for v in raw]
    elif isinstance(raw, str):
        values = _TAG_SPLIT.split(plain(raw))
    values = _dedupe(values)
    if values and source:
        return values[:MAX_TAGS], source
    for name in ("article:tag", "og:article:tag"):
        tag_values = _dedupe(doc.meta.get(name, []))
        if tag_values:
            return tag_values[:MAX_TAGS], "opengraph"
    for name in ("news_keywords", "keywords", "parsely-tags", "sailthru.tags"):
        for raw_meta in doc.meta.get(name, [])[:1]:
            split = _dedupe(_TAG_SPLIT.split(raw_meta))
            if split:
                return split[:MAX_TAGS], "meta"
    return None


def _dedupe(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        value = clean_space(value)
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            out.append(value)
    return out


def _lang_code(raw: str | None) -> str | None:
    match = _LANG.match(clean_space(raw))
    return match.group(1).lower() if match else None


def language(doc: Document) -> Found:
    """ISO 639-1 code when the page declares one."""
    code = _lang_code(doc.tree.get("lang") or doc.tree.get("xml:lang"))
    if code:
        return code, "dom"
    node, source = _article(doc)
    code = _lang_code(text_value(node.get("inLanguage")))
    if code and source:
        return code, source
    for name in ("og:locale", "content-language", "language", "dc.language"):
        for raw in doc.meta.get(name, [])[:1]:
            code = _lang_code(raw)
            if code:
                return code, _source_for(name)
    return None


def publisher(doc: Document) -> Found:
    """The publisher's name."""
    node, source = _article(doc)
    name = name_of(node.get("publisher"), node) if node else ""
    if name and source:
        return name, source
    found = doc.meta_first("og:site_name", "application-name", "publisher", "dc.publisher")
    if found:
        return found[0], _source_for(found[1])
    return None


def canonical_url(doc: Document) -> Found:
    """The raw rel=canonical, else og:url."""
    if doc.canonical:
        return doc.canonical, "dom"
    found = doc.meta_first("og:url")
    if found:
        return found[0], "opengraph"
    return None
