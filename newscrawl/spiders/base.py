"""The spider shared by the generic ``news`` spider and every site-profile spider.

It is assembled from parts with one job each (see :mod:`newscrawl.spiders.core`) and owns only
where a crawl starts: the start URLs, and whether each served a sitemap, a feed or a page.
Spiders discover and schedule; fields come from :mod:`newscrawl.extraction` and normalization
from :mod:`newscrawl.normalize.loader`. Nothing here parses article fields or talks to the ledger.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

from newscrawl.discovery import SourceKind, sniff_source
from newscrawl.spiders.failures import FailureHandling, classify_failure
from newscrawl.spiders.pages import PageHandling, content_type

__all__ = ["ArticleCrawlSpider", "classify_failure"]


class ArticleCrawlSpider(PageHandling, FailureHandling):
    """Discovers article URLs from homepages, robots.txt, sitemaps and feeds, and extracts them."""

    def initial_urls(self) -> list[str]:
        """The URLs the crawl starts from (homepages, sitemaps or feeds)."""
        return list(getattr(self, "start_urls", []) or [])

    async def start(self) -> AsyncIterator[Any]:
        for url in self.start_sitemaps:
            yield self.source_request(url, self.parse_sitemap)
        for url in self.start_feeds:
            yield self.source_request(url, self.parse_feed)
        for url in self.initial_urls():
            start = scrapy.Request(
                url,
                callback=self.parse_start,
                errback=self.on_error,
                meta={"depth": 0, "newscrawl_start": True, "newscrawl_site": self.site_for(url)},
            )
            if urlsplit(url).path in ("", "/"):  # a homepage: read its robots.txt sitemaps at once
                for request in self.robots_request(start.url, from_start=True):
                    yield request
            yield start

    async def parse_start(self, response: Response) -> AsyncIterator[Any]:
        """A start URL: decide whether it served a sitemap, a feed or an HTML page."""
        kind = sniff_source(response.body, content_type(response))
        if kind is SourceKind.SITEMAP:
            self.settle(response.url, "source")
            async for output in self.parse_sitemap(response):
                yield output
        elif kind is SourceKind.FEED:
            self.settle(response.url, "source")
            async for output in self.parse_feed(response):
                yield output
        else:
            # An HTML start page (homepage or section): its site's robots.txt lists the sitemaps.
            for request in self.robots_request(response.url):
                yield request
            async for output in self.parse_page(response):
                yield output
