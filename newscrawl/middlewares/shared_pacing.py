"""Shared mode: politeness across workers, not within each worker only.

Scrapy spaces the requests of a download slot (a host) by the slot's delay (``DOWNLOAD_DELAY``,
a site profile's delay, or what AutoThrottle made of it) within one process: N workers of a
shared run would send a site N times the requests one crawl sends. With
``NEWSCRAWL_SHARED_PACING`` on (the default), each request first reserves its departure in Redis
(``newscrawl:pace:<slot>``, on the server's clock, so workers on several machines agree): it
takes the site's turn when the turn has come (the next one is this worker's delay for the slot
later), else it waits until then and asks again. Nothing is reserved ahead, so a pause decided
meanwhile holds every waiting request. The request then goes on to the slot, whose own delay
has passed by then. A 429 or 503 with
``Retry-After`` pushes the site's next departure past the pause for every worker (capped by
``NEWSCRAWL_RETRY_AFTER_MAX``), not only for the worker that got it.

Stats (manifest ``counts.shared_pacing``): ``waits`` (requests that waited for their turn),
``longest_wait_s``, ``holds`` (Retry-After pauses shared), ``unavailable`` (reservations Redis
could not make: the request went on, spaced by this worker's delay only).
"""

from __future__ import annotations

import asyncio
import logging
import math
from typing import Any

import redis
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from newscrawl.frontier import scripts
from newscrawl.frontier.keys import pace_key
from newscrawl.frontier.run import is_shared, shared_run
from newscrawl.middlewares.retryafter import RETRY_AFTER_STATUSES, parse_retry_after

logger = logging.getLogger(__name__)

_STAT = "newscrawl/shared_pacing/"


class SharedPacingMiddleware:
    """Downloader middleware: a request's departure is reserved in Redis across the workers."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.default_delay = settings.getfloat("DOWNLOAD_DELAY")
        self.slot_settings: dict[str, Any] = settings.getdict("DOWNLOAD_SLOTS")
        self.retry_after_cap = settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX")
        self._script: Any = None
        self._warned = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedPacingMiddleware:
        if not is_shared(crawler.settings) or not crawler.settings.getbool("NEWSCRAWL_SHARED_PACING"):
            raise NotConfigured
        return cls(crawler)

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        slot, delay = self._slot_and_delay(request)
        if delay <= 0:
            return
        waited_ms = 0
        while wait_ms := self._pace(slot, gap_ms=int(delay * 1000), hold_ms=0):
            waited_ms += wait_ms
            await asyncio.sleep(wait_ms / 1000)
        if waited_ms:
            self._count("waits")
            self._max("longest_wait_s", math.ceil(waited_ms / 1000))

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        raw = response.headers.get("Retry-After")
        if response.status in RETRY_AFTER_STATUSES and raw:
            asked = parse_retry_after(raw.decode("latin-1"))
            if asked is not None and asked > 0:
                slot, _ = self._slot_and_delay(request)
                self._pace(slot, gap_ms=0, hold_ms=int(min(asked, self.retry_after_cap) * 1000))
                self._count("holds")
        return response

    def _slot_and_delay(self, request: Request) -> tuple[str, float]:
        """The request's download slot and this worker's delay for it (the slot's current delay,
        else the one it will start with)."""
        downloader: Any = self.crawler.engine.downloader if self.crawler.engine else None
        if downloader is None:
            return "", 0.0
        key = str(downloader.get_slot_key(request))
        slot = downloader.slots.get(key)
        if slot is not None:
            return key, float(slot.delay)
        spider_delay = getattr(self.crawler.spider, "download_delay", self.default_delay)
        return key, float(self.slot_settings.get(key, {}).get("delay", spider_delay))

    def _pace(self, slot: str, *, gap_ms: int, hold_ms: int) -> int:
        """0 when the slot's turn was taken (or Redis could not be asked), else the ms until it."""
        try:
            if self._script is None:
                run = shared_run(self.crawler)
                if run is None:
                    return 0
                self._script = run.client.register_script(scripts.PACE)
            return int(self._script(keys=[pace_key(slot)], args=[gap_ms, hold_ms]))
        except redis.RedisError as exc:
            self._count("unavailable")
            if not self._warned:
                self._warned = True
                logger.warning("Shared pacing unavailable (%s): requests are spaced by this worker only", exc)
            return 0

    def _count(self, name: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(_STAT + name)

    def _max(self, name: str, value: int) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.max_value(_STAT + name, value)
