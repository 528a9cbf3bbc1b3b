"""Author names from structured data, meta tags and bylines in the DOM."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from lxml import etree

from newscrawl.extraction.structured import name_of, resolve
from newscrawl.extraction.text import clean_space, fold

if TYPE_CHECKING:
    from newscrawl.extraction.document import Document

AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "citation_author",
    "article.author",
    "cxenseparse:author",
)
_BY_PREFIX = re.compile(
    r"^(?:(?:written|posted|reported|text|story|words)\s+)?"
    r"(?:by|von|por|par|av|door|przez|от|автор|autor|auteur|author)\s*:?\s+",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:,|;|\||/|\band\b|&|\bund\b|\bwith\b)\s*", re.IGNORECASE)
_ROLE_SUFFIX = re.compile(
    r"\s*(?:[,|–—-]\s*|\s)(?:staff writer|staff reporter|correspondent|reporter|editor|"
    r"redakteur(?:in)?|journalist(?:in)?|contributor|columnist|기자|특파원|記者)\b.*$",
    re.IGNORECASE,
)
_ROLE_ONLY = re.compile(
    r"^(?:(?:senior|chief|deputy|managing|political|foreign|business|sports?|staff|guest|freelance|"
    r"special|contributing|associate|executive)\s+)*(?:staff writer|writer|reporter|correspondent|editor|"
    r"journalist|contributor|columnist|photographer|staff|redaktion|redakteur(?:in)?|agencies|"
    r"기자|특파원|記者|編集部)s?$",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_URLISH = re.compile(r"^(?:https?:|www\.)|\.(?:com|org|net)/", re.IGNORECASE)
_DOM_BYLINE = etree.XPath(
    "//*[@rel='author' or @itemprop='author' or contains(concat(' ',@class,' '),' author ')"
    " or contains(@class,'byline') or contains(@class,'author-name') or contains(@class,'AuthorName')]"
)
_ITEMPROP_NAME = etree.XPath(".//*[@itemprop='name']")
MAX_NAME_WORDS = 6


def authors(doc: Document) -> tuple[list[str], str] | None:
    """Author names and their source."""
    found = doc.article_node
    if found is not None:
        node, source = found
        names = _structured_names(node, node.get("author") or node.get("creator"))
        if names:
            return names, source
    for key in AUTHOR_META:
        values = [v for v in doc.meta.get(key, []) if not _URLISH.search(v)]
        names = clean_names(values)
        if names:
            return names, "opengraph" if key.startswith("article:") else "meta"
    names = _dom_names(doc)
    if names:
        return names, "dom"
    return None


def _structured_names(node: dict[str, Any], value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    raw: list[str] = []
    for item in items:
        item = resolve(node, item)
        if isinstance(item, str):
            raw.append(item)
        else:
            name = name_of(item, node)
            if name:
                raw.append(name)
    return clean_names(raw, split=len(raw) == 1)


def _dom_names(doc: Document) -> list[str]:
    raw: list[str] = []
    for el in _DOM_BYLINE(doc.tree)[:8]:
        names = _ITEMPROP_NAME(el)
        texts = [n.text_content() for n in names] if names else [el.text_content()]
        for text in texts:
            text = clean_space(text)
            if text and len(text) < 120:
                raw.append(text)
    return clean_names(raw)[:6]


def clean_names(values: list[str], split: bool = True) -> list[str]:
    """Names without "By", roles, emails or URLs, split on separators, deduplicated."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        value = _EMAIL.sub("", clean_space(value))
        if _URLISH.search(value):
            continue
        value = _BY_PREFIX.sub("", value)
        parts = _SPLIT.split(value) if split else [value]
        for part in parts:
            name = _clean_one(part)
            key = fold(name)
            if name and key not in seen:
                seen.add(key)
                out.append(name)
    return out


def _clean_one(text: str) -> str:
    text = _BY_PREFIX.sub("", clean_space(text))
    text = _ROLE_SUFFIX.sub("", text).strip(" \t-–—:,.|·")
    if _ROLE_ONLY.match(text):
        return ""
    if not text or _URLISH.search(text) or len(text.split()) > MAX_NAME_WORDS or len(text) > 80:
        return ""
    if not any(ch.isalpha() for ch in text):
        return ""
    return text
