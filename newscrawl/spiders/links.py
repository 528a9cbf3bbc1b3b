"""Link following: the links of a fetched page within the site, and the feeds a start page
announces (or the common feed paths)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS

from newscrawl.discovery.links import alternate_links, scan_links
from newscrawl.discovery.urlshape import is_asset_url
from newscrawl.extraction.encoding import body_encoding
from newscrawl.middlewares.revisit import CANONICAL
from newscrawl.normalize.urls import canonicalize_url, strip_tracking
from newscrawl.spiders.batching import Slicer, Tally
from newscrawl.spiders.sources import SourceScheduling

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json")
# Paths tried on a homepage that announces no feed.
COMMON_FEED_PATHS = ("/feed", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/index.xml")
# Pages found by links come after the dated entries of sitemaps and feeds.
LINK_PRIORITY = -1
# File types never followed (Scrapy's link extractor's list: documents, archives, media).
_IGNORED = frozenset(f".{extension}" for extension in IGNORED_EXTENSIONS)


def header_text(response: Response, name: str) -> str:
    return (response.headers.get(name) or b"").decode("latin-1")


def _ignored_extension(url: str) -> bool:
    path = urlsplit(url).path.lower()
    dot = path.rfind(".")
    return dot > path.rfind("/") and path[dot:] in _IGNORED


class LinkFollowing(SourceScheduling):
    """Follows links within the site's domains (Scrapy's DEPTH_LIMIT bounds how far)."""

    @property
    def max_links(self) -> int:
        """Links one page may have followed (``NEWSCRAWL_MAX_LINKS_PER_PAGE``)."""
        return self.crawler.settings.getint("NEWSCRAWL_MAX_LINKS_PER_PAGE")

    async def follow_links(self, response: Response) -> AsyncIterator[scrapy.Request]:
        """Requests for the on-site links of a page (not assets, not pages a source dated
        outside the window), at most ``max_links``; the page is read and its links scheduled
        in slices, the reactor running in between (from its bytes: ``response.encoding`` or
        ``response.text`` would keep a decoded copy on the response). Each distinct on-site link is counted
        ``discovered/link``, and those past the cap ``skipped/link_cap``."""
        if not isinstance(response, TextResponse):
            return
        tally = Tally(self.crawler.stats, self.site_for)
        slicer = Slicer()
        seen: set[str] = set()
        followed = capped = 0
        encoding = body_encoding(response.body, header_text(response, "Content-Type"))
        for batch in scan_links(response.body, response.url, encoding):
            for link in batch:
                url = strip_tracking(link)
                if url in seen:
                    continue
                seen.add(url)
                try:
                    if is_asset_url(url) or _ignored_extension(url) or not self.url_allowed(url):
                        continue
                except ValueError:  # e.g. a malformed IPv6 host
                    self.count("skipped/bad_url")
                    continue
                tally.add("discovered/link", url)
                if followed >= self.max_links:
                    tally.add("skipped/link_cap", url)
                    capped += 1
                    continue
                canonical = canonicalize_url(url)
                if canonical in self.outside_window:
                    tally.add("skipped/out_of_window", url)
                    continue
                request = self.article_request(url, LINK_PRIORITY, {CANONICAL: canonical})
                if request is not None:
                    followed += 1
                    yield request
            if await slicer.pause_if_due():
                tally.flush()
        tally.flush()
        if capped:
            self.log_cap(response.url, followed, capped, "links", "NEWSCRAWL_MAX_LINKS_PER_PAGE")

    def feed_links(self, response: Response) -> Iterator[scrapy.Request]:
        """Feeds a start page announces (``<link rel="alternate">`` in its head), else the common
        feed paths. The head is read from the body's bytes (``response.css`` would parse the whole
        page and keep the tree on the response while its links are followed)."""
        if not isinstance(response, TextResponse):
            return
        announced = False
        encoding = body_encoding(response.body, header_text(response, "Content-Type"))
        for kind, href in alternate_links(response.body, encoding):
            if kind in FEED_TYPES:
                try:
                    url = urljoin(response.url, href)
                except ValueError:
                    self.count("skipped/bad_url")
                    continue
                if self.url_allowed(url, listing=True):
                    announced = True
                    yield from self.source_requests([url], self.parse_feed)
        if not announced and not self.start_feeds:
            for path in COMMON_FEED_PATHS:
                request = self.source_request(urljoin(response.url, path), self.parse_feed)
                request.meta["newscrawl_guessed"] = True
                yield request.replace(errback=self.on_source_error)
