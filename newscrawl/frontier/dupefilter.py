"""The shared request dupefilter (``DUPEFILTER_CLASS``): one ``seen`` set per run, in Redis.

A fingerprint (Scrapy's request fingerprinter) queued or done by any worker of the run is not
queued again. The set belongs to the run (see :mod:`newscrawl.frontier.keys`), so a request that
failed, or one that was simply crawled, is tried again by a later run; a failed request is also
listed in the run's ``failed`` set. Within a run a failure is not retried by rediscovery (Scrapy's
retry middleware does the retrying, with ``dont_filter``), so a broken link many pages share
is fetched once. :class:`~newscrawl.frontier.scheduler.RedisScheduler` checks and queues in
one atomic step; ``request_seen`` serves any other scheduler.

Without ``NEWSCRAWL_REDIS_URL`` this class builds Scrapy's own ``RFPDupeFilter``.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, Spider
from scrapy.dupefilters import BaseDupeFilter, RFPDupeFilter
from scrapy.utils.request import referer_str

from newscrawl.frontier.run import is_shared, shared_run

logger = logging.getLogger(__name__)


class RedisDupeFilter(BaseDupeFilter):
    """Request fingerprints seen by any worker of the shared run."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.fingerprinter = crawler.request_fingerprinter
        self.debug = crawler.settings.getbool("DUPEFILTER_DEBUG")
        self._logged = False

    @classmethod
    def from_crawler(cls, crawler: Any) -> Any:  # an RFPDupeFilter in the embedded mode
        if not is_shared(crawler.settings):
            return RFPDupeFilter.from_crawler(crawler)
        return cls(crawler)

    def fingerprint(self, request: Request) -> str:
        """The request's fingerprint, hex."""
        return self.fingerprinter.fingerprint(request).hex()

    def request_seen(self, request: Request) -> bool:
        run = shared_run(self.crawler)
        assert run is not None
        return not run.client.sadd(run.keys.seen, self.fingerprint(request))

    def log(self, request: Request, spider: Spider) -> None:
        if self.debug:
            logger.debug("Filtered duplicate request: %s (referer: %s)", request, referer_str(request))
        elif not self._logged:
            logger.debug("Filtered duplicate request: %s - no more duplicates will be shown", request)
            self._logged = True
        self.crawler.stats.inc_value("dupefilter/filtered")
