"""RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed readers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from newscrawl.discovery.entries import SourceEntry
from newscrawl.discovery.xml import SourceError, XmlStream, child_texts, local_name
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


_RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"


def _atom_entries(xml: XmlStream) -> Iterator[SourceEntry]:
    for entry in xml.elements(frozenset({"entry"}), depth=1):
        link = _atom_link(entry)
        if link:
            texts = child_texts(entry)
            yield SourceEntry(
                url=link,
                published=parse_source_date(texts.get("published")),
                modified=parse_source_date(texts.get("updated")),
                title=texts.get("title"),
                keywords=_categories(entry),
            )


def _rss_entries(xml: XmlStream) -> Iterator[SourceEntry]:
    for item in xml.elements(frozenset({"item"})):  # RSS 2.0: in <channel>; RSS 1.0: in the root
        texts = child_texts(item)
        link = texts.get("link") or item.get(_RDF_ABOUT)
        if not link:
            guid = texts.get("guid")
            link = guid if guid and guid.startswith("http") else None
        if not link:
            continue
        yield SourceEntry(
            url=link.strip(),
            published=parse_source_date(texts.get("pubdate") or texts.get("date")),
            modified=parse_source_date(texts.get("updated")),
            title=texts.get("title"),
            keywords=_categories(item),
        )


def _json_entries(items: list[Any]) -> Iterator[SourceEntry]:
    for item in items:
        if not isinstance(item, dict):
            continue
        url = item.get("url") or item.get("external_url")
        if not isinstance(url, str) or not url:
            continue
        tags = item.get("tags")
        tags = tags if isinstance(tags, list) else []
        yield SourceEntry(
            url=url,
            published=parse_source_date(str(item.get("date_published") or "")),
            modified=parse_source_date(str(item.get("date_modified") or "")),
            title=item.get("title") if isinstance(item.get("title"), str) else None,
            keywords=tuple(str(t) for t in tags if t),
        )


class FeedStream:
    """A feed read entry by entry: ``entries()`` as the document is parsed (an XML feed in
    bounded memory), ``problem`` once they are all read. SourceError when it is no feed."""

    def __init__(self, data: bytes) -> None:
        self._xml: XmlStream | None = None
        self._items: list[Any] = []
        if data.lstrip()[:1] in (b"{", b"["):
            try:
                document: Any = json.loads(data)
            except (ValueError, UnicodeDecodeError) as exc:
                raise SourceError(f"invalid JSON feed: {exc}") from exc
            items = document.get("items") if isinstance(document, dict) else None
            if not isinstance(items, list):
                raise SourceError("invalid JSON feed: no items list")
            self._items = items
            return
        self._xml = XmlStream(data)
        kind = self._xml.root_name
        if kind not in ("feed", "rss", "rdf"):
            what = " (an HTML page)" if kind in ("html", "head", "body") else ""
            raise SourceError(f"not a feed: root element <{kind or '?'}>{what}")

    @property
    def problem(self) -> str | None:
        return self._xml.problem if self._xml is not None else None

    def entries(self) -> Iterator[SourceEntry]:
        """The feed's items that name a URL, in document order."""
        if self._xml is None:
            return _json_entries(self._items)
        if self._xml.root_name == "feed":
            return _atom_entries(self._xml)
        return _rss_entries(self._xml)


def read_feed(data: bytes) -> FeedStream:
    """Start reading an RSS, Atom or JSON feed; raises SourceError when it is none of them."""
    return FeedStream(data)


def parse_feed(data: bytes) -> FeedDocument:
    """Entries of an RSS, Atom or JSON feed at once; raises SourceError when it is none of them."""
    stream = read_feed(data)
    entries = list(stream.entries())
    return FeedDocument(entries, stream.problem)
