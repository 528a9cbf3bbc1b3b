"""Skip a linked page before download when a sitemap or feed dated it outside since/until.

Links and sitemap entries are read concurrently: a homepage link to an old article is often
scheduled before the sitemap that dates it is parsed. The spider keeps the canonical URLs its
sources dated outside the window; this middleware drops requests for them as they reach the
downloader (counted as ``skipped/out_of_window``, not as rejects: nothing was fetched).
"""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.crawler import Crawler

from newscrawl.middlewares.skipped import SkippedRequest
from newscrawl.normalize.urls import canonicalize_url


class OutsideWindow(SkippedRequest):
    """A sitemap or feed dated this page outside the crawl's since/until."""


class SourceWindowMiddleware:
    """Downloader middleware: drop requests for pages dated outside since/until by a source."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SourceWindowMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        spider = spider or self.crawler.spider
        outside: set[str] | None = getattr(spider, "outside_window", None)
        if not outside or "newscrawl_entry" in request.meta:
            return None
        if canonicalize_url(request.url) in outside:
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("newscrawl/skipped/out_of_window")
            raise OutsideWindow(f"dated outside since/until by a sitemap or feed: {request.url}")
        return None
