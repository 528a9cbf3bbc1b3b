"""The reject recorder: pages that did not become articles, written to ``rejects/<run_id>.jsonl``
(``rejects/<run_id>.<worker_id>.jsonl`` for a worker of a shared run).

A reject's line is written (whole, unbuffered) while Scrapy still works on its request, so the
shared frontier's default acknowledgement point (the request left the engine) comes after it.

Rejects are not scraped items, so feed exports (``-O``, ``FEEDS``) carry articles only. They
reach the recorder two ways:

- the spider (and anything else that sees a failed page) sends :data:`page_rejected` with a
  :class:`~newscrawl.items.Reject`, via :func:`send_reject`;
- a pipeline raises :class:`Rejected` (a ``DropItem``), and Scrapy's ``item_dropped`` signal
  brings it here;
- a pipeline fails with any other exception (Scrapy's ``item_error``): the article is not
  written, so it is a ``pipeline_error`` reject with the exception as its detail. In a shared
  run a Redis or ledger outage is not a reject: the frontier gives the request back and it is
  tried again (:func:`newscrawl.frontier.acks.retried_later`).

Each reject is one line (url, reason, detail, status, site, run_id, at) and counts as
``newscrawl/rejects/total``, ``newscrawl/rejects/<reason>`` and, when a page was received,
``newscrawl/rejected_pages`` (the manifest's counts are made of these).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.extensions.crawlstate import CrawlState, crawl_state
from newscrawl.items import Reject
from newscrawl.storage.jsonl import JsonLinesWriter
from newscrawl.storage.runinfo import utc_now_iso

logger = logging.getLogger(__name__)

page_rejected = object()
"""Signal: a page or source was rejected. Arguments: ``reject`` (a :class:`Reject`)."""


def send_reject(crawler: Crawler, reject: Reject) -> None:
    """Report a reject to the recorder."""
    crawler.signals.send_catch_log(page_rejected, reject=reject)


class Rejected(DropItem):
    """Raised by a pipeline: this article is not written, for the reject's reason."""

    def __init__(self, reject: Reject) -> None:
        super().__init__(f"rejected ({reject.reason}): {reject.url}: {reject.detail}", log_level="INFO")
        self.reject = reject


class RejectRecorder:
    """Writes and counts every reject of the run."""

    def __init__(self, crawler: Crawler, state: CrawlState | None = None) -> None:
        self.crawler = crawler
        self._state = state
        self.writer: JsonLinesWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RejectRecorder:
        recorder = cls(crawler)
        crawler.signals.connect(recorder.record, signal=page_rejected)
        crawler.signals.connect(recorder.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(recorder.item_error, signal=signals.item_error)
        crawler.signals.connect(recorder.close, signal=signals.spider_closed)
        return recorder

    @property
    def state(self) -> CrawlState:
        if self._state is None:  # extensions cannot find each other while they are being built
            self._state = crawl_state(self.crawler)
        return self._state

    def item_dropped(self, item: Any, exception: BaseException, response: Any = None, **_: Any) -> None:
        """A pipeline's reject, with the HTTP status of the page it was extracted from."""
        if not isinstance(exception, Rejected):
            return
        reject = exception.reject
        status = getattr(response, "status", None)
        if reject.status is None and reject.fetched and isinstance(status, int):
            reject = replace(reject, status=status)
        self.record(reject)

    def item_error(self, item: Any, response: Any, failure: Any, **_: Any) -> None:
        from newscrawl.frontier.acks import retried_later

        if retried_later(self.crawler, failure.value, getattr(response, "request", None)):
            return
        url = str(getattr(item, "url", None) or getattr(response, "url", "") or "")
        send_reject(
            self.crawler,
            Reject(
                url=url,
                reason="pipeline_error",
                detail=f"{type(failure.value).__name__}: {failure.value}"[:500],
                status=getattr(response, "status", None),
                site=getattr(item, "site", None),
            ),
        )

    def record(self, reject: Reject, **_: Any) -> None:
        """Write one reject and count it."""
        run = self.state.run
        if self.writer is None:
            self.writer = JsonLinesWriter(run.data_dir / "rejects" / f"{run.stem}.jsonl")
            run.files["rejects"].append(str(self.writer.path))
        self.writer.write(
            {
                "url": reject.url,
                "reason": reject.reason,
                "detail": reject.detail,
                "status": reject.status,
                "site": reject.site,
                "run_id": run.run_id,
                "at": utc_now_iso(),
            }
        )
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value("newscrawl/rejects/total")
            if reject.fetched:
                stats.inc_value("newscrawl/rejected_pages")
            stats.inc_value(f"newscrawl/rejects/{reject.reason}")

    def close(self, **_: Any) -> None:
        """Close the rejects file (at ``spider_closed``)."""
        if self.writer is not None:
            self.writer.close()
