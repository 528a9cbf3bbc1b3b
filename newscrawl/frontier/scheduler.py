"""The shared-mode Scrapy scheduler (``SCHEDULER``): the run's frontier lives in Redis.

``SCHEDULER = "newscrawl.frontier.scheduler.RedisScheduler"`` is newscrawl's default; without
``NEWSCRAWL_REDIS_URL`` it builds Scrapy's own scheduler, so the embedded mode is unchanged and
the URL is the one switch. With it, this worker:

- joins the spider's shared run (:mod:`newscrawl.frontier.run`) and enqueues its start requests
  only if it is the run's seeder;
- pushes every request as JSON (:mod:`newscrawl.frontier.codec`), deduplicated across workers
  in the same atomic step (:mod:`newscrawl.frontier.dupefilter`);
- takes requests with a lease (``NEWSCRAWL_LEASE_SECONDS``), renews the leases it holds every
  third of that time, acknowledges each when its outcome is in (:mod:`newscrawl.frontier.acks`),
  and gives unfinished ones back when it stops early;
- when idle, ends the run if nothing is ready and no lease is outstanding anywhere, else waits
  (expired leases of dead workers are taken over by the next take), so every worker exits;
- retries Redis commands with backoff for ``NEWSCRAWL_REDIS_RETRY_SECONDS`` (a restart), then
  stops with a clear error without acknowledging anything more: the leases it held expire and
  are taken over, so nothing is lost.
"""

from __future__ import annotations

import logging
from typing import Any

from redis.exceptions import RedisError
from scrapy import Request, Spider, signals
from scrapy.core.scheduler import BaseScheduler, Scheduler
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import build_from_crawler, load_object
from twisted.internet.task import LoopingCall, deferLater
from twisted.python.failure import Failure

from newscrawl.frontier.acks import (
    LeaseBook,
    register_lease_book,
    request_leased,
    request_returned,
    retried_later,
)
from newscrawl.frontier.codec import UnserializableRequest, request_from_json, request_to_json
from newscrawl.frontier.dupefilter import RedisDupeFilter
from newscrawl.frontier.queue import RedisFrontier
from newscrawl.frontier.run import SharedRun, is_shared, shared_run

logger = logging.getLogger(__name__)

# Seconds between two passes that acknowledge finished requests (next_request also does it).
ACK_INTERVAL = 0.5


