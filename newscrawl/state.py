"""The crawl's ledger: opened once per crawler from its settings, closed when the crawl ends."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals

from newscrawl.ledger import Ingested, Ledger, LedgerLockedError, open_ledger, parse_policy
from newscrawl.runinfo import get_run_info
from newscrawl.storage.reconcile import mark_unfinished, reconcile_unfinished_runs

logger = logging.getLogger(__name__)


def crawl_ledger(crawler: Any) -> Ledger | None:
    """The crawler's ledger (None when ``NEWSCRAWL_LEDGER_ENABLED`` is false).

    On first use it opens ``<data dir>/state/`` (refusing, with a message, when another
    crawl holds it), checks the revisit policy, and records in the ledger what runs that
    were killed had written but not yet recorded, so nothing is fetched or written twice.
    """
    settings = crawler.settings
    if not settings.getbool("NEWSCRAWL_LEDGER_ENABLED", True):
        return None
    ledger: Ledger | None = getattr(crawler, "_newscrawl_ledger", None)
    if ledger is not None:
        return ledger
    parse_policy(settings.get("NEWSCRAWL_REVISIT_POLICY", "lastmod"))
    run = get_run_info(crawler)
    try:
        ledger = open_ledger(
            run.data_dir,
            backend=settings.get("NEWSCRAWL_LEDGER_BACKEND", "sqlite"),
            threshold=settings.getfloat("NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD", 0.8),
        )
    except LedgerLockedError as exc:
        # Exit with the reason only: a traceback would hide it.
        raise SystemExit(
            f"newscrawl: refusing to start: {exc}. Wait for it to end, or use another NEWSCRAWL_DATA_DIR."
        ) from exc
    crawler._newscrawl_ledger = ledger
    crawler.signals.connect(_closer(ledger), signal=signals.engine_stopped, weak=False)
    recovered = reconcile_unfinished_runs(run.data_dir, ledger, current_run=run.run_id)
    mark_unfinished(run.data_dir, run.run_id)
    if recovered and crawler.stats is not None:
        crawler.stats.set_value("newscrawl/recovered_from_killed_runs", recovered)
    return ledger


def staged_aliases(crawler: Any) -> list[tuple[Ingested, str]]:
    """Duplicate URLs waiting to be recorded, each with the canonical URL of its original.

    The dedupe pipeline adds to it; the store records an alias with the batch that makes its
    original durable, and forgets it if the original was never written.
    """
    staged: list[tuple[Ingested, str]] | None = getattr(crawler, "_newscrawl_aliases", None)
    if staged is None:
        staged = crawler._newscrawl_aliases = []
    return staged


def _closer(ledger: Ledger) -> Any:
    def close() -> None:
        ledger.close()

    return close
