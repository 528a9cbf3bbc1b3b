"""A crawl extension for ``memory_bench.py --tracemalloc``: what grew while the crawl ran.

Starts :mod:`tracemalloc` when the spider opens, snapshots after ``MEMTRACE_FIRST`` responses
(default 1000) and after ``MEMTRACE_LAST`` responses (default: when the spider closes), and logs the 25 allocation sites (file:line) that
grew most between the two, with their size and count. Benchmarks only; not a newscrawl component.
"""

from __future__ import annotations

import logging
import tracemalloc
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

logger = logging.getLogger("memtrace")


class MemoryTrace:
    def __init__(self, crawler: Crawler) -> None:
        self.first_at = crawler.settings.getint("MEMTRACE_FIRST", 1000)
        self.last_at = crawler.settings.getint("MEMTRACE_LAST", 0)
        self.responses = 0
        self.first: tracemalloc.Snapshot | None = None
        self.reported = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MemoryTrace:
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.response, signal=signals.response_received)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider: Any) -> None:
        tracemalloc.start(4)

    def response(self, **kwargs: Any) -> None:
        self.responses += 1
        if self.responses == self.first_at:
            self.first = tracemalloc.take_snapshot()
            logger.info("memtrace: first snapshot after %d responses", self.responses)
        elif self.responses == self.last_at:
            self.report()

    def closed(self, spider: Any) -> None:
        self.report()

    def report(self) -> None:
        if self.first is None or self.reported:
            return
        self.reported = True
        last = tracemalloc.take_snapshot()
        logger.info(
            "memtrace: %d responses; traced now %.1f MB",
            self.responses,
            tracemalloc.get_traced_memory()[0] / 1e6,
        )
        for stat in last.compare_to(self.first, "lineno")[:25]:
            logger.info("memtrace: %s", stat)
        for stat in last.compare_to(self.first, "traceback")[:6]:
            logger.info("memtrace: %s\n%s", stat, "\n".join(stat.traceback.format()))
