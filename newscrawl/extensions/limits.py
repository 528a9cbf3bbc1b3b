"""Stop the crawl once ``max_articles`` articles are written, as Scrapy's CloseSpider does for
``CLOSESPIDER_ITEMCOUNT``: count the articles the pipelines let through (``item_scraped``: the
store pipeline is the last one, so each is a written article) and close the spider with the
reason ``max_articles``. Articles already in flight are refused by the store
(:meth:`~newscrawl.spiders.arguments.CrawlLimits.allows_more`), so no more than the limit is
written.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro

from newscrawl.extensions.crawlstate import crawl_state

logger = logging.getLogger(__name__)


class ArticleLimit:
    """Closes the spider when the run's ``max_articles`` are written."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.written = 0
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticleLimit:
        extension = cls(crawler)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        return extension

    def item_scraped(self, **_: Any) -> None:
        self.written += 1
        limits = crawl_state(self.crawler).limits
        if self.closing or limits.allows_more(self.written) or self.crawler.engine is None:
            return
        self.closing = True
        logger.info("max_articles=%d reached, closing the crawl", self.written)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="max_articles"))
