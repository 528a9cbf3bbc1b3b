"""CrawlState: the state one crawl shares between its components.

It owns the run identity (:class:`~newscrawl.runinfo.RunInfo`), the ledger (opened from the
settings, a locked one refused with one line, killed runs reconciled, the run's unfinished
marker), the duplicate URLs staged until their original is durable, and the crawl limits of
the spider's arguments. Components find it with :func:`crawl_state` (``crawler.get_extension``)
or get it passed in; none keeps state on the crawler or the spider.

Lifecycle: the extension manager builds it before the engine, so every downloader middleware,
pipeline and scheduler built after it finds the run and the ledger ready (a second crawl on the
same data directory is refused before anything starts); the ledger is closed on
``engine_stopped``.

The shared mode (``NEWSCRAWL_REDIS_URL`` set) is one switch: the run id is the shared run's
(:func:`newscrawl.frontier.shared_run_id`: joining it is the first thing that talks to Redis,
so an unreachable server is a one-line error before any file or ledger is opened), the worker id
is the frontier's, and the ledger is the ``redis`` backend on the same URL unless
``NEWSCRAWL_LEDGER_BACKEND`` names another. The worker's files are named ``<run_id>.<worker_id>``
(:attr:`RunInfo.stem`) and its manifest is ``runs/<run_id>/<worker_id>.json``.

Extending it: the ledger backend is the setting ``NEWSCRAWL_LEDGER_BACKEND`` (a name of
:data:`newscrawl.ledger.BACKENDS`); a shared mode overrides :meth:`CrawlState.decide_run_id`
(and :meth:`CrawlState.open_ledger`) in a subclass named in ``EXTENSIONS``; subclasses are
found by ``crawler.get_extension(CrawlState)`` too.
"""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.frontier.acks import lease_book
from newscrawl.frontier.run import shared_run, shared_run_id
from newscrawl.ledger import (
    Ingested,
    Ledger,
    LedgerLockedError,
    LedgerUnavailableError,
    open_ledger,
    parse_policy,
)
from newscrawl.ledger.redis import RedisLedger
from newscrawl.ledger.redis_pending import PendingBook
from newscrawl.runinfo import RUN_ID_PATTERN, RunInfo, new_run_id
from newscrawl.spiders.arguments import CrawlLimits
from newscrawl.storage.reconcile import mark_finished, mark_unfinished, reconcile_unfinished_runs

logger = logging.getLogger(__name__)


