"""Structured data: JSON-LD and microdata loading, flattening and the main article node."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from newscrawl.extraction.text import plain
from newscrawl.normalize.text import clean_space

ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "SatiricalArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "TechArticle",
        "ScholarlyArticle",
        "Report",
        "AdvertiserContentArticle",
        "SocialMediaPosting",
        "Review",
    }
)
# Media objects that can be a page's main node (a video page), read only when there is no article.
MEDIA_TYPES = frozenset({"VideoObject", "AudioObject"})
_SCHEMA_PREFIX = re.compile(r"^https?://(?:www\.)?schema\.org/", re.IGNORECASE)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_WRAPPERS = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$")
_MAX_DEPTH = 12


def load_jsonld_blocks(blocks: Iterable[str]) -> list[Any]:
    """Parse JSON-LD script bodies, repairing common defects; unparseable blocks are skipped."""
    out: list[Any] = []
    for raw in blocks:
        text = _WRAPPERS.sub("", raw.strip()).strip().rstrip(";")
        if not text:
            continue
        for candidate in (text, _TRAILING_COMMA.sub(r"\1", text)):
            try:
                out.append(json.loads(candidate, strict=False))
                break
            except (ValueError, RecursionError):
                continue
    return out


def load_microdata(tree: Any, url: str) -> list[dict[str, Any]]:
    """Microdata items of ``tree`` converted to JSON-LD-like dicts."""
    try:
        from extruct.w3cmicrodata import MicrodataExtractor

        items = MicrodataExtractor().extract_items(tree, url or None)
    except Exception:
        return []
    return [_from_microdata(item) for item in items if isinstance(item, dict)]


def _from_microdata(item: dict[str, Any]) -> dict[str, Any]:
    node: dict[str, Any] = {}
    if item.get("type"):
        node["@type"] = item["type"]
    if item.get("id"):
        node["@id"] = item["id"]
    for key, value in (item.get("properties") or {}).items():
        node[key] = _from_microdata(value) if isinstance(value, dict) and "properties" in value else value
        if isinstance(value, list):
            node[key] = [
                _from_microdata(v) if isinstance(v, dict) and "properties" in v else v for v in value
            ]
    return node


def flatten(data: Any) -> list[dict[str, Any]]:
    """All dict nodes carrying an @type, in document order, with @id references resolved later."""
    nodes: list[dict[str, Any]] = []
    for node in _walk(data, 0):
        if node.get("@type"):
            nodes.append(node)
    index = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    for node in nodes:
        node.setdefault("__index__", index)
    return nodes


def _walk(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key, value in data.items():
            if key in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart", "itemListElement", "@list") or (
                key in ("about", "subjectOf", "isPartOf") and isinstance(value, dict | list)
            ):
                yield from _walk(value, depth + 1)


def types_of(node: dict[str, Any]) -> set[str]:
    """The short schema.org type names of a node ("NewsArticle", ...)."""
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {_SCHEMA_PREFIX.sub("", v).strip() for v in values if isinstance(v, str)}


def resolve(node: dict[str, Any], value: Any) -> Any:
    """Follow an {"@id": ...} reference through the node's graph index."""
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
        target = node.get("__index__", {}).get(value["@id"])
        if isinstance(target, dict) and target is not value:
            return target
    return value


def text_value(value: Any) -> str:
    """A plain string from a scalar, a {"@value"} object or the first of a list."""
    if isinstance(value, list):
        for item in value:
            text = text_value(item)
            if text:
                return text
        return ""
    if isinstance(value, dict):
        return text_value(value.get("@value") or value.get("name") or value.get("text"))
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def name_of(value: Any, node: dict[str, Any] | None = None) -> str:
    """The name of a Person/Organization value given as a string, object or one-item list."""
    if node is not None:
        value = resolve(node, value)
    if isinstance(value, list):
        return name_of(value[0], node) if value else ""
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, dict | list):
            return text_value(name)
        if isinstance(name, str):
            return plain(name)
        given, family = value.get("givenName"), value.get("familyName")
        if isinstance(given, str) and isinstance(family, str):
            return clean_space(f"{given} {family}")
        return ""
    if isinstance(value, str):
        return plain(value)
    return ""


def _urls_of(node: dict[str, Any]) -> set[str]:
    found = set()
    for key in ("url", "@id", "mainEntityOfPage"):
        value = node.get(key)
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        if isinstance(value, str):
            found.add(value.split("#")[0].rstrip("/"))
    return found


def pick_article(nodes: list[dict[str, Any]], page_urls: set[str]) -> dict[str, Any] | None:
    """The node most likely to describe this page's article, or None."""
    wanted = {u.split("#")[0].rstrip("/") for u in page_urls}
    best, best_score = None, -1
    for node in nodes:
        types = types_of(node)
        if not types & ARTICLE_TYPES:
            continue
        score = 0
        if isinstance(node.get("articleBody"), str) and node["articleBody"].strip():
            score += 3
        if node.get("headline") or node.get("name"):
            score += 2
        if node.get("datePublished"):
            score += 1
        if wanted & _urls_of(node):
            score += 3
        if types == {"Review"}:
            score -= 2
        if score > best_score:
            best, best_score = node, score
    return best


def pick_media(nodes: list[dict[str, Any]], page_urls: set[str]) -> dict[str, Any] | None:
    """The media object (``MEDIA_TYPES``) that is this page: the one whose URL is the page's,
    else the page's only media object; None when several compete."""
    wanted = {u.split("#")[0].rstrip("/") for u in page_urls}
    media = [node for node in nodes if types_of(node) & MEDIA_TYPES]
    for node in media:
        if wanted & _urls_of(node):
            return node
    return media[0] if len(media) == 1 else None
