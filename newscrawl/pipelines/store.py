"""Write articles and rejects as JSON Lines under the data directory."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro

from newscrawl.items import RejectItem
from newscrawl.runinfo import RunInfo, get_run_info, utc_now_iso
from newscrawl.schema import validate_article
from newscrawl.storage.jsonl import JsonLinesWriter

logger = logging.getLogger(__name__)
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(text: str) -> str:
    """A file-system-safe path segment.

    >>> safe_name("127.0.0.1:8080")
    '127.0.0.1_8080'
    """
    return _SAFE.sub("_", text).strip("._") or "unknown"


class JsonLinesStorePipeline:
    """Articles to ``articles/<site>/<run_id>.jsonl``; rejects to ``rejects/<run_id>.jsonl``.

    Every article is checked against the item's JSON Schema before it is written; one
    that fails becomes a reject ("schema_invalid") rather than a bad line.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.fsync_every = crawler.settings.getint("NEWSCRAWL_FSYNC_EVERY", 50)
        self.run: RunInfo = get_run_info(crawler)
        self.writers: dict[Path, JsonLinesWriter] = {}
        self.written = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JsonLinesStorePipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.close, signal=signals.spider_closed)
        return pipeline

    def _writer(self, path: Path, kind: str) -> JsonLinesWriter:
        writer = self.writers.get(path)
        if writer is None:
            writer = self.writers[path] = JsonLinesWriter(path, self.fsync_every)
            self.run.files[kind].append(str(path))
        return writer

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if isinstance(item, RejectItem):
            self.write_reject(item)
            return item
        if self.limit_reached(spider):
            self.stats.inc_value("newscrawl/skipped/max_articles")
            raise DropItem("max_articles reached: not written (a later run fetches it)", log_level="DEBUG")
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
        site = safe_name(item.get("site") or "unknown")
        path = self.run.data_dir / "articles" / site / f"{self.run.run_id}.jsonl"
        self._writer(path, "articles").write(item)
        self.written += 1
        self.stats.inc_value("newscrawl/articles/written")
        self._check_limit(spider)
        return item

    def write_reject(self, reject: RejectItem) -> None:
        """Record a rejected page with its reason."""
        record = {
            "url": reject.url,
            "reason": reject.reason,
            "detail": reject.detail,
            "status": reject.status,
            "site": reject.site,
            "run_id": self.run.run_id,
            "at": utc_now_iso(),
        }
        path = self.run.data_dir / "rejects" / f"{self.run.run_id}.jsonl"
        self._writer(path, "rejects").write(record)
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

    def close(self, spider: Spider | None = None) -> None:
        """Sync and close every output file."""
        for writer in self.writers.values():
            writer.close()
