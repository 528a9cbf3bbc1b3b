"""Sources: robots.txt, sitemaps (and indexes) and feeds, read and turned into article requests,
newest first, inside the date window (:class:`~newscrawl.spiders.arguments.CrawlLimits`)."""

from __future__ import annotations

import heapq
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, Self
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK

from newscrawl.discovery import SourceEntry, read_feed, read_sitemap
from newscrawl.discovery.sitemaps import sitemaps_from_robots
from newscrawl.discovery.xml import MAX_XML_BYTES, SourceError
from newscrawl.middlewares.revisit import CANONICAL
from newscrawl.normalize.urls import canonicalize_url, host_matches, strip_tracking
from newscrawl.spiders.batching import Slicer, Tally
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
        self._robots_seen: set[str] = set()  # origins whose robots.txt the spider fetched itself
        self._robots_wanted: set[str] = set()  # hosts whose robots.txt sitemaps are to be read
        self._robots_done: set[str] = set()  # hosts whose robots.txt sitemaps were scheduled
        # host -> (robots.txt was a 2xx answer, the sitemaps it lists), as the robots.txt check read it
        self._robots_listed: dict[str, tuple[bool, list[str]]] = {}
        self._robots_shared: bool | None = None

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, cls)
        crawler.signals.connect(spider.robots_checked, signal=signals.response_received)
        return spider

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

    def robots_request(self, url: str, from_start: bool = False) -> Iterator[scrapy.Request]:
        """The sitemaps ``url``'s robots.txt declares, once per host (``url`` as a request holds
        it: host lowercased, IDNA-encoded).

        robots.txt is fetched once: when Scrapy's robots.txt check runs (``ROBOTSTXT_OBEY``), its
        own fetch is read (see :meth:`robots_checked`) and the sitemaps are scheduled when it
        arrives, or now if it has; otherwise the spider requests robots.txt itself.
        ``from_start``: asked by :meth:`start`, where the sitemaps go to the engine rather than
        being yielded (a shared run queues only the seeding worker's start requests)."""
        parts = urlsplit(url)
        if self._robots_checked_by_scrapy():
            host = parts.netloc
            if host in self._robots_done:
                return
            self._robots_wanted.add(host)
            if host not in self._robots_listed:
                return  # scheduled by robots_checked when the check fetches it
            requests = self._robots_sitemaps(host)
            if from_start:
                for request in requests:
                    self.crawler.engine.crawl(request)
            else:
                yield from requests
            return
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

    def _robots_sitemaps(self, host: str) -> list[scrapy.Request]:
        """The sitemap requests of ``host``'s checked robots.txt, once (a robots.txt that was not
        a 2xx answer lists none: counted as ``sources/robots_unavailable``)."""
        self._robots_done.add(host)
        ok, listed = self._robots_listed.pop(host)
        if not ok:
            self.count("sources/robots_unavailable")
        return list(self.source_requests(listed, self.parse_sitemap))

    def _robots_checked_by_scrapy(self) -> bool:
        """Whether Scrapy's robots.txt middleware runs in this crawl (it fetches robots.txt of
        every host the crawl requests)."""
        if self._robots_shared is None:
            try:
                engine = self.crawler.engine
            except (AttributeError, RuntimeError):  # not crawling yet: decided when the crawl runs
                return False
            if engine is None:
                return False
            middlewares = engine.downloader.middleware.middlewares
            self._robots_shared = any(isinstance(mw, RobotsTxtMiddleware) for mw in middlewares)
        return self._robots_shared

    def robots_checked(self, response: Response, request: scrapy.Request, **_: Any) -> None:
        """Signal ``response_received``: the robots.txt Scrapy's robots.txt check fetched. Its
        sitemaps are scheduled if the host's are wanted, else kept until they are (one short
        list per host the crawl requests)."""
        if request.callback is not NO_CALLBACK or not request.meta.get("dont_obey_robotstxt"):
            return
        first = urlsplit(str((request.meta.get("redirect_urls") or [request.url])[0]))
        if first.path != "/robots.txt" or first.query or first.netloc in self._robots_done:
            return
        ok = 200 <= response.status < 300
        listed = sitemaps_from_robots(getattr(response, "text", "")) if ok else []
        self._robots_listed[first.netloc] = (ok, listed)
        if first.netloc in self._robots_wanted:
            for sitemap in self._robots_sitemaps(first.netloc):
                self.crawler.engine.crawl(sitemap)

    def parse_robots(self, response: Response) -> Iterator[Any]:
        """robots.txt the spider fetched itself: schedule the sitemaps it declares."""
        yield from self.source_requests(
            sitemaps_from_robots(getattr(response, "text", "")), self.parse_sitemap
        )

    async def parse_sitemap(self, response: Response) -> AsyncIterator[Any]:
        """A sitemap or sitemap index: schedule children and articles, newest first (read and
        scheduled in slices, at most ``NEWSCRAWL_MAX_ENTRIES_PER_SOURCE``)."""
        try:
            document = read_sitemap(response.body)
        except SourceError as exc:
            self.bad_source(response, "bad_sitemap", str(exc))
            return
        self.crawler.stats.inc_value("newscrawl/sources/sitemaps")
        if document.is_index:
            async for request in self.schedule_sitemaps(document.entries(), response.url):
                yield request
        else:
            async for request in self.schedule_entries(document.entries(), "sitemap", response.url):
                yield request
        if document.problem:
            self.bad_source(response, "malformed_sitemap", document.problem)

    async def parse_feed(self, response: Response) -> AsyncIterator[Any]:
        """An RSS, Atom or JSON feed: schedule its articles, newest first (in slices, at most
        ``NEWSCRAWL_MAX_ENTRIES_PER_SOURCE``)."""
        try:
            feed = read_feed(response.body)
        except SourceError as exc:
            if response.meta.get("newscrawl_guessed"):  # a guessed path that is not a feed: normal
                self.crawler.stats.inc_value("newscrawl/sources/guessed_feed_absent")
                return
            self.bad_source(response, "bad_feed", str(exc))
            return
        self.crawler.stats.inc_value("newscrawl/sources/feeds")
        async for request in self.schedule_entries(feed.entries(), "feed", response.url):
            yield request
        if feed.problem:
            self.bad_source(response, "malformed_feed", feed.problem)

    @property
    def max_entries(self) -> int:
        """Article requests (or child sitemaps) one sitemap or feed may schedule."""
        return self.crawler.settings.getint("NEWSCRAWL_MAX_ENTRIES_PER_SOURCE")

    async def schedule_sitemaps(self, entries: Iterable[SourceEntry], source_url: str) -> AsyncIterator[Any]:
        """The child sitemaps of an index, skipping those modified before the window."""
        fresh: list[str] = []
        capped = 0
        slicer = Slicer()
        for entry in entries:
            if self.limits.modified_before_window(entry.modified):
                self.crawler.stats.inc_value("newscrawl/skipped/old_sitemap")
            elif len(fresh) < self.max_entries:
                fresh.append(entry.url)
            else:
                capped += 1
            await slicer.pause_if_due()
        if capped:
            self.crawler.stats.inc_value("newscrawl/skipped/entry_cap", capped)
            self.log_cap(source_url, len(fresh), capped, "child sitemaps", "NEWSCRAWL_MAX_ENTRIES_PER_SOURCE")
        for request in self.source_requests(fresh, self.parse_sitemap):
            yield request
            await slicer.pause_if_due()

    async def schedule_entries(
        self, entries: Iterable[SourceEntry], source: str, source_url: str
    ) -> AsyncIterator[scrapy.Request]:
        """Requests for a source's entries, newest first, skipping those outside the window; the
        newest ``max_entries`` of them (the rest counted as ``skipped/entry_cap``)."""
        tally = Tally(self.crawler.stats, self.site_for)
        slicer = Slicer()
        cap = self.max_entries
        # The newest ``cap`` entries so far, a min-heap of (day priority, -position, url, entry):
        # memory stays bounded by the cap however long the source is.
        kept: list[tuple[int, int, str, SourceEntry]] = []
        capped = 0
        for position, entry in enumerate(entries):  # the document is parsed as this loop reads it
            url = strip_tracking(entry.url)
            tally.add(f"discovered/{source}", url)
            if not self.url_allowed(url):
                tally.add("skipped/off_site_or_denied", url)
            elif not self.limits.entry_may_be_in_window(entry.published, entry.modified):
                tally.add("skipped/out_of_window", url)
                self.outside_window.add(canonicalize_url(url))  # links to it are skipped too
            elif cap > 0:
                candidate = (day_priority(entry.newest_date), -position, url, entry)
                if len(kept) < cap:
                    heapq.heappush(kept, candidate)
                else:
                    tally.add("skipped/entry_cap", heapq.heappushpop(kept, candidate)[2])
                    capped += 1
            else:
                tally.add("skipped/entry_cap", url)
                capped += 1
            if await slicer.pause_if_due():
                tally.flush()
        kept.sort()  # popped from the end: newest day first; within a day, in the source's order
        if capped:
            self.log_cap(
                source_url, len(kept), capped, f"{source} entries", "NEWSCRAWL_MAX_ENTRIES_PER_SOURCE"
            )
        while kept:
            priority, _, url, entry = kept.pop()
            meta = {"newscrawl_entry": entry, "newscrawl_hint": source, CANONICAL: canonicalize_url(url)}
            request = self.article_request(url, priority, meta)
            if request is not None:
                yield request
            if await slicer.pause_if_due():
                tally.flush()
        tally.flush()

    def log_cap(self, url: str, kept: int, skipped: int, what: str, setting: str) -> None:
        """A per-source or per-page cap was hit: said once, at INFO."""
        self.logger.info(
            "%s: scheduled %d %s, skipped %d more (the cap, %s; counted as skipped)",
            url,
            kept,
            what,
            skipped,
            setting,
        )

    def bad_source(self, response: Response, reason: str, detail: str) -> None:
        """An unreadable sitemap or feed: counted, logged and recorded (not one of the pages the
        counts add up)."""
        self.crawler.stats.inc_value(f"newscrawl/sources/{reason}")
        self.logger.warning("Unreadable source %s: %s", response.url, detail)
        self.reject(response.url, reason, detail, response.status, fetched=False)
