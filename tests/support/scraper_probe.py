"""A crawl extension for tests: the most responses the scraper held at once.

Samples the scraper slot (its queue and active set, as Scrapy's engine status reports them)
every 2 ms and whenever a response is downloaded, and writes ``{"peak": N}`` to the file named
by the ``SCRAPER_PROBE_FILE`` setting when the spider closes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from twisted.internet import task


class ScraperProbe:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.path = Path(crawler.settings.get("SCRAPER_PROBE_FILE"))
        self.peak = 0
        self.timer = task.LoopingCall(self.sample)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ScraperProbe:
        probe = cls(crawler)
        crawler.signals.connect(probe.opened, signal=signals.spider_opened)
        crawler.signals.connect(probe.sample, signal=signals.response_downloaded)
        crawler.signals.connect(probe.closed, signal=signals.spider_closed)
        return probe

    def opened(self, spider: Any) -> None:
        self.timer.start(0.002)

    def sample(self, **_: Any) -> None:
        slot = self.crawler.engine.scraper.slot if self.crawler.engine else None
        if slot is not None:
            self.peak = max(self.peak, len(slot.queue) + len(slot.active))

    def closed(self, spider: Any) -> None:
        if self.timer.running:
            self.timer.stop()
        self.path.write_text(json.dumps({"peak": self.peak}), encoding="utf-8")
