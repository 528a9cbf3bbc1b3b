"""Safe, bounded XML parsing for sitemaps and feeds fetched from the web."""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

# Decompressed sitemaps may be at most this big (the sitemap protocol allows 50 MB).
MAX_XML_BYTES = 50 * 1024 * 1024


class SourceError(ValueError):
    """A sitemap or feed that cannot be read; the message says why."""


def gunzip_bounded(data: bytes, limit: int = MAX_XML_BYTES) -> bytes:
    """Decompress gzip ``data``, refusing output past ``limit`` bytes (gzip bombs)."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(data, limit + 1)
    except zlib.error as exc:
        raise SourceError(f"corrupt gzip data: {exc}") from exc
    if len(out) > limit or decompressor.unconsumed_tail:
        raise SourceError(f"gzip data expands past {limit} bytes")
    return out


def maybe_gunzip(data: bytes, limit: int = MAX_XML_BYTES) -> bytes:
    """Return ``data`` decompressed when it is gzip, else unchanged."""
    if data[:2] == b"\x1f\x8b":
        return gunzip_bounded(data, limit)
    return data


_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "load_dtd": False,
    "remove_comments": True,
}


@dataclass(frozen=True)
class ParsedXml:
    """A parsed document; ``problem`` says what was wrong when only part of it could be read."""

    root: etree._Element
    problem: str | None = None


def checked_xml(data: bytes, limit: int = MAX_XML_BYTES) -> bytes:
    """``data`` decompressed and checked before parsing: SourceError when it is empty, larger
    than ``limit`` or declares entities."""
    data = maybe_gunzip(data, limit)
    if len(data) > limit:
        raise SourceError(f"document larger than {limit} bytes")
    if not data.strip():
        raise SourceError("empty document")
    if b"<!ENTITY" in data[:65536]:
        raise SourceError("XML entity declarations are refused (possible entity-expansion attack)")
    return data


def parse_xml(data: bytes, limit: int = MAX_XML_BYTES) -> ParsedXml:
    """Parse untrusted XML without entity expansion, network access or unbounded input.

    Well-formed XML is parsed strictly. Malformed XML (a truncated sitemap, say) is read as far
    as possible and the result carries the parse error as its ``problem``; a document with
    nothing readable raises SourceError.
    """
    data = checked_xml(data, limit)
    try:
        root = etree.parse(io.BytesIO(data), etree.XMLParser(**_PARSER_OPTIONS)).getroot()
        problem = None
    except etree.XMLSyntaxError as exc:
        problem = f"malformed XML, read in part: {exc}"
        try:
            parser = etree.XMLParser(recover=True, **_PARSER_OPTIONS)
            root = etree.parse(io.BytesIO(data), parser).getroot()
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            raise SourceError(f"invalid XML: {exc}") from exc
    return ParsedXml(root, problem)


_LOCAL_NAMES: dict[str, str] = {}
_LOCAL_NAMES_KEPT = 4096  # a document with more tag names than this is looked up uncached


def local_name(element: etree._Element) -> str:
    """Tag name without namespace, lowercased."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rsplit("}", 1)[-1].lower()
        if len(_LOCAL_NAMES) < _LOCAL_NAMES_KEPT:
            _LOCAL_NAMES[tag] = name
    return name


def child_text(element: etree._Element, name: str) -> str | None:
    """Text of the first direct child named ``name`` (namespace ignored)."""
    for child in element:
        if local_name(child) == name:
            text = "".join(child.itertext()).strip()
            return text or None
    return None


class XmlStream:
    """An untrusted XML document read element by element (lxml ``iterparse``, recovering from
    errors), so that a 50 MB sitemap never becomes one tree in memory.

    ``root_name`` is known at once; :meth:`elements` yields the wanted elements as each one
    ends, then clears it; ``problem`` says what was wrong once the stream is read (None for
    well-formed XML). SourceError when the document is refused or has no element at all.
    """

    def __init__(self, data: bytes, limit: int = MAX_XML_BYTES) -> None:
        self._events = etree.iterparse(
            io.BytesIO(checked_xml(data, limit)), events=("start", "end"), recover=True, **_PARSER_OPTIONS
        )
        self._depth = 0
        try:
            for event, element in self._events:
                if event == "start":
                    self.root_name = local_name(element)
                    self._depth = 1
                    break
            else:
                raise SourceError(f"invalid XML: {self.problem or 'no element'}")
        except etree.XMLSyntaxError as exc:
            raise SourceError(f"invalid XML: {exc}") from exc

    @property
    def problem(self) -> str | None:
        """The first parse error, if any, as "malformed XML, read in part: …"."""
        errors = self._events.error_log.filter_from_errors()
        if not errors:
            return None
        first = errors[0]
        return f"malformed XML, read in part: {first.message}, line {first.line}, column {first.column}"

    def elements(self, names: frozenset[str], depth: int | None = None) -> Iterator[etree._Element]:
        """Each element whose local name is in ``names`` (at ``depth`` below the root, 1 = its
        children, when given), complete; cleared, with what came before it, once the caller
        asks for the next."""
        try:
            for event, element in self._events:
                if event == "start":
                    self._depth += 1
                    continue
                self._depth -= 1
                if (depth is None or self._depth == depth) and local_name(element) in names:
                    yield element
                    element.clear(keep_tail=False)
                    parent = element.getparent()
                    if parent is not None:
                        while element.getprevious() is not None:
                            del parent[0]
        except etree.XMLSyntaxError:
            return  # recorded in the error log: see ``problem``


def child_texts(element: etree._Element) -> dict[str, str]:
    """The text of each direct child by local name (the first of each name; empty ones left out)."""
    texts: dict[str, str] = {}
    for child in element:
        name = local_name(child)
        if name and name not in texts:
            text = (child.text or "") if len(child) == 0 else "".join(child.itertext())
            text = text.strip()
            if text:
                texts[name] = text
    return texts