class RedisScheduler(BaseScheduler):
    """A Scrapy scheduler whose queue is the shared run's frontier in Redis."""

    def __init__(self, crawler: Any, run: SharedRun, dupefilter: Any) -> None:
        self.crawler = crawler
        self.run = run
        self.df = dupefilter
        self.stats = crawler.stats
        self.frontier = RedisFrontier(run.client, run.keys, run.worker_id, run.lease_ms)
        self.leases = LeaseBook(self.frontier, crawler.stats)
        register_lease_book(crawler, self.leases)
        self.keys_ttl = crawler.settings.getint("NEWSCRAWL_RUN_KEYS_TTL")
        self.spider: Spider | None = None
        self.broken: str | None = None  # set when Redis stayed away: nothing more is acknowledged
        self._renewal = LoopingCall(self._guarded, self._renew)
        self._acking = LoopingCall(self._guarded, self._tick)
        self._starving = False  # the last take found nothing ready
        crawler.signals.connect(self._on_idle, signal=signals.spider_idle)
        crawler.signals.connect(self._on_response, signal=signals.response_received)
        for signal in (signals.item_scraped, signals.item_dropped):
            crawler.signals.connect(self._on_item, signal=signal)
        crawler.signals.connect(self._on_item_error, signal=signals.item_error)

    @classmethod
    def from_crawler(cls, crawler: Any) -> Any:  # Scrapy's Scheduler in the embedded mode
        if not is_shared(crawler.settings):
            return Scheduler.from_crawler(crawler)
        run = shared_run(crawler)
        assert run is not None
        dupefilter = build_from_crawler(load_object(crawler.settings["DUPEFILTER_CLASS"]), crawler)
        return cls(crawler, run, dupefilter)

    # --- Scrapy's scheduler interface ---------------------------------------------------
    def open(self, spider: Spider) -> Any:
        self.spider = spider
        if not hasattr(getattr(self.crawler.engine, "_slot", None), "inprogress"):
            raise RuntimeError("newscrawl's shared frontier needs Scrapy's engine slot (inprogress)")
        try:
            self.run.claim_seeding()
        except RedisError as exc:
            from newscrawl.frontier.connection import RedisUnavailable

            raise RedisUnavailable(str(self.crawler.settings.get("NEWSCRAWL_REDIS_URL")), exc) from None
        role = "seeds it" if self.run.seeder else "joins it"
        logger.info(
            "Shared run %s of spider %s: worker %s %s (lease %.0f s)",
            self.run.run_id,
            spider.name,
            self.run.worker_id,
            role,
            self.run.lease_ms / 1000,
        )
        self.stats.set_value("newscrawl/frontier/run_id", self.run.run_id)
        self.stats.set_value("newscrawl/frontier/worker_id", self.run.worker_id)
        self._renewal.start(max(self.run.lease_ms / 3000, 0.1), now=False)
        self._acking.start(ACK_INTERVAL, now=False)
        return self.df.open()

    def close(self, reason: str) -> Any:
        for loop in (self._renewal, self._acking):
            if loop.running:
                loop.stop()
        if self.broken is None:
            try:
                self._ack_finished()
                returned = self.leases.give_back()
                if returned:
                    logger.info("Gave %d unfinished leases back to the shared frontier", returned)
                self.frontier.client.zrem(self.run.keys.workers, self.run.worker_id)
            except RedisError as exc:
                logger.error("Redis unreachable while closing (%s); this worker's leases will expire", exc)
            else:
                self._log_run_stats()
        return self.df.close(reason)

    def has_pending_requests(self) -> bool:
        if self.broken is not None:
            return False
        try:
            return self.frontier.ready_count() > 0
        except RedisError as exc:
            self._stop(exc)
            return False

    def enqueue_request(self, request: Request) -> bool:
        assert self.spider is not None
        if request.meta.get("is_start_request") and not self.run.seeder:
            self.stats.inc_value("newscrawl/frontier/start_skipped")  # another worker seeds the run
            return False
        try:
            payload = request_to_json(request, self.spider)
        except UnserializableRequest as exc:
            logger.error("Request not queued, it cannot be stored as JSON: %s", exc)
            self.stats.inc_value("newscrawl/frontier/unserializable")
            return False
        if self.broken is not None:
            return False
        try:
            if isinstance(self.df, RedisDupeFilter):
                queued = self.frontier.push(
                    self.df.fingerprint(request), payload, request.priority, request.dont_filter
                )
            else:  # another DUPEFILTER_CLASS decides; the frontier only queues
                seen = not request.dont_filter and self.df.request_seen(request)
                queued = not seen and self.frontier.push(
                    request.url, payload, request.priority, dont_filter=True
                )
        except RedisError as exc:
            self._stop(exc)
            return False
        if not queued:
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.stats.inc_value("scheduler/enqueued")
        return True

    def next_request(self) -> Request | None:
        assert self.spider is not None
        if self.broken is not None:
            return None
        try:
            self._ack_finished()
            lease = self.frontier.take()
        except RedisError as exc:
            self._stop(exc)
            return None
        if lease is None:
            self._starving = True
            return None
        self._starving = False
        try:
            request = request_from_json(lease.payload, self.spider)
        except Exception as exc:  # a stored request this spider cannot rebuild
            logger.error("Dropped a stored request that cannot be rebuilt (%s): %.300s", exc, lease.payload)
            self.stats.inc_value("newscrawl/frontier/unreadable")
            self.frontier.ack({lease.lease_id: True})
            return None
        self.leases.taken(lease.lease_id, request)
        self.crawler.signals.send_catch_log(request_leased, request=request)
        self.stats.inc_value("scheduler/dequeued/redis")
        self.stats.inc_value("scheduler/dequeued")
        return request

    def __len__(self) -> int:
        return self.frontier.ready_count()

    # --- leases -------------------------------------------------------------------------
    def _in_progress(self) -> Any:
        """The requests Scrapy's engine is still working on (download, callback, pipelines)."""
        return self.crawler.engine._slot.inprogress

    def _ack_finished(self) -> None:
        if self.broken is None and len(self.leases):
            self.leases.ack_finished(self._in_progress())

    def _tick(self) -> None:
        """Acknowledge what is done; wake the engine when requests became ready elsewhere.

        After a take that found nothing, Scrapy asks again only at its 5 s heartbeat; other
        workers may have queued requests meanwhile."""
        self._ack_finished()
        if self._starving and self.frontier.ready_count() > 0:
            self._starving = False
            self.crawler.engine._slot.nextcall.schedule()

    def _renew(self) -> None:
        self.leases.renew()
        self.run.renew_seeding()
        self.run.heartbeat()

    def _guarded(self, step: Any) -> None:
        """Run a periodic step; Redis staying away stops the crawl instead of the loop."""
        if self.broken is not None:
            return
        try:
            step()
        except RedisError as exc:
            self._stop(exc)

    def _stop(self, exc: Exception) -> None:
        if self.broken is not None:
            return
        self.broken = str(exc) or type(exc).__name__
        logger.error(
            "Redis unreachable for NEWSCRAWL_REDIS_RETRY_SECONDS (%s): stopping this worker; "
            "its %d leases will expire and be taken over, nothing is lost",
            self.broken,
            len(self.leases),
        )
        self.stats.set_value("newscrawl/frontier/redis_error", self.broken)
        engine = self.crawler.engine
        from twisted.internet import reactor

        deferLater(
            reactor, 0, lambda: deferred_from_coro(engine.close_spider_async(reason="redis_unavailable"))
        )

    # --- signals ------------------------------------------------------------------------
    def _on_idle(self, spider: Spider) -> None:
        """Nothing to do here: end the run if it is over everywhere, else wait for it."""
        if self.broken is not None:
            return
        try:
            self._ack_finished()
            self.run.mark_seeded()
            finished = self.frontier.try_finish(self.keys_ttl)
        except RedisError as exc:
            self._stop(exc)
            return
        if finished:
            logger.info("Shared run %s is finished: no request is ready or leased", self.run.run_id)
            return
        raise DontCloseSpider

    def _on_response(self, response: Any, request: Request, spider: Spider) -> None:
        if response.status >= 400:
            self.leases.mark_failed(request)

    def _on_item(self, item: Any = None, response: Any = None, **kwargs: Any) -> None:
        if isinstance(response, Failure):
            request = getattr(response, "request", None)
            if request is not None:
                self.leases.mark_failed(request)

    def _on_item_error(self, item: Any, response: Any, failure: Failure, **kwargs: Any) -> None:
        """A pipeline failed: on a Redis outage the request goes back to the frontier (tried
        again, by this worker or another); any other error is a reject (the reject recorder)."""
        request = getattr(response, "request", None)
        retry = self.broken is None and retried_later(self.crawler, failure.value, request)
        if request is None:
            return
        if not retry:
            self.leases.mark_failed(request)
            return
        logger.warning(
            "Item of %s not stored (%s); its request goes back to the frontier", request.url, failure.value
        )
        self.stats.inc_value("newscrawl/frontier/retried_after_store_error")
        try:
            if self.leases.give_back_one(request):
                self.crawler.signals.send_catch_log(request_returned, request=request)
        except RedisError as exc:  # its lease expires and is taken over
            self._stop(exc)

    def _log_run_stats(self) -> None:
        try:
            counts = self.frontier.stats()
        except RedisError:
            return
        for name, value in counts.items():
            self.stats.set_value(f"newscrawl/frontier/run/{name}", value)
