"""RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed readers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from newscrawl.discovery.entries import SourceEntry
from newscrawl.discovery.xml import SourceError, child_text, local_name, parse_xml
from newscrawl.normalize.dates import parse_source_date


def _atom_link(entry: etree._Element) -> str | None:
    fallback = None
    for child in entry:
        if local_name(child) != "link":
            continue
        href = child.get("href")
        if not href:
            continue
        rel = child.get("rel", "alternate")
        if rel == "alternate":
            return href.strip()
        fallback = fallback or href.strip()
    return fallback


def _categories(item: etree._Element) -> tuple[str, ...]:
    found = []
    for child in item:
        if local_name(child) in ("category", "subject"):
            value = (child.get("term") or "".join(child.itertext())).strip()
            if value:
                found.append(value)
    return tuple(found)


@dataclass
class FeedDocument:
    """The entries of a feed; ``problem`` is set when it was malformed and only partly read."""

    entries: list[SourceEntry] = field(default_factory=list)
    problem: str | None = None


def _parse_xml_feed(root: etree._Element) -> list[SourceEntry]:
    kind = local_name(root)
    entries: list[SourceEntry] = []
    if kind == "feed":  # Atom
        for entry in root:
            if local_name(entry) != "entry":
                continue
            link = _atom_link(entry)
            if link:
                entries.append(
                    SourceEntry(
                        url=link,
                        published=parse_source_date(child_text(entry, "published")),
                        modified=parse_source_date(child_text(entry, "updated")),
                        title=child_text(entry, "title"),
                        keywords=_categories(entry),
                    )
                )
        return entries
    if kind not in ("rss", "rdf"):
        what = " (an HTML page)" if kind in ("html", "head", "body") else ""
        raise SourceError(f"not a feed: root element <{kind or '?'}>{what}")
    items = root.iter("{*}item", "item")
    for item in items:
        link = child_text(item, "link") or item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
        if not link:
            guid = child_text(item, "guid")
            link = guid if guid and guid.startswith("http") else None
        if not link:
            continue
        entries.append(
            SourceEntry(
                url=link.strip(),
                published=parse_source_date(child_text(item, "pubdate") or child_text(item, "date")),
                modified=parse_source_date(child_text(item, "updated")),
                title=child_text(item, "title"),
                keywords=_categories(item),
            )
        )
    return entries


def _parse_json_feed(data: bytes) -> list[SourceEntry]:
    try:
        document: Any = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SourceError(f"invalid JSON feed: {exc}") from exc
    items = document.get("items") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise SourceError("invalid JSON feed: no items list")
    entries = []
    for item in items:
        if not isinstance(item, dict):
            continue
        url = item.get("url") or item.get("external_url")
        if not isinstance(url, str) or not url:
            continue
        tags = item.get("tags")
        tags = tags if isinstance(tags, list) else []
        entries.append(
            SourceEntry(
                url=url,
                published=parse_source_date(str(item.get("date_published") or "")),
                modified=parse_source_date(str(item.get("date_modified") or "")),
                title=item.get("title") if isinstance(item.get("title"), str) else None,
                keywords=tuple(str(t) for t in tags if t),
            )
        )
    return entries


def parse_feed(data: bytes) -> FeedDocument:
    """Entries of an RSS, Atom or JSON feed; raises SourceError when it is none of them."""
    if data.lstrip()[:1] in (b"{", b"["):
        return FeedDocument(_parse_json_feed(data))
    parsed = parse_xml(data)
    return FeedDocument(_parse_xml_feed(parsed.root), parsed.problem)
