"""Drop articles already written in this run: same canonical URL or same content."""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.items import RejectItem


class DuplicateArticle(DropItem):
    """An article this run already wrote, under the same canonical URL or with the same body."""

    def __init__(self, kind: str, url: str, original: str) -> None:
        super().__init__(f"duplicate ({kind}) of {original}: {url}", log_level="INFO")
        self.kind = kind


class DedupePipeline:
    """Within-run deduplication by canonical URL and by content_sha256 of the normalized body."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.urls: set[str] = set()
        self.contents: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    def _duplicate(self, kind: str, item: dict[str, Any], original: str) -> DuplicateArticle:
        if self.stats is not None:
            self.stats.inc_value(f"newscrawl/duplicates/{kind}")
        return DuplicateArticle(kind, item.get("url") or "", original)

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if isinstance(item, RejectItem):
            return item
        canonical = item.get("canonical_url") or item.get("url")
        if canonical in self.urls:
            raise self._duplicate("url", item, canonical)
        digest = item.get("content_sha256")
        if digest and digest in self.contents:
            raise self._duplicate("content", item, self.contents[digest])
        self.urls.add(canonical)
        if digest:
            self.contents[digest] = canonical
        return item
