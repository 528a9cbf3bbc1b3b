"""Discovery: pure parsers for robots.txt, sitemaps, feeds and homepage links (no Scrapy)."""

from __future__ import annotations

from newscrawl.discovery.entries import SourceEntry
from newscrawl.discovery.feeds import FeedDocument, parse_feed
from newscrawl.discovery.sitemaps import SitemapDocument, parse_sitemap
from newscrawl.discovery.sniff import SourceKind, sniff_source

__all__ = [
    "FeedDocument",
    "SitemapDocument",
    "SourceEntry",
    "SourceKind",
    "parse_feed",
    "parse_sitemap",
    "sniff_source",
]
