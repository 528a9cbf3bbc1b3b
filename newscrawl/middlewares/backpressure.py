"""Downloads wait while the scraper is full, counted in responses.

Scrapy stops scheduling downloads when the responses its scraper holds add up to
``SCRAPER_SLOT_MAX_ACTIVE_SIZE`` bytes (5 MB). When extraction is the slow part, the responses
that wait for it fill that budget; a site of small pages (3 KB) fits 1,600 of them, each
holding its spider-middleware tasks and deferreds, about 60 KB of memory per response.
This middleware bounds them by count: a downloaded response waits at the end of the
downloader middlewares until the scraper holds fewer than ``NEWSCRAWL_MAX_SCRAPER_RESPONSES``
responses. While it waits it keeps its download slot, so the downloader, and then the engine,
hold back too; requests stay in the scheduler's queue. ``0`` turns the bound off.

Waiting responses are let in in arrival order, as many as there is room, on one timer that
runs only while some response waits. The count is the scraper slot's queue and active set, the
figures Scrapy's own engine status reports.
"""

from __future__ import annotations

from collections import deque

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task
from twisted.internet.defer import Deferred

# How often waiting responses look for room (seconds).
POLL_SECONDS = 0.01


class ScraperBackpressureMiddleware:
    """Downloader middleware (first in order, so its ``process_response`` runs last)."""

    def __init__(self, crawler: Crawler, limit: int) -> None:
        self.crawler = crawler
        self.limit = limit
        self.waiting: deque[Deferred[None]] = deque()
        self.timer: task.LoopingCall | None = None
        # Let in, not yet in the scraper: a response reaches it a loop turn after it is let in
        # (when the engine's ``response_received`` fires), so several could pass in one turn.
        self.in_transit = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ScraperBackpressureMiddleware:
        limit = crawler.settings.getint("NEWSCRAWL_MAX_SCRAPER_RESPONSES")
        if limit <= 0:
            raise NotConfigured("NEWSCRAWL_MAX_SCRAPER_RESPONSES is 0")
        middleware = cls(crawler, limit)
        crawler.signals.connect(middleware.arrived, signal=signals.response_received)
        return middleware

    def arrived(self, **_: object) -> None:
        """A response is handed to the scraper."""
        self.in_transit = max(0, self.in_transit - 1)

    def held(self) -> int | None:
        """Responses the scraper holds (queued or being processed); ``None`` when unknown."""
        slot = getattr(getattr(self.crawler.engine, "scraper", None), "slot", None)
        queue, active = getattr(slot, "queue", None), getattr(slot, "active", None)
        if queue is None or active is None:
            return None
        return len(queue) + len(active)

    def room(self) -> int:
        held = self.held()
        return self.limit if held is None else self.limit - held - self.in_transit

    async def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        if not self.waiting and self.room() > 0:
            self.in_transit += 1
            return response
        ready: Deferred[None] = Deferred()
        self.waiting.append(ready)
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("newscrawl/backpressure/responses_held")
        self._start_timer()
        await maybe_deferred_to_future(ready)
        return response

    def _start_timer(self) -> None:
        if self.timer is None or not self.timer.running:
            self.timer = task.LoopingCall(self._let_in)
            self.timer.start(POLL_SECONDS, now=False).addErrback(lambda failure: None)

    def _let_in(self) -> None:
        """Let in as many waiting responses as there is room; all of them once the engine stops."""
        engine = self.crawler.engine
        room = self.room() if engine is not None and engine.running else len(self.waiting)
        while self.waiting and room > 0:
            self.in_transit += 1
            self.waiting.popleft().callback(None)
            room -= 1
        if not self.waiting and self.timer is not None and self.timer.running:
            self.timer.stop()
