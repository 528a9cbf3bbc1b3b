"""CrawlState: the state one crawl shares between its components.

It owns the run identity (:class:`~newscrawl.storage.runinfo.RunInfo`), the ledger (opened from the
settings, a locked one refused with one line, killed runs reconciled, the run's unfinished
marker), the duplicate URLs staged until their original is durable, and the crawl limits of
the spider's arguments. Components find it with :func:`crawl_state` (``crawler.get_extension``)
or get it passed in; none keeps state on the crawler or the spider.

Lifecycle: the extension manager builds it before the engine, so every downloader middleware,
pipeline and scheduler built after it finds the run and the ledger ready (a second crawl on the
same data directory is refused before anything starts); the ledger is closed on
``engine_stopped``.

Extending it: the ledger backend is the setting ``NEWSCRAWL_LEDGER_BACKEND`` (a name of
:data:`newscrawl.ledger.BACKENDS`); a shared mode overrides :meth:`CrawlState.decide_run_id`
(and :meth:`CrawlState.open_ledger`) in a subclass named in ``EXTENSIONS``; subclasses are
found by ``crawler.get_extension(CrawlState)`` too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.ledger import Ingested, Ledger, LedgerLockedError, open_ledger, parse_policy
from newscrawl.spiders.arguments import CrawlLimits
from newscrawl.storage.reconcile import mark_finished, mark_unfinished, reconcile_unfinished_runs
from newscrawl.storage.runinfo import RUN_ID_PATTERN, RunInfo, new_run_id

logger = logging.getLogger(__name__)


class CrawlState:
    """Run identity, ledger, staged aliases and crawl limits of one crawl."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.ledger_enabled = settings.getbool("NEWSCRAWL_LEDGER_ENABLED")
        self.ledger_backend = settings.get("NEWSCRAWL_LEDGER_BACKEND")
        self.revisit_policy = settings.get("NEWSCRAWL_REVISIT_POLICY")
        self.near_duplicate_threshold = settings.getfloat("NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD")
        self.run = RunInfo(run_id=self.decide_run_id(), data_dir=Path(settings.get("NEWSCRAWL_DATA_DIR")))
        self._check_run_id()
        self.worker_id = self.decide_worker_id()
        self._ledger: Ledger | None = None
        self._aliases: list[tuple[Ingested, str]] = []
        self._syncs: list[Callable[[], None]] = []
        self.recovered = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlState:
        state = cls(crawler)
        state.open()
        crawler.signals.connect(state.close, signal=signals.engine_stopped)
        return state

    # --- run identity ----------------------------------------------------------------------
    def decide_run_id(self) -> str:
        """The run id: ``NEWSCRAWL_RUN_ID``, else a new one. A shared mode (several workers of
        one run) overrides this to agree on one id, e.g. through Redis."""
        return str(self.crawler.settings.get("NEWSCRAWL_RUN_ID") or "").strip() or new_run_id()

    def decide_worker_id(self) -> str | None:
        """Which worker of a shared run this crawler is; None: the run has one worker. A shared
        mode overrides this (its files and leases are then named by run and worker)."""
        return None

    def _check_run_id(self) -> None:
        run = self.run
        if not RUN_ID_PATTERN.fullmatch(run.run_id):
            raise SystemExit(
                f"newscrawl: NEWSCRAWL_RUN_ID={run.run_id!r}: use letters, digits, '.', '_' and '-' only"
                " (it names files), starting with a letter or digit"
            )
        if (run.data_dir / "runs" / f"{run.run_id}.json").exists():
            raise SystemExit(
                f"newscrawl: run id {run.run_id} was used before in {run.data_dir}; give a new one"
            )

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
        self._ledger = ledger
        run = self.run
        self.recovered = reconcile_unfinished_runs(run.data_dir, ledger, current_run=run.run_id)
        mark_unfinished(run.data_dir, run.run_id)
        if self.recovered and self.crawler.stats is not None:
            self.crawler.stats.set_value("newscrawl/recovered_from_killed_runs", self.recovered)

    def open_ledger(self) -> Ledger:
        """The ledger of the backend ``NEWSCRAWL_LEDGER_BACKEND`` names."""
        return open_ledger(
            self.run.data_dir, backend=self.ledger_backend, threshold=self.near_duplicate_threshold
        )

    def finish(self) -> None:
        """Every record the run wrote is in the ledger: say so in the run and remove its marker."""
        self.run.ledger_complete = True
        mark_finished(self.run.data_dir, self.run.run_id)

    def close(self) -> None:
        """Close the ledger (at ``engine_stopped``)."""
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None

    # --- durability -------------------------------------------------------------------------
    def sync_before_commit(self, sync: Callable[[], None]) -> None:
        """Have ``sync`` called at the start of every commit of the store, before the ledger
        records a batch (what else must be durable first, e.g. the WARC files)."""
        self._syncs.append(sync)

    def make_durable(self) -> None:
        """Call the registered syncs (the store does, first thing in each commit)."""
        for sync in self._syncs:
            sync()

    # --- aliases ----------------------------------------------------------------------------
    def stage_alias(self, alias: Ingested, original: str) -> None:
        """A duplicate URL to record once its original (a canonical URL) is in the ledger."""
        self._aliases.append((alias, original))

    def commit_aliases(self) -> None:
        """Record the staged aliases whose original is now in the ledger; forget the others
        (their original was never written)."""
        ledger = self._ledger
        waiting = list(self._aliases) if ledger is not None else []
        while ledger is not None and waiting:  # an alias may point at another alias staged with it
            ready = [alias for alias, original in waiting if ledger.seen(original)]
            if not ready:
                break
            ledger.record_many(ready)
            recorded = {id(alias) for alias in ready}
            waiting = [(alias, original) for alias, original in waiting if id(alias) not in recorded]
        self._aliases.clear()


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
