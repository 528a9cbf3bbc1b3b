"""Link following: the links of a fetched page within the site, and the feeds a start page
announces (or the common feed paths)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor

from newscrawl.discovery.urlshape import is_asset_url
from newscrawl.normalize.urls import canonicalize_url, strip_tracking
from newscrawl.spiders.sources import SourceScheduling

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json")
# Paths tried on a homepage that announces no feed.
COMMON_FEED_PATHS = ("/feed", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/index.xml")
# Pages found by links come after the dated entries of sitemaps and feeds.
LINK_PRIORITY = -1


class LinkFollowing(SourceScheduling):
    """Follows links within the site's domains (Scrapy's DEPTH_LIMIT bounds how far)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._link_extractor = LinkExtractor(unique=True)  # domains are checked by url_allowed

    def follow_links(self, response: Response) -> Iterator[scrapy.Request]:
        """Requests for the on-site links of a page (not assets, not pages a source dated
        outside the window)."""
        if not isinstance(response, TextResponse):
            return
        try:
            links = self._link_extractor.extract_links(response)
        except (AttributeError, ValueError):
            return
        for link in links:
            url = strip_tracking(link.url)
            if is_asset_url(url) or not self.url_allowed(url):
                continue
            self.count("discovered/link", url)
            if canonicalize_url(url) in self.outside_window:
                self.count("skipped/out_of_window", url)
                continue
            request = self.article_request(url, LINK_PRIORITY, {})
            if request is not None:
                yield request

    def feed_links(self, response: Response) -> Iterator[scrapy.Request]:
        """Feeds a start page announces (``<link rel="alternate">``), else the common feed paths."""
        if not isinstance(response, TextResponse):
            return
        announced = False
        for link in response.css("link[rel~=alternate]"):
            kind = (link.attrib.get("type") or "").lower()
            href = link.attrib.get("href")
            if href and kind in FEED_TYPES:
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
