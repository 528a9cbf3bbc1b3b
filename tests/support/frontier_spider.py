"""A small spider for the shared-frontier tests: follows every link of a CountingSite.

Run as ``scrapy crawl frontier_test -a base=http://127.0.0.1:PORT`` with
``-s SPIDER_MODULES=newscrawl.spiders,tests.support.frontier_spider``; one item per page
(``{"url", "worker"}``), one per failed request (``{"url", "failed": true}``).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure


class FrontierTestSpider(scrapy.Spider):
    name = "frontier_test"

    def __init__(self, *args: Any, base: str = "", extra: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.base = base.rstrip("/")
        self.extra = [p for p in extra.split(",") if p]

    async def start(self) -> AsyncIterator[Any]:
        yield scrapy.Request(f"{self.base}/index", callback=self.parse, errback=self.failed, priority=10)
        for path in self.extra:
            yield scrapy.Request(f"{self.base}{path}", callback=self.parse, errback=self.failed)

    def parse(self, response: Response) -> Iterator[Any]:
        self.crawler.stats.inc_value("newscrawl/pages/fetched")  # what the run's verdict counts as read
        yield {"url": response.url, "worker": os.getpid()}
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, callback=self.parse, errback=self.failed)

    def failed(self, failure: Failure) -> Iterator[Any]:
        yield {"url": failure.request.url, "failed": True}  # type: ignore[attr-defined]
