"""Write articles and rejects as JSON Lines under the data directory, then record them in the ledger.

Layout (``NEWSCRAWL_DATA_DIR``):

- ``articles/<site>/<YYYY-MM-DD>/<run_id>.jsonl`` — one article per line; the date is the
  UTC day of the crawl. With ``NEWSCRAWL_GZIP``: ``<run_id>-<n>.jsonl.gz``, one file per batch.

(Rejects, ``rejects/<run_id>.jsonl``, are written by :mod:`newscrawl.extensions.rejects`.)

Articles are written in batches of ``NEWSCRAWL_BATCH_SIZE``: each line is appended whole;
at the end of a batch the files (and the WARC files, see :mod:`newscrawl.warc.capture`) are
fsynced and only then are the batch's URLs recorded in the ledger. A killed run's unrecorded tail is recorded when the next crawl starts
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

from newscrawl.extensions.crawlstate import CrawlState, crawl_state, ledger_or_none
from newscrawl.extensions.rejects import Rejected
from newscrawl.items import ArticleItem, Reject
from newscrawl.ledger import Ingested, Ledger
from newscrawl.schema import validate_article
from newscrawl.storage.jsonl import RecordWriter, open_writer
from newscrawl.storage.runinfo import RunInfo, utc_now_iso

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
    """Writes articles durably and records written articles in the ledger."""

    def __init__(self, crawler: Crawler, state: CrawlState) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.state = state
        self.ledger: Ledger | None = ledger_or_none(state)
        self.batch_size = max(1, settings.getint("NEWSCRAWL_BATCH_SIZE"))
        self.compress = settings.getbool("NEWSCRAWL_GZIP")
        self.run: RunInfo = state.run
        self.writers: dict[Path, RecordWriter] = {}
        self.pending: list[Ingested] = []
        self.pending_revisions: list[int] = []
        self.written = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JsonLinesStorePipeline:
        return cls(crawler, crawl_state(crawler))

    def process_item(self, item: ArticleItem, spider: Spider | None = None) -> ArticleItem:
        if not self.state.limits.allows_more(self.written):  # in flight when the limit closed the crawl
            self.stats.inc_value("newscrawl/skipped/max_articles")
            raise DropItem("max_articles reached: not written (a later run fetches it)", log_level="DEBUG")
        item.run_id = self.run.run_id
        if item.revision is None:
            item.revision = 1
        record = item.to_record()
        errors = validate_article(record)
        if errors:
            logger.error("Record for %s fails the schema: %s", item.url, "; ".join(errors[:3]))
            detail = "; ".join(errors[:5])
            raise Rejected(Reject(url=item.url or "", reason="schema_invalid", detail=detail, site=item.site))
        self._article_writer(record).write(record)
        fetch = item.fetch
        self.pending.append(
            Ingested(
                canonical_url=record["canonical_url"],
                content_sha256=record["content_sha256"],
                site=item.site,
                date_modified=item.date_modified,
                etag=fetch.etag,
                last_modified=fetch.last_modified,
                signature=fetch.signature,
                requested_url=fetch.lookup_url,
            )
        )
        self.pending_revisions.append(item.revision)
        self.written += 1
        self._count(record)
        if len(self.pending) >= self.batch_size:
            self.commit()
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
        """Make the written lines (and the pages archived with them) durable, then record their
        URLs in the ledger."""
        self.state.make_durable()
        for writer in self.writers.values():
            writer.sync()
        if self.ledger is not None and self.pending:
            recorded = self.ledger.record_many(self.pending)
            self._check_revisions(recorded)
        self.pending.clear()
        self.pending_revisions.clear()
        self.state.commit_aliases()

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

    def close_spider(self, spider: Spider | None = None) -> None:
        """Commit the last batch and close every file; the run is complete only if all succeeded."""
        try:
            self.commit()
            self.state.finish()
        finally:
            for writer in self.writers.values():
                writer.close()
                paths = getattr(writer, "paths", None) or [writer.path]
                self.run.files["articles"].extend(str(p) for p in paths)
