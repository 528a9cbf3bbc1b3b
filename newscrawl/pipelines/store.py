"""Write articles and rejects as JSON Lines under the data directory, then record them in the ledger.

Layout (``NEWSCRAWL_DATA_DIR``):

- ``articles/<site>/<YYYY-MM-DD>/<run_id>.jsonl`` — one article per line; the date is the
  UTC day of the crawl. With ``NEWSCRAWL_GZIP``: ``<run_id>-<n>.jsonl.gz``, one file per batch.
- ``rejects/<run_id>.jsonl`` — pages fetched but not written, with the reason.

Articles are written in batches of ``NEWSCRAWL_BATCH_SIZE``: each line is appended whole;
at the end of a batch the files are fsynced and only then are the batch's URLs recorded
in the ledger. A killed run's unrecorded tail is recorded when the next crawl starts
(see :mod:`newscrawl.storage.reconcile`).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro

from newscrawl.items import FETCH_META, RejectItem
from newscrawl.ledger import Ingested, Ledger
from newscrawl.runinfo import RunInfo, get_run_info, utc_now_iso
from newscrawl.schema import validate_article
from newscrawl.state import crawl_ledger, staged_aliases
from newscrawl.storage.jsonl import JsonLinesWriter, RecordWriter, open_writer
from newscrawl.storage.reconcile import mark_finished

logger = logging.getLogger(__name__)
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
# Fields whose coverage (share of records with a value) the run manifest reports.
COVERAGE_FIELDS = (
    "description", "authors", "date_published", "date_modified", "section", "tags", "language",
    "publisher", "attribution", "images", "related_urls",
)  # fmt: skip


def safe_name(text: str) -> str:
    """A file-system-safe path segment.

    >>> safe_name("127.0.0.1:8080")
    '127.0.0.1_8080'
    """
    return _SAFE.sub("_", text).strip("._") or "unknown"


class JsonLinesStorePipeline:
    """Writes articles and rejects durably and records written articles in the ledger."""

    def __init__(self, crawler: Crawler, ledger: Ledger | None) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.ledger = ledger
        self.batch_size = max(1, settings.getint("NEWSCRAWL_BATCH_SIZE", 20))
        self.compress = settings.getbool("NEWSCRAWL_GZIP", False)
        self.run: RunInfo = get_run_info(crawler)
        self.writers: dict[Path, RecordWriter] = {}
        self.rejects: JsonLinesWriter | None = None
        self.pending: list[Ingested] = []
        self.pending_revisions: list[int] = []
        self.written = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JsonLinesStorePipeline:
        return cls(crawler, crawl_ledger(crawler))

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if isinstance(item, RejectItem):
            self.write_reject(item)
            return item
        if self.limit_reached(spider):
            self.stats.inc_value("newscrawl/skipped/max_articles")
            raise DropItem("max_articles reached: not written (a later run fetches it)", log_level="DEBUG")
        fetch = item.pop(FETCH_META, {})
        item["run_id"] = self.run.run_id
        if item.get("revision") is None:
            item["revision"] = 1
        errors = validate_article(item)
        if errors:
            logger.error("Record for %s fails the schema: %s", item.get("url"), "; ".join(errors[:3]))
            reject = RejectItem(
                url=item.get("url") or "", reason="schema_invalid", detail="; ".join(errors[:5])
            )
            self.write_reject(reject)
            return reject
        self._article_writer(item).write(item)
        self.pending.append(
            Ingested(
                canonical_url=item["canonical_url"],
                content_sha256=item["content_sha256"],
                site=item.get("site"),
                date_modified=item.get("date_modified"),
                etag=fetch.get("etag"),
                last_modified=fetch.get("last_modified"),
                signature=fetch.get("signature"),
                requested_url=fetch.get("lookup_url"),
            )
        )
        self.pending_revisions.append(item["revision"])
        self.written += 1
        self._count(item)
        if len(self.pending) >= self.batch_size:
            self.commit()
        self._check_limit(spider)
        return item

    def _article_writer(self, item: dict[str, Any]) -> RecordWriter:
        day = (item.get("crawled_at") or utc_now_iso())[:10]
        path = (
            self.run.data_dir
            / "articles"
            / safe_name(item.get("site") or "unknown")
            / day
            / f"{self.run.run_id}.jsonl"
        )
        writer = self.writers.get(path)
        if writer is None:
            writer = self.writers[path] = open_writer(path, self.compress)
        return writer

    def _count(self, item: dict[str, Any]) -> None:
        self.stats.inc_value("newscrawl/articles/written")
        self.stats.inc_value(f"newscrawl/by_site/{item.get('site')}/articles/written")
        if item["revision"] > 1:
            self.stats.inc_value("newscrawl/articles/revisions")
        for field in COVERAGE_FIELDS:
            if item.get(field):
                self.stats.inc_value(f"newscrawl/coverage/{field}")

    def commit(self) -> None:
        """Make the written lines durable, then record their URLs in the ledger."""
        for writer in self.writers.values():
            writer.sync()
        if self.ledger is not None and self.pending:
            recorded = self.ledger.record_many(self.pending)
            self._check_revisions(recorded)
        self.pending.clear()
        self.pending_revisions.clear()
        self._commit_aliases()

    def _check_revisions(self, recorded: list[int]) -> None:
        """Compare the revisions written with those the ledger assigned; a difference means two
        writers raced on one URL (counted and logged: the lines written stay as they are)."""
        for ingested, written, assigned in zip(self.pending, self.pending_revisions, recorded, strict=False):
            if written != assigned:
                self.stats.inc_value("newscrawl/errors/revision_mismatch")
                logger.error(
                    "Revision mismatch for %s: written as %d, the ledger has %d",
                    ingested.canonical_url,
                    written,
                    assigned,
                )

    def _commit_aliases(self) -> None:
        """Record duplicate URLs whose original is now in the ledger; forget the others."""
        staged = staged_aliases(self.crawler)
        ledger = self.ledger
        waiting = list(staged) if ledger is not None else []
        while ledger is not None and waiting:  # an alias may point at another alias staged in the same batch
            ready = [alias for alias, original in waiting if ledger.seen(original)]
            if not ready:
                break
            ledger.record_many(ready)
            recorded = {id(alias) for alias in ready}
            waiting = [(alias, original) for alias, original in waiting if id(alias) not in recorded]
        staged.clear()

    def write_reject(self, reject: RejectItem) -> None:
        """Record a page that was not written, with its reason."""
        record = {
            "url": reject.url,
            "reason": reject.reason,
            "detail": reject.detail,
            "status": reject.status,
            "site": reject.site,
            "run_id": self.run.run_id,
            "at": utc_now_iso(),
        }
        if self.rejects is None:
            self.rejects = JsonLinesWriter(self.run.data_dir / "rejects" / f"{self.run.run_id}.jsonl")
            self.run.files["rejects"].append(str(self.rejects.path))
        self.rejects.write(record)
        self.stats.inc_value("newscrawl/rejects/total")
        if reject.fetched:
            self.stats.inc_value("newscrawl/rejected_pages")
        self.stats.inc_value(f"newscrawl/rejects/{reject.reason}")

    def limit_reached(self, spider: Spider | None) -> bool:
        """Whether the spider's ``max_articles`` are written already."""
        limit = getattr(spider or self.crawler.spider, "max_articles", None)
        return bool(limit and self.written >= limit)

    def _check_limit(self, spider: Spider | None) -> None:
        if self.limit_reached(spider) and self.crawler.engine is not None:
            logger.info("max_articles=%d reached, closing the crawl", self.written)
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="max_articles"))

    def close_spider(self, spider: Spider | None = None) -> None:
        """Commit the last batch and close every file; the run is complete only if all succeeded."""
        try:
            self.commit()
            self.run.ledger_complete = True
            mark_finished(self.run.data_dir, self.run.run_id)
        finally:
            for writer in self.writers.values():
                writer.close()
                paths = getattr(writer, "paths", None) or [writer.path]
                self.run.files["articles"].extend(str(p) for p in paths)
            if self.rejects is not None:
                self.rejects.close()
