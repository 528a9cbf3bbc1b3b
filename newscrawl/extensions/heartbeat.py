"""Reactor heartbeat: how long the crawl's event loop was ever kept from serving downloads.

A looping call ticks every ``NEWSCRAWL_HEARTBEAT_INTERVAL`` seconds; a tick that comes late
means something (a callback, a parse, a lookup) held the reactor that long, and meanwhile no
response was read and no download timeout could fire. The longest gap between ticks, less the
interval, is the stat ``newscrawl/reactor/max_stall_s``, which the run manifest reports as
``max_reactor_stall_s``. With it goes the CPU time the reactor thread spent in that stall
(``newscrawl/reactor/max_stall_cpu_s``, manifest ``max_reactor_stall_cpu_s``): close to the stall,
the crawl's own work held the reactor; far below it, the thread waited for a core (a loaded
machine) or for the GIL. The peak resident memory of the crawl's process (``VmHWM``) goes to
``newscrawl/memory/peak_rss_mb`` (manifest ``peak_rss_mb``).
"""

from __future__ import annotations

import gc
import logging
import time
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

logger = logging.getLogger(__name__)

STALL_STAT = "newscrawl/reactor/max_stall_s"
STALL_CPU_STAT = "newscrawl/reactor/max_stall_cpu_s"
PEAK_RSS_STAT = "newscrawl/memory/peak_rss_mb"
# A stall this long is logged as it is noticed.
WARN_STALL_S = 1.0


def peak_rss_mb() -> float | None:
    """The peak resident set size of this process (``VmHWM``) in MiB; None where /proc lacks it."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        return None
    return None


class ReactorHeartbeat:
    """Extension: records the longest reactor stall and the process's peak memory in the stats."""

    def __init__(self, crawler: Crawler, interval: float, freeze_gc: bool = True) -> None:
        self.crawler = crawler
        self.freeze_gc = freeze_gc
        self.interval = interval
        self.max_stall = 0.0
        self.max_stall_cpu = 0.0
        self._last: float | None = None
        self._last_cpu = 0.0
        self._call: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReactorHeartbeat:
        interval = crawler.settings.getfloat("NEWSCRAWL_HEARTBEAT_INTERVAL")
        if interval <= 0:
            raise NotConfigured("NEWSCRAWL_HEARTBEAT_INTERVAL is 0")
        extension = cls(crawler, interval, crawler.settings.getbool("NEWSCRAWL_GC_FREEZE"))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        if self.freeze_gc:
            # What start-up built (modules, settings, the spider) lives as long as the crawl: a
            # full garbage collection need not walk it every time (it took 0.5 s with a big
            # frontier). Reference counting still frees it.
            gc.freeze()
        self._last = time.monotonic()
        self._last_cpu = time.thread_time()
        self._call = create_looping_call(self.tick)
        self._call.start(self.interval, now=False)

    def tick(self) -> None:
        """One heartbeat (on the reactor thread): note how late it came, and how much CPU the
        thread used meanwhile."""
        now, cpu = time.monotonic(), time.thread_time()
        if self._last is not None:
            stall = max(0.0, now - self._last - self.interval)
            if stall > self.max_stall:
                self.max_stall = stall
                self.max_stall_cpu = min(stall, max(0.0, cpu - self._last_cpu))
                if self.crawler.stats is not None:
                    self.crawler.stats.set_value(STALL_STAT, round(stall, 3))
                    self.crawler.stats.set_value(STALL_CPU_STAT, round(self.max_stall_cpu, 3))
                if stall >= WARN_STALL_S:
                    logger.warning(
                        "The reactor was blocked for %.1f s (%.1f s of CPU in its thread)",
                        stall,
                        self.max_stall_cpu,
                    )
        self._last, self._last_cpu = now, cpu

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self._call is not None and self._call.running:
            self._call.stop()
        self.tick()  # a stall that lasted until the close counts too
        stats = self.crawler.stats
        if stats is not None:
            stats.set_value(STALL_STAT, round(self.max_stall, 3))
            stats.set_value(STALL_CPU_STAT, round(self.max_stall_cpu, 3))
            rss = peak_rss_mb()
            if rss is not None:
                stats.set_value(PEAK_RSS_STAT, rss)
