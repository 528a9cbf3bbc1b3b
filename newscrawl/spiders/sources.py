"""Sources: robots.txt, sitemaps (and indexes) and feeds, read and turned into article requests,
newest first, inside the date window (:class:`~newscrawl.spiders.arguments.CrawlLimits`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

from newscrawl.discovery import SourceEntry, parse_feed, parse_sitemap
from newscrawl.discovery.sitemaps import sitemaps_from_robots
from newscrawl.discovery.xml import MAX_XML_BYTES, SourceError
from newscrawl.normalize.urls import canonicalize_url, host_matches, strip_tracking
from newscrawl.spiders.core import SpiderCore

# Request priorities: sources (robots.txt, sitemaps, feeds) first, so the articles they list,
# dated and newest first, are fetched before pages found by following links.
SOURCE_PRIORITY = 1_000_000


def day_priority(moment: datetime | None) -> int:
    """Request priority: newer days first; undated entries after dated ones."""
    if moment is None:
        return 0
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return int(aware.timestamp() // 86400)


class SourceScheduling(SpiderCore):
    """Reads robots.txt, sitemaps and feeds; schedules the sources and articles they list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._robots_seen: set[str] = set()

    def source_request(self, url: str, callback: Any) -> scrapy.Request:
        """A robots.txt, sitemap or feed request: first in line, not counted as link depth,
        allowed the sitemap protocol's size."""
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            meta={"newscrawl_source": True, "depth_reset": True, "download_maxsize": MAX_XML_BYTES},
            priority=SOURCE_PRIORITY,
        )

    def source_requests(self, urls: Iterable[str], callback: Any) -> Iterator[scrapy.Request]:
        """Requests for the on-site source URLs among ``urls`` (malformed ones are counted, skipped)."""
        for url in urls:
            if self.site_domains and not host_matches(url, self.site_domains):
                self.count("skipped/off_site_source")
                continue
            try:
                yield self.source_request(url, callback)
            except ValueError:
                self.count("skipped/bad_url")

    def robots_request(self, url: str) -> Iterator[scrapy.Request]:
        """The robots.txt of ``url``'s origin, once per origin (for its Sitemap lines)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin in self._robots_seen:
            return
        self._robots_seen.add(origin)
        yield scrapy.Request(
            f"{origin}/robots.txt",
            callback=self.parse_robots,
            errback=self.on_source_error,
            meta={"newscrawl_source": True, "dont_obey_robotstxt": True},
            priority=SOURCE_PRIORITY,
        )

    def parse_robots(self, response: Response) -> Iterator[Any]:
        """robots.txt: schedule the sitemaps it declares."""
        yield from self.source_requests(
            sitemaps_from_robots(getattr(response, "text", "")), self.parse_sitemap
        )

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        """A sitemap or sitemap index: schedule children and articles, newest first."""
        try:
            document = parse_sitemap(response.body)
        except SourceError as exc:
            self.bad_source(response, "bad_sitemap", str(exc))
            return
        self.crawler.stats.inc_value("newscrawl/sources/sitemaps")
        if document.problem:
            self.bad_source(response, "malformed_sitemap", document.problem)
        if document.is_index:
            fresh = []
            for entry in document.entries:
                if self.limits.modified_before_window(entry.modified):
                    self.crawler.stats.inc_value("newscrawl/skipped/old_sitemap")
                    continue
                fresh.append(entry.url)
            yield from self.source_requests(fresh, self.parse_sitemap)
            return
        yield from self.schedule_entries(document.entries, "sitemap")

    def parse_feed(self, response: Response) -> Iterator[Any]:
        """An RSS, Atom or JSON feed: schedule its articles, newest first."""
        try:
            feed = parse_feed(response.body)
        except SourceError as exc:
            if response.meta.get("newscrawl_guessed"):  # a guessed path that is not a feed: normal
                self.crawler.stats.inc_value("newscrawl/sources/guessed_feed_absent")
                return
            self.bad_source(response, "bad_feed", str(exc))
            return
        self.crawler.stats.inc_value("newscrawl/sources/feeds")
        if feed.problem:
            self.bad_source(response, "malformed_feed", feed.problem)
        yield from self.schedule_entries(feed.entries, "feed")

    def schedule_entries(self, entries: Iterable[SourceEntry], source: str) -> Iterator[scrapy.Request]:
        """Requests for a source's entries, newest first, skipping those outside the window."""
        ordered = sorted(entries, key=lambda e: day_priority(e.newest_date), reverse=True)
        for entry in ordered:
            url = strip_tracking(entry.url)
            self.count(f"discovered/{source}", url)
            if not self.url_allowed(url):
                self.count("skipped/off_site_or_denied", url)
                continue
            if not self.limits.entry_may_be_in_window(entry.published, entry.modified):
                self.count("skipped/out_of_window", url)
                self.outside_window.add(canonicalize_url(url))  # links to it are skipped too
                continue
            request = self.article_request(
                url, day_priority(entry.newest_date), {"newscrawl_entry": entry, "newscrawl_hint": source}
            )
            if request is not None:
                yield request

    def bad_source(self, response: Response, reason: str, detail: str) -> None:
        """An unreadable sitemap or feed: counted, logged and recorded (not one of the pages the
        counts add up)."""
        self.crawler.stats.inc_value(f"newscrawl/sources/{reason}")
        self.logger.warning("Unreadable source %s: %s", response.url, detail)
        self.reject(response.url, reason, detail, response.status, fetched=False)
