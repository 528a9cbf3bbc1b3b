"""What every part of a newscrawl spider shares: its arguments, site scope, counters and the
request for a page that may be an article.

The spider is assembled in :mod:`newscrawl.spiders.base` from parts with one job each:
:mod:`~newscrawl.spiders.sources` (robots.txt, sitemaps, feeds), :mod:`~newscrawl.spiders.links`
(link following), :mod:`~newscrawl.spiders.pages` (a fetched page to an item) and
:mod:`~newscrawl.spiders.failures` (failed requests). Spiders build plain requests: whether a
page is fetched again is decided by :mod:`newscrawl.middlewares.revisit`, what is written by
the pipelines.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import date
from typing import Any, ClassVar

import scrapy
from scrapy import signals
from scrapy.http import Response
from twisted.python.failure import Failure

from newscrawl.discovery.urlshape import looks_like_article_url
from newscrawl.extensions.accounting import send_outcome
from newscrawl.extensions.rejects import send_reject
from newscrawl.extraction.largepages import LargePageExtraction, LargePageLimits
from newscrawl.extraction.workers import ExtractionWorkers, worker_count
from newscrawl.items import Reject
from newscrawl.middlewares.revisit import CANDIDATE
from newscrawl.normalize.urls import host_matches, registered_domain
from newscrawl.spiders.arguments import LIMIT_ARGUMENTS, CrawlLimits, check_argument_names


class SpiderCore(scrapy.Spider):
    """Arguments, site scope and shared helpers of :class:`~newscrawl.spiders.base.ArticleCrawlSpider`."""

    site_domains: tuple[str, ...] = ()
    site_name: str | None = None
    site_timezone: str | None = None
    start_sitemaps: tuple[str, ...] = ()
    start_feeds: tuple[str, ...] = ()
    allow_patterns: tuple[str, ...] = ()
    deny_patterns: tuple[str, ...] = ()
    accepted_arguments: ClassVar[tuple[str, ...]] = LIMIT_ARGUMENTS
    """The spider arguments (``-a NAME=VALUE``) this spider takes; any other is a usage error."""

    def __init__(
        self,
        *args: Any,
        since: str | None = None,
        until: str | None = None,
        max_articles: str | int | None = None,
        **kwargs: Any,
    ) -> None:
        check_argument_names(self.name or type(self).__name__, kwargs, self.accepted_arguments)
        super().__init__(*args, **kwargs)
        self.limits = CrawlLimits.parse({"since": since, "until": until, "max_articles": max_articles})
        self._allow = [re.compile(p) for p in self.allow_patterns]
        self._deny = [re.compile(p) for p in self.deny_patterns]
        # Canonical URLs a sitemap or feed dated outside since/until (see middlewares.window).
        self.outside_window: set[str] = set()
        self.extractor = ExtractionWorkers(0)
        self.large_pages = LargePageExtraction()

    @classmethod
    def check_arguments(cls, arguments: dict[str, str]) -> None:
        """ValueError (one line) for arguments this spider would refuse; used by ``scrapy crawl``
        before the crawl starts."""
        check_argument_names(cls.name or cls.__name__, arguments, cls.accepted_arguments)
        CrawlLimits.parse(arguments)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SpiderCore:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.extractor = ExtractionWorkers(
            worker_count(crawler.settings.get("NEWSCRAWL_EXTRACT_WORKERS")),
            timeout=crawler.settings.getfloat("NEWSCRAWL_EXTRACT_TIMEOUT"),
        )
        spider.extractor.warm_up()
        crawler.signals.connect(spider.extractor.close, signal=signals.spider_closed)
        spider.large_pages = LargePageExtraction(
            LargePageLimits(
                tags=crawler.settings.getint("NEWSCRAWL_EXTRACT_LARGE_PAGE_TAGS"),
                chars=crawler.settings.getint("NEWSCRAWL_EXTRACT_LARGE_PAGE_CHARS"),
            )
        )
        return spider

    # The limits, under the names of the spider arguments.
    @property
    def since(self) -> date | None:
        return self.limits.since

    @property
    def until(self) -> date | None:
        return self.limits.until

    @property
    def max_articles(self) -> int | None:
        return self.limits.max_articles

    # --- scope ----------------------------------------------------------------------------
    def url_allowed(self, url: str, listing: bool = False) -> bool:
        """Inside the site's domains and not denied by the profile's URL patterns."""
        if self.site_domains and not host_matches(url, self.site_domains):
            return False
        if any(p.search(url) for p in self._deny):
            return False
        return (
            listing
            or not self._allow
            or any(p.search(url) for p in self._allow)
            or not looks_like_article_url(url)
        )

    def site_for(self, url: str) -> str:
        """The ``site`` of a record: the profile name, or the registered domain for generic crawls."""
        return self.site_name or registered_domain(url)

    def count(self, key: str, url: str | None = None) -> None:
        """Increment stat ``newscrawl/<key>``, and its per-site twin when ``url`` is given."""
        stats = self.crawler.stats
        stats.inc_value(f"newscrawl/{key}")
        if url is not None:
            stats.inc_value(f"newscrawl/by_site/{self.site_for(url)}/{key}")

    # --- requests and rejects --------------------------------------------------------------
    def article_request(self, url: str, priority: int, meta: dict[str, Any]) -> scrapy.Request | None:
        """A plain request for a page that may be an article (None for a malformed URL).

        Marked as a candidate: the revisit middleware skips it, or makes it conditional, when
        the ledger knows the page.
        """
        try:
            return scrapy.Request(
                url,
                callback=self.parse_page,
                errback=self.on_error,
                priority=priority,
                meta={**meta, CANDIDATE: True, "newscrawl_site": self.site_for(url)},
            )
        except ValueError:  # e.g. a port out of range in a sitemap's <loc>
            self.count("skipped/bad_url")
            return None

    def reject(
        self, url: str, reason: str, detail: str, status: int | None = None, fetched: bool = True
    ) -> None:
        """Record a page (or source) that is not written, with its reason."""
        send_reject(
            self.crawler,
            Reject(
                url=url, reason=reason, detail=detail, status=status, site=self.site_for(url), fetched=fetched
            ),
        )

    def settle(self, url: str, outcome: str) -> None:
        """Say how the request for ``url`` ended when it is no article and no reject
        ("non_article", "source", "skipped/<reason>"; see newscrawl.extensions.accounting)."""
        send_outcome(self.crawler, url, outcome)

    # --- implemented by the spider's parts (see newscrawl.spiders.base) ---------------------
    def parse_page(self, response: Response) -> AsyncIterator[Any]:
        raise NotImplementedError

    def parse_sitemap(self, response: Response) -> AsyncIterator[Any]:
        raise NotImplementedError

    def parse_feed(self, response: Response) -> AsyncIterator[Any]:
        raise NotImplementedError

    def on_error(self, failure: Failure) -> None:
        raise NotImplementedError

    def on_source_error(self, failure: Failure) -> None:
        raise NotImplementedError