class CrawlState:
    """Run identity, ledger, staged aliases and crawl limits of one crawl."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.ledger_enabled = settings.getbool("NEWSCRAWL_LEDGER_ENABLED")
        self.redis_url = str(settings.get("NEWSCRAWL_REDIS_URL") or "")
        self.ledger_backend = str(settings.get("NEWSCRAWL_LEDGER_BACKEND") or "") or (
            "redis" if self.redis_url else "sqlite"
        )
        self.revisit_policy = settings.get("NEWSCRAWL_REVISIT_POLICY")
        self.near_duplicate_threshold = settings.getfloat("NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD")
        run_id = self.decide_run_id()
        self.worker_id = self.decide_worker_id()
        self.run = RunInfo(
            run_id=run_id, data_dir=Path(settings.get("NEWSCRAWL_DATA_DIR")), worker_id=self.worker_id
        )
        self._check_run_id()
        self._ledger: Ledger | None = None
        self._aliases: list[tuple[Ingested, str, str | None]] = []
        self.recovered = 0
        self._pending: PendingBook | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlState:
        state = cls(crawler)
        state.open()
        crawler.signals.connect(state.close, signal=signals.engine_stopped)
        return state

    # --- run identity ----------------------------------------------------------------------
    def decide_run_id(self) -> str:
        """The run id: ``NEWSCRAWL_RUN_ID``, else the shared run's (the first worker of a spider's
        run creates it in Redis, the others join it), else a new one."""
        given = str(self.crawler.settings.get("NEWSCRAWL_RUN_ID") or "").strip()
        return given or shared_run_id(self.crawler) or new_run_id()

    def decide_worker_id(self) -> str | None:
        """Which worker of a shared run this crawler is (the frontier's worker id); None: the run
        has one process (the embedded mode)."""
        run = shared_run(self.crawler)
        return run.worker_id if run is not None else None

    def _check_run_id(self) -> None:
        run = self.run
        if not RUN_ID_PATTERN.fullmatch(run.run_id):
            raise SystemExit(
                f"newscrawl: NEWSCRAWL_RUN_ID={run.run_id!r}: use letters, digits, '.', '_' and '-' only"
                " (it names files), starting with a letter or digit"
            )
        if self.worker_id is not None and not RUN_ID_PATTERN.fullmatch(self.worker_id):
            raise SystemExit(
                f"newscrawl: NEWSCRAWL_WORKER_ID={self.worker_id!r}: use letters, digits, '.', '_' and '-' only"
            )
        if (run.data_dir / "runs" / f"{run.run_id}.json").exists() or (
            self.worker_id is not None and run.manifest_path.exists()
        ):
            who = run.run_id if self.worker_id is None else f"{run.run_id} (worker {self.worker_id})"
            raise SystemExit(f"newscrawl: run id {who} was used before in {run.data_dir}; give a new one")

    @property
    def limits(self) -> CrawlLimits:
        """The crawl limits the spider parsed from its arguments (none for other spiders)."""
        limits = getattr(self.crawler.spider, "limits", None)
        return limits if isinstance(limits, CrawlLimits) else CrawlLimits()

    # --- the ledger -------------------------------------------------------------------------
    @property
    def ledger(self) -> Ledger:
        """The open ledger; NotConfigured when ``NEWSCRAWL_LEDGER_ENABLED`` is false (a component
        that needs it raises it from ``from_crawler`` and is left out)."""
        if self._ledger is None:
            raise NotConfigured("the ledger is off (NEWSCRAWL_LEDGER_ENABLED=false)")
        return self._ledger

    def open(self) -> None:
        """Open the ledger and record what killed runs wrote but had not recorded (once)."""
        if not self.ledger_enabled or self._ledger is not None:
            return
        parse_policy(self.revisit_policy)
        try:
            ledger = self.open_ledger()
        except LedgerLockedError as exc:  # the reason only: a traceback would hide it
            raise SystemExit(
                f"newscrawl: refusing to start: {exc}. Wait for it to end, or use another NEWSCRAWL_DATA_DIR."
            ) from exc
        except LedgerUnavailableError as exc:
            raise SystemExit(f"newscrawl: {exc}. Start Redis or fix NEWSCRAWL_REDIS_URL.") from exc
        if self.worker_id is not None and self.ledger_backend != "redis":
            logger.warning(
                "Shared run with the %r ledger: workers do not share it, so they may write one article"
                " each; use the redis ledger (leave NEWSCRAWL_LEDGER_BACKEND empty)",
                self.ledger_backend,
            )
        self._ledger = ledger
        run = self.run
        self.recovered = self.reconcile(ledger)
        mark_unfinished(run.data_dir, run.run_id, self.worker_id)
        if self.recovered and self.crawler.stats is not None:
            self.crawler.stats.set_value("newscrawl/recovered_from_killed_runs", self.recovered)

    def open_ledger(self) -> Ledger:
        """The ledger of the backend ``NEWSCRAWL_LEDGER_BACKEND`` names (``redis``: on
        ``NEWSCRAWL_REDIS_URL``)."""
        options: dict[str, object] = {"threshold": self.near_duplicate_threshold}
        if self.ledger_backend == "redis":
            options["url"] = self.redis_url
            options["retry_seconds"] = self.crawler.settings.getfloat("NEWSCRAWL_REDIS_RETRY_SECONDS")
        return open_ledger(self.run.data_dir, backend=self.ledger_backend, **options)

    def reconcile(self, ledger: Ledger) -> int:
        """What killed runs (and dead workers of shared runs) left unfinished in this data directory."""
        run = self.run
        pending = self.pending_book(ledger)
        if pending is None:
            return reconcile_unfinished_runs(run.data_dir, ledger, current_run=run.stem)
        from newscrawl.storage.takeover import adopt_dead_workers

        adopted = adopt_dead_workers(pending, run.data_dir, run.stem, self.crawler.stats)
        recovered = reconcile_unfinished_runs(
            run.data_dir,
            ledger,
            current_run=run.stem,
            taken_over=pending.taken_over,
            alive=pending.alive,
            forget=pending.forget_taken_over,
        )
        return adopted + recovered

    def pending_book(self, ledger: Ledger | None = None) -> PendingBook | None:
        """This worker's pending records on the Redis ledger (None: not a worker of a shared run
        on the redis ledger; its store writes then commits, as the embedded mode does)."""
        ledger = ledger or self._ledger
        if self.worker_id is None or not isinstance(ledger, RedisLedger):
            return None
        if self._pending is None:
            lease_ms = int(self.crawler.settings.getfloat("NEWSCRAWL_LEASE_SECONDS") * 1000)
            self._pending = PendingBook(ledger, self.run.stem, lease_ms)
            self._pending.heartbeat()
        return self._pending

    def finish(self) -> None:
        """Every record the run wrote is in the ledger: say so in the run and remove its marker."""
        self.run.ledger_complete = True
        mark_finished(self.run.data_dir, self.run.stem)

    def close(self) -> None:
        """Close the ledger (at ``engine_stopped``)."""
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None

    # --- aliases ----------------------------------------------------------------------------
    def stage_alias(self, alias: Ingested, original: str, lease: str | None = None) -> None:
        """A duplicate URL to record once its original (a canonical URL) is in the ledger; in a
        shared run its request's ``lease`` is held until then."""
        if lease:
            self._hold(lease)
        self._aliases.append((alias, original, lease))

    def commit_aliases(self) -> None:
        """Record the staged aliases whose original is now in the ledger; forget the others
        (their original was never written)."""
        ledger = self._ledger
        waiting = [(alias, original) for alias, original, _ in self._aliases] if ledger is not None else []
        while ledger is not None and waiting:  # an alias may point at another alias staged with it
            ready = [alias for alias, original in waiting if ledger.seen(original)]
            if not ready:
                break
            ledger.record_many(ready)
            recorded = {id(alias) for alias in ready}
            waiting = [(alias, original) for alias, original in waiting if id(alias) not in recorded]
        for _, _, lease in self._aliases:
            if lease:
                self._release(lease)
        self._aliases.clear()

    # --- leases of the shared frontier -------------------------------------------------------
    def _hold(self, lease: str) -> None:
        book = lease_book(self.crawler)
        if book is not None:
            book.hold(lease)

    def _release(self, lease: str) -> None:
        book = lease_book(self.crawler)
        if book is not None:
            book.release(lease)

    def hold_lease(self, lease: str | None) -> None:
        """Delay the acknowledgement of a shared request until :meth:`release_lease` (no-op
        without a lease: the embedded mode)."""
        if lease:
            self._hold(lease)

    def release_lease(self, lease: str | None) -> None:
        """The outcome a :meth:`hold_lease` waited for is durable."""
        if lease:
            self._release(lease)


def crawl_state(crawler: Crawler) -> CrawlState:
    """The crawler's CrawlState extension (RuntimeError when it is not enabled)."""
    state = crawler.get_extension(CrawlState)
    if state is None:
        raise RuntimeError(
            "newscrawl needs the extension newscrawl.extensions.crawlstate.CrawlState (EXTENSIONS)"
        )
    return state


def ledger_or_none(state: CrawlState) -> Ledger | None:
    """The ledger, or None for a component that also works without one (dedupe within a run)."""
    try:
        return state.ledger
    except NotConfigured:
        return None


__all__ = ["CrawlState", "crawl_state", "ledger_or_none"]
