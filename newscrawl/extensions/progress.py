"""A one-line progress log at a fixed interval while a crawl runs (``NEWSCRAWL_PROGRESS_INTERVAL``)."""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

from newscrawl.extensions.manifest import summarize

logger = logging.getLogger(__name__)


def progress_line(counts: dict[str, Any], queued: int, in_flight: int, rate: float) -> str:
    """The progress message, from the manifest's counts (see ``manifest.summarize``)."""
    return (
        f"Progress: {counts['pages_fetched']} pages fetched, {counts['articles_written']} articles written,"
        f" {sum(counts['duplicates'].values())} duplicates, {counts['rejects']} rejects,"
        f" {queued} queued, {in_flight} in flight, {rate:.1f} pages/s"
    )


class CrawlProgress:
    """Logs, every ``interval`` seconds at INFO, what the crawl has done so far."""

    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.task: Any = None
        self._last_pages = 0
        self._last_time = 0.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlProgress:
        interval = crawler.settings.getfloat("NEWSCRAWL_PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured("NEWSCRAWL_PROGRESS_INTERVAL is 0: no progress log")
        extension = cls(crawler, interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        self._last_time = time.monotonic()
        self.task = create_looping_call(self.log_progress)
        self.task.start(self.interval, now=False)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()

    def queue_sizes(self) -> tuple[int, int]:
        """(requests waiting in the scheduler, requests being downloaded)."""
        engine = self.crawler.engine
        if engine is None:
            return 0, 0
        scheduler = engine.scheduler
        queued = len(scheduler) if scheduler is not None and hasattr(scheduler, "__len__") else 0
        return queued, len(engine.downloader.active)

    def log_progress(self) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        counts = summarize(stats)
        now = time.monotonic()
        elapsed = max(now - self._last_time, 1e-6)
        rate = (counts["pages_fetched"] - self._last_pages) / elapsed
        self._last_pages, self._last_time = counts["pages_fetched"], now
        queued, in_flight = self.queue_sizes()
        logger.info(progress_line(counts, queued, in_flight, rate))
