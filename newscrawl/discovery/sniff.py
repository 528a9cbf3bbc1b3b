"""Tell what a fetched start URL is: a sitemap, a feed or an HTML page."""

from __future__ import annotations

import re
from enum import StrEnum

from newscrawl.discovery.xml import SourceError, maybe_gunzip


class SourceKind(StrEnum):
    """What kind of document a start URL served."""

    SITEMAP = "sitemap"
    FEED = "feed"
    HTML = "html"
    UNKNOWN = "unknown"


_ROOT_TAG = re.compile(rb"<(?:[A-Za-z0-9_-]+:)?([A-Za-z]+)[\s>/]")
_SKIP = re.compile(rb"\s*(?:<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>|\s)*", re.S | re.I)


def sniff_source(data: bytes, content_type: str | None = None) -> SourceKind:
    """Classify a document by its first element (and content type as a tie-break).

    >>> sniff_source(b'<?xml version="1.0"?><urlset xmlns="x"></urlset>').value
    'sitemap'
    >>> sniff_source(b'<rss version="2.0"><channel/></rss>').value
    'feed'
    >>> sniff_source(b'<!doctype html><html><body>hi</body></html>').value
    'html'
    """
    try:
        head = maybe_gunzip(data)[:4096]
    except SourceError:
        return SourceKind.UNKNOWN
    ctype = (content_type or "").lower()
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] == b"{" and ("json" in ctype or b'"items"' in head or b"jsonfeed" in head):
        return SourceKind.FEED
    match = _ROOT_TAG.search(stripped, _SKIP.match(stripped).end())  # type: ignore[union-attr]
    root = match.group(1).lower() if match else b""
    if root in (b"urlset", b"sitemapindex"):
        return SourceKind.SITEMAP
    if root in (b"rss", b"feed", b"rdf"):
        return SourceKind.FEED
    if root in (b"html", b"head", b"body") or "html" in ctype:
        return SourceKind.HTML
    return SourceKind.UNKNOWN
