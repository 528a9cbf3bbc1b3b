"""Politeness under pressure: ``Retry-After`` on 429 and 503 is honoured, per domain.

A 429 (Too Many Requests) or 503 (Service Unavailable) answer with ``Retry-After`` (seconds, or
an HTTP date) pauses the downloader slot of the response's domain for that long, capped by
``NEWSCRAWL_RETRY_AFTER_MAX``: no request to that domain leaves before the pause ends, the
retry Scrapy's ``RetryMiddleware`` schedules included; in the shared mode every worker holds
the domain (:class:`newscrawl.frontier.pacing.SitePacer`). Other domains go on. With
AutoThrottle on, the slot's delay is doubled too (up to ``AUTOTHROTTLE_MAX_DELAY``), so the
crawl comes back slower than it left.
"""

from __future__ import annotations

import email.utils
import logging
import math
import time
from datetime import UTC
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.asyncio import call_later

logger = logging.getLogger(__name__)

RETRY_AFTER_STATUSES = frozenset({429, 503})


def parse_retry_after(value: str, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or an HTTP date); None when
    it is neither.

    >>> parse_retry_after("120"), parse_retry_after("soon")
    (120.0, None)
    >>> parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0)
    10.0
    """
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class RetryAfterMiddleware:
    """Downloader middleware (after ``RetryMiddleware``, so it sees the answer first): pauses the
    domain's slot for the ``Retry-After`` of a 429 or 503."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.cap = crawler.settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX")
        self.autothrottle = crawler.settings.getbool("AUTOTHROTTLE_ENABLED")
        self.max_delay = crawler.settings.getfloat("AUTOTHROTTLE_MAX_DELAY")
        self.paused_until: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        raw = response.headers.get("Retry-After")
        if response.status not in RETRY_AFTER_STATUSES or not raw:
            return response
        asked = parse_retry_after(raw.decode("latin-1"))
        stats = self.crawler.stats
        if asked is None:
            if stats is not None:
                stats.inc_value("newscrawl/retry_after/unreadable")
            return response
        wait = min(asked, self.cap)
        if stats is not None:
            stats.inc_value("newscrawl/retry_after/honoured")
            stats.max_value("newscrawl/retry_after/longest_wait_s", math.ceil(wait))
            if asked > self.cap:
                stats.inc_value("newscrawl/retry_after/capped")
        self.pause(request, wait)
        logger.info(
            "HTTP %d with Retry-After %s from %s: pausing its domain for %.1f s%s",
            response.status,
            raw.decode("latin-1"),
            request.url,
            wait,
            f" (capped by NEWSCRAWL_RETRY_AFTER_MAX={self.cap:g})" if asked > self.cap else "",
        )
        return response

    def pause(self, request: Request, seconds: float) -> None:
        """Hold every request of ``request``'s downloader slot for ``seconds``."""
        engine = self.crawler.engine
        downloader: Any = getattr(engine, "downloader", None)
        if downloader is None or seconds <= 0:
            return
        key = downloader.get_slot_key(request)
        pacer = getattr(downloader, "pacer", None)
        if pacer is not None:  # the shared mode: every worker holds the site (frontier/pacing.py)
            pacer.hold(key, seconds)
        slot = downloader.slots.get(key)
        if slot is None:
            return
        now = time.monotonic()
        until = now + seconds
        if self.paused_until.get(key, 0) >= until:
            return  # already paused as long
        self.paused_until[key] = until
        if slot.latercall is not None:
            slot.latercall.cancel()
        # The downloader sends nothing from a slot while ``latercall`` is pending; its own
        # ``_latercall`` clears it and processes the queue. ``lastseen`` in the future keeps an
        # idle slot from being collected and makes the slot's delay count from the pause's end.
        slot.latercall = call_later(seconds, downloader._latercall, slot)
        slot.lastseen = until
        if self.autothrottle:
            slot.delay = min(max(slot.delay * 2, 1.0), self.max_delay)
            if self.crawler.stats is not None:
                self.crawler.stats.max_value("newscrawl/retry_after/backoff_delay_s", math.ceil(slot.delay))
