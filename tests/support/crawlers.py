"""Crawlers for unit tests of components: newscrawl's own settings (with their defaults) on
Scrapy's ``get_crawler``, and the crawl state built the way the extension manager builds it."""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawl.extensions.crawlstate import CrawlState


def newscrawl_settings(**overrides: Any) -> dict[str, Any]:
    """The ``NEWSCRAWL_*`` settings of newscrawl.settings, with ``overrides``."""
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    own = {name: settings[name] for name in settings if name.startswith("NEWSCRAWL_")}
    return {**own, **overrides}


def project_crawler(spidercls: type[Spider] | None = None, **overrides: Any) -> Crawler:
    """A crawler with newscrawl's settings (``overrides`` on top)."""
    return get_crawler(spidercls, settings_dict=newscrawl_settings(**overrides))


def open_state(crawler: Crawler) -> CrawlState:
    """The crawl state of ``crawler``, opened (its ledger included) as at the start of a crawl."""
    return CrawlState.from_crawler(crawler)
