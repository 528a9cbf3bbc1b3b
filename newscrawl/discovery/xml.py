"""Safe, bounded XML parsing for sitemaps and feeds fetched from the web."""

from __future__ import annotations

import io
import zlib
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


def parse_xml(data: bytes, limit: int = MAX_XML_BYTES) -> ParsedXml:
    """Parse untrusted XML without entity expansion, network access or unbounded input.

    Well-formed XML is parsed strictly. Malformed XML (a truncated sitemap, say) is read as far
    as possible and the result carries the parse error as its ``problem``; a document with
    nothing readable raises SourceError.
    """
    data = maybe_gunzip(data, limit)
    if len(data) > limit:
        raise SourceError(f"document larger than {limit} bytes")
    if not data.strip():
        raise SourceError("empty document")
    if b"<!ENTITY" in data[:65536]:
        raise SourceError("XML entity declarations are refused (possible entity-expansion attack)")
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


def local_name(element: etree._Element) -> str:
    """Tag name without namespace, lowercased."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def child_text(element: etree._Element, name: str) -> str | None:
    """Text of the first direct child named ``name`` (namespace ignored)."""
    for child in element:
        if local_name(child) == name:
            text = "".join(child.itertext()).strip()
            return text or None
    return None
