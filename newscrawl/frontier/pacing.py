"""Shared mode: politeness across workers, not within each worker only.

Scrapy spaces the requests of a download slot (a host) by the slot's delay (``DOWNLOAD_DELAY``,
a site profile's delay, or what AutoThrottle made of it) within one process: N workers of a
shared run would send a site N times the requests one crawl sends. With
``NEWSCRAWL_SHARED_PACING`` on (the default), the downloader asks Redis for the site's turn at
the moment a request would leave its slot (``newscrawl:pace:<slot>``, on the server's clock, so
workers on several machines agree): the turn is taken when it has come, and the next one is this
worker's delay for the slot later; otherwise the slot waits until then and asks again. Nothing is
reserved ahead, so a pause decided meanwhile holds every worker: a 429 or 503 with
``Retry-After`` that one worker gets is held there for all of them
(:mod:`newscrawl.middlewares.retryafter` calls :meth:`SitePacer.hold`). A slot with a delay of
0 is not spaced, but still paused.

Redis is asked with a client of its own (no retries, short timeouts): when it does not answer,
requests go on spaced by this worker's delay only, and Redis is not asked again for
``BREAKER_SECONDS``. Stats (manifest ``counts.shared_pacing``): ``waits`` (departures that
waited for their turn), ``longest_wait_s``, ``holds``, ``unavailable`` (calls Redis did not
answer or that the breaker left out).
"""

from __future__ import annotations

import logging
import math
import random
import time
from typing import Any

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from scrapy.core.downloader import Downloader, Slot
from scrapy.crawler import Crawler
from scrapy.utils.asyncio import call_later

from newscrawl import settings as defaults
from newscrawl.frontier import scripts
from newscrawl.frontier.keys import pace_key
from newscrawl.frontier.run import is_shared

logger = logging.getLogger(__name__)

# Seconds a pacing call may take before Redis counts as unavailable, and how long it is then left alone.
TIMEOUT_SECONDS = 0.5
BREAKER_SECONDS = 5.0
_STAT = "newscrawl/shared_pacing/"


def pacing_enabled(settings: Any) -> bool:
    """Whether the shared mode's pacing is on (``NEWSCRAWL_REDIS_URL`` and ``NEWSCRAWL_SHARED_PACING``)."""
    return is_shared(settings) and settings.getbool("NEWSCRAWL_SHARED_PACING")


class SitePacer:
    """Takes a site's turn in Redis, and holds a site for every worker."""

    def __init__(
        self, client: redis.Redis, stats: Any = None, max_wait: float = defaults.NEWSCRAWL_RETRY_AFTER_MAX
    ) -> None:
        self._client = client
        self._script = client.register_script(scripts.PACE)
        self._stats = stats
        self.max_wait = max_wait
        self._skip_until = 0.0
        self._waiting_since: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SitePacer | None:
        settings = crawler.settings
        if not pacing_enabled(settings):
            return None
        client: Any = redis.Redis.from_url(
            settings.get("NEWSCRAWL_REDIS_URL"),
            socket_timeout=TIMEOUT_SECONDS,
            socket_connect_timeout=TIMEOUT_SECONDS,
            retry=Retry(NoBackoff(), 0),
        )
        longest = settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX", defaults.NEWSCRAWL_RETRY_AFTER_MAX)
        return cls(client, crawler.stats, longest)

    def turn(self, slot: str, delay: float) -> float:
        """0 when ``slot``'s turn was taken now (the next one ``delay`` seconds later, on every
        worker) or Redis did not answer, else the seconds until it comes."""
        wait_ms = self._call(slot, gap_ms=int(delay * 1000), hold_ms=0) or 0
        now = time.monotonic()
        if wait_ms:
            if slot not in self._waiting_since:
                self._waiting_since[slot] = now
                self._count("waits")  # a departure that waits (however often it asks again)
            # a server clock stepped back would hold the site that long: at most a long pause
            return min(wait_ms / 1000, delay + self.max_wait)
        since = self._waiting_since.pop(slot, None)
        if since is not None:
            self._max("longest_wait_s", math.ceil(now - since))
        return 0.0

    def hold(self, slot: str, seconds: float) -> None:
        """No worker's request to ``slot`` leaves for ``seconds`` (a Retry-After)."""
        if seconds > 0 and self._call(slot, gap_ms=0, hold_ms=int(seconds * 1000)) is not None:
            self._count("holds")

    def close(self) -> None:
        self._client.close()

    def _call(self, slot: str, *, gap_ms: int, hold_ms: int) -> int | None:
        """The script's answer; None when Redis was not asked or did not answer (counted)."""
        if time.monotonic() < self._skip_until:
            self._count("unavailable")
            return None
        try:
            return int(self._script(keys=[pace_key(slot)], args=[gap_ms, hold_ms]))
        except Exception as exc:  # Redis down or slow, or anything else: the request goes on
            self._count("unavailable")
            self._skip_until = time.monotonic() + BREAKER_SECONDS
            logger.warning(
                "Shared pacing: Redis did not answer (%s); requests are spaced by this worker only for %g s",
                exc,
                BREAKER_SECONDS,
            )
            return None

    def _count(self, name: str) -> None:
        if self._stats is not None:
            self._stats.inc_value(_STAT + name)

    def _max(self, name: str, value: int) -> None:
        if self._stats is not None:
            self._stats.max_value(_STAT + name, value)


class PacedDownloader(Downloader):
    """Scrapy's downloader, whose slots also wait for their site's turn in the shared mode. The
    slot's jitter (``DOWNLOAD_DELAY_JITTER``) moves into the shared spacing: locally the slot
    keeps its plain delay, so a turn taken is a departure."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.pacer = SitePacer.from_crawler(crawler)
        self._jitters: dict[str, float] = {}

    def _process_queue(self, slot: Slot) -> None:
        """Before a request leaves (the slot's own delay passed, a transfer free), the site's
        turn; when it has not come, the slot is called again then (as for its own delay)."""
        if self.pacer is None or slot.latercall or not slot.queue or slot.free_transfer_slots() <= 0:
            super()._process_queue(slot)
            return
        key = slot.queue[0][0].meta.get(self.DOWNLOAD_SLOT)  # set when the request was queued
        if key is None:
            super()._process_queue(slot)
            return
        jitter = self._jitters.setdefault(key, slot.jitter)
        slot.jitter = 0.0
        own_delay = slot.delay - time.monotonic() + slot.lastseen if slot.delay else 0.0
        if own_delay > 0:  # its own delay first, as Scrapy's downloader would wait it
            slot.latercall = call_later(own_delay, self._latercall, slot)
            return
        gap = slot.delay * (1 + random.uniform(-jitter, jitter)) if jitter else slot.delay
        wait = self.pacer.turn(key, max(0.0, gap))
        if wait > 0:
            slot.latercall = call_later(wait, self._latercall, slot)
            return
        super()._process_queue(slot)  # its own delay has passed: the request leaves now

    def close(self) -> None:
        super().close()
        if self.pacer is not None:
            self.pacer.close()
