"""Write articles and rejects as JSON Lines under the data directory, then record them in the ledger.

Layout (``NEWSCRAWL_DATA_DIR``):

- ``articles/<site>/<YYYY-MM-DD>/<run_id>.jsonl`` — one article per line; the date is the
  UTC day of the crawl. With ``NEWSCRAWL_GZIP``: ``<run_id>-<n>.jsonl.gz``, one file per batch.

(Rejects, ``rejects/<run_id>.jsonl``, are written by :mod:`newscrawl.extensions.rejects`.)

Articles are written in batches of ``NEWSCRAWL_BATCH_SIZE``: each line is appended whole;
at the end of a batch the files (and the WARC files, see :mod:`newscrawl.warc.capture`) are
fsynced and only then are the batch's URLs recorded in the ledger. A killed run's unrecorded tail is recorded when the next crawl starts
(see :mod:`newscrawl.storage.reconcile`).

A worker of a shared run (Redis ledger) names its files ``<run_id>.<worker_id>.jsonl`` and
commits first: at the end of a batch it commits the buffered records to the ledger, which parks
those this worker won (:mod:`newscrawl.ledger.redis_pending`); it writes and fsyncs only those,
with the revision the ledger gave them (an article another worker committed first, by URL or
by content, is counted as ``newscrawl/duplicates/other_worker`` and not written), then forgets
them and releases the requests' leases, so the frontier acknowledges them after they are
durable. The last partial batch is committed when the spider is idle; a dead worker's parked
records are written by a live one (:mod:`newscrawl.storage.takeover`).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, DropItem
from twisted.internet.task import LoopingCall

from newscrawl.extensions.accounting import send_outcome
from newscrawl.extensions.crawlstate import CrawlState, crawl_state, ledger_or_none
from newscrawl.extensions.rejects import Rejected
from newscrawl.items import ArticleItem, Reject
from newscrawl.ledger import Ingested, Ledger
from newscrawl.ledger.redis_pending import PendingBook
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


def article_path(data_dir: Path, record: dict[str, Any], stem: str) -> Path:
    """``articles/<site>/<day of the crawl>/<stem>.jsonl``: where a record goes."""
    day = (record.get("crawled_at") or utc_now_iso())[:10]
    return data_dir / "articles" / safe_name(record.get("site") or "unknown") / day / f"{stem}.jsonl"


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
        # Shared run on the Redis ledger: commit first, then write (records and leases buffered).
        self.book: PendingBook | None = state.pending_book()
        self.buffered: list[tuple[dict[str, Any], str | None]] = []
        self._undone: list[str] = []  # written, still to be cleared from the pending hash
        self._heartbeat: LoopingCall | None = None
        if self.book is not None:
            crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
            crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

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
        fetch = item.fetch
        ingested = Ingested(
            canonical_url=record["canonical_url"],
            content_sha256=record["content_sha256"],
            site=item.site,
            date_modified=item.date_modified,
            etag=fetch.etag,
            last_modified=fetch.last_modified,
            signature=fetch.signature,
            requested_url=fetch.lookup_url,
        )
        if self.book is not None:  # commit first: written at the end of the batch if this worker won
            self.state.hold_lease(fetch.lease)
            self.buffered.append((record, fetch.lease))
            self.pending.append(ingested)
        else:
            self._article_writer(record).write(record)
            self.pending.append(ingested)
            self.pending_revisions.append(item.revision)
            self.written += 1
            self._count(record)
        if len(self.pending) >= self.batch_size:
            self.commit()
        return item

    def _article_writer(self, item: dict[str, Any]) -> RecordWriter:
        path = article_path(self.run.data_dir, item, self.run.stem)
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
        URLs in the ledger (a shared run's worker: commit, then write what it won)."""
        self.state.make_durable()
        if self.book is not None:
            self._commit_shared(self.book)
            return
        for writer in self.writers.values():
            writer.sync()
        if self.ledger is not None and self.pending:
            recorded = self.ledger.record_many(self.pending)
            self._check_revisions(recorded)
        self.pending.clear()
        self.pending_revisions.clear()
        self.state.commit_aliases()

    def _commit_shared(self, book: PendingBook) -> None:
        from redis.exceptions import RedisError

        from newscrawl.ledger import LedgerUnavailableError

        batch, items = self.buffered, self.pending
        if not batch:
            self.state.commit_aliases()
            return
        try:
            commits = book.commit(items, [record for record, _ in batch])
            # Won: parked in this worker's pending hash (also true when a retried commit found
            # its own first attempt applied and answered "unchanged").
            mine = book.still_mine([record["canonical_url"] for record, _ in batch])
        except (RedisError, LedgerUnavailableError) as exc:  # kept, leases held: tried again later
            logger.error("Could not commit %d articles to the ledger (%s); will retry", len(batch), exc)
            self.stats.inc_value("newscrawl/errors/commit_retried")
            return
        self.buffered, self.pending = [], []
        won = []
        for (record, _), commit, parked in zip(batch, commits, mine, strict=True):
            if parked:
                record["revision"] = commit.revision
                won.append(record)
            else:
                self.stats.inc_value("newscrawl/duplicates/other_worker")
                send_outcome(self.crawler, record["url"], "duplicate", replace=True)
                logger.info(
                    "Not written: another worker committed %s first (%s)",
                    record["canonical_url"],
                    commit.duplicate_of or commit.status,
                )
        for record in won:
            self._article_writer(record).write(record)
            self.written += 1
            self._count(record)
        for writer in self.writers.values():
            writer.sync()
        self._undone += [record["canonical_url"] for record in won]
        try:
            book.done(self._undone)
            self._undone = []
        except RedisError as exc:  # durable all the same; forgotten at the next batch
            logger.warning("Could not clear %d pending records in Redis (%s)", len(self._undone), exc)
        for _, lease in batch:
            self.state.release_lease(lease)
        self.state.commit_aliases()

    # --- shared run: liveness, idle, dead workers ----------------------------------------
    def spider_opened(self, spider: Spider) -> None:
        assert self.book is not None
        self._heartbeat = LoopingCall(self._beat)
        self._heartbeat.start(max(self.book.lease_ms / 3000, 0.1), now=True)

    def _beat(self) -> None:
        from redis.exceptions import RedisError

        assert self.book is not None
        try:
            self.book.heartbeat()
        except RedisError as exc:  # the frontier stops the worker when Redis stays away
            logger.warning("Could not renew this worker's liveness in Redis: %s", exc)

    def spider_idle(self, spider: Spider) -> None:
        """Commit the partial batch (its leases are held), and write what dead workers left."""
        from redis.exceptions import RedisError

        assert self.book is not None
        try:
            self.commit()  # the partial batch, and aliases staged since the last batch
            if self.adopt() or self._others_pending(spider):
                raise DontCloseSpider
        except RedisError as exc:
            logger.error("Redis unreachable while committing (%s); the frontier stops the worker", exc)

    def adopt(self) -> int:
        """Write the parked records of dead workers into this worker's files."""
        from newscrawl.storage.takeover import adopt_dead_workers

        assert self.book is not None
        done = adopt_dead_workers(
            self.book, self.run.data_dir, self.run.stem, self.stats, writer_for=self._article_writer
        )
        self.written += done
        return done

    def _others_pending(self, spider: Spider) -> bool:
        """Whether a live worker of this run still has records to write (the run waits for them)."""
        assert self.book is not None
        prefix = f"{self.run.run_id}."
        book = self.book
        return any(s.startswith(prefix) and book.has_pending(s) and book.alive(s) for s in book.others())

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
            if self.book is not None:
                self._close_shared(self.book)
            self.state.finish()
        finally:
            for writer in self.writers.values():
                writer.close()
                paths = getattr(writer, "paths", None) or [writer.path]
                self.run.files["articles"].extend(str(p) for p in paths)

    def _close_shared(self, book: PendingBook) -> None:
        if self._heartbeat is not None and self._heartbeat.running:
            self._heartbeat.stop()
        from redis.exceptions import RedisError

        try:
            self.adopt()
            book.leave()
        except RedisError as exc:
            logger.error("Redis unreachable at close (%s): a later worker adopts what is pending", exc)
