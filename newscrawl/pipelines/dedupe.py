"""Deduplicate: within the run and against the ledger of earlier runs.

In order: canonical URL already written in this run; same canonical URL ingested before
with the same body ("unchanged"; with another body the record becomes the next revision);
same body under another URL ("content"); near-identical body ("near": annotated with
``near_duplicate_of``, or dropped when ``NEWSCRAWL_DROP_NEAR_DUPLICATES`` is set).
"""

from __future__ import annotations

from collections import deque

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.extensions.crawlstate import CrawlState, crawl_state, ledger_or_none
from newscrawl.items import ArticleItem
from newscrawl.ledger import Ingested, Ledger, url_identity
from newscrawl.ledger.neardup import similarity


class DuplicateArticle(DropItem):
    """An article written before, under the same canonical URL or with the same body."""

    def __init__(self, kind: str, url: str, original: str) -> None:
        super().__init__(f"duplicate ({kind}) of {original}: {url}", log_level="INFO")
        self.kind = kind


class DedupePipeline:
    """Drops duplicates (counted by kind) and sets ``revision`` and ``near_duplicate_of``."""

    def __init__(self, crawler: Crawler, state: CrawlState, drop_near: bool) -> None:
        self.stats = crawler.stats
        self.state = state
        self.ledger: Ledger | None = ledger_or_none(state)  # without one, duplicates within the run only
        self.drop_near = drop_near
        self.threshold = state.near_duplicate_threshold
        self.urls: set[str] = set()
        self.contents: dict[str, str] = {}
        # Signatures of recent articles, which may not be in the ledger yet (it records per batch).
        self.recent: deque[tuple[str, bytes]] = deque(
            maxlen=max(1, crawler.settings.getint("NEWSCRAWL_BATCH_SIZE"))
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler, crawl_state(crawler), crawler.settings.getbool("NEWSCRAWL_DROP_NEAR_DUPLICATES"))

    def _duplicate(self, kind: str, item: ArticleItem, original: str) -> DuplicateArticle:
        if self.stats is not None:
            self.stats.inc_value(f"newscrawl/duplicates/{kind}")
        return DuplicateArticle(kind, item.url or "", original)

    def _remember_alias(self, item: ArticleItem, canonical: str, original: str) -> None:
        """A duplicate URL counts as ingested too, once its original is: later runs skip it."""
        if self.ledger is not None and item.content_sha256 and not self.ledger.seen(canonical):
            alias = Ingested(
                canonical, item.content_sha256, site=item.site, requested_url=item.fetch.lookup_url
            )
            self.state.stage_alias(alias, original, item.fetch.lease)

    def process_item(self, item: ArticleItem, spider: Spider | None = None) -> ArticleItem:
        canonical = item.canonical_url or item.url or ""
        digest = item.content_sha256
        identity = url_identity(canonical)  # www. and http/https variants are one article
        if identity in self.urls:
            raise self._duplicate("url", item, canonical)
        if digest and digest in self.contents:
            self._remember_alias(item, canonical, self.contents[digest])
            raise self._duplicate("content", item, self.contents[digest])
        if self.ledger is not None:
            self._check_ledger(item, canonical, digest)
        self._check_near(item, canonical)
        self.urls.add(identity)
        if digest:
            self.contents[digest] = canonical
        return item

    def _check_ledger(self, item: ArticleItem, canonical: str, digest: str | None) -> None:
        assert self.ledger is not None
        fetch = item.fetch
        entry = self.ledger.get(canonical)
        if entry is not None:
            if entry.content_sha256 == digest:
                self.ledger.touch_fetched(canonical, fetch.etag, fetch.last_modified)
                if fetch.lookup_url:
                    self.ledger.remember_request(fetch.lookup_url, entry.canonical_url)
                raise self._duplicate("unchanged", item, entry.canonical_url)
            item.revision = entry.revision + 1
            if self.stats is not None:
                self.stats.inc_value("newscrawl/revisions/changed")
            return
        original = self.ledger.find_content(digest, exclude=canonical) if digest else None
        if original:
            self._remember_alias(item, canonical, original)
            raise self._duplicate("content", item, original)

    def _check_near(self, item: ArticleItem, canonical: str) -> None:
        body = item.article_body or ""
        if self.ledger is None or not body:
            return
        sig = self.ledger.signature(body)
        if sig is None:
            return
        item.fetch.signature = sig
        original = self.ledger.find_near_duplicate(sig, exclude=canonical)
        if original is None:
            original = next(
                (
                    url
                    for url, other in self.recent
                    if url != canonical and similarity(sig, other) >= self.threshold
                ),
                None,
            )
        self.recent.append((canonical, sig))
        if original is None or item.revision not in (None, 1):
            return
        if self.drop_near:
            self._remember_alias(item, canonical, original)
            raise self._duplicate("near", item, original)
        item.near_duplicate_of = original
        if self.stats is not None:
            self.stats.inc_value("newscrawl/near_duplicates/annotated")
