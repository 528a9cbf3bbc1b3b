"""Discovery: pure parsers for robots.txt, sitemaps, feeds and homepage links (no Scrapy)."""

from __future__ import annotations

from newscrawl.discovery.entries import SourceEntry
from newscrawl.discovery.feeds import FeedDocument, FeedStream, parse_feed, read_feed
from newscrawl.discovery.sitemaps import SitemapDocument, SitemapStream, parse_sitemap, read_sitemap
from newscrawl.discovery.sniff import SourceKind, sniff_source

__all__ = [
    "FeedDocument",
    "FeedStream",
    "SitemapDocument",
    "SitemapStream",
    "SourceEntry",
    "SourceKind",
    "parse_feed",
    "parse_sitemap",
    "read_feed",
    "read_sitemap",
    "sniff_source",
]
