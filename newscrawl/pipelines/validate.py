"""Validate articles: an item missing what makes it an article becomes a reject with a reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler

from newscrawl.items import RejectItem


def problems_of(record: dict[str, Any], min_words: int) -> tuple[str, str] | None:
    """(reason, detail) when ``record`` cannot be written as an article, else None.

    >>> problems_of({"url": "u", "headline": "", "article_body": "x", "word_count": 1}, 1)
    ('missing_headline', 'no headline found')
    """
    if not record.get("url"):
        return "missing_url", "the record has no URL"
    if not record.get("headline"):
        return "missing_headline", "no headline found"
    words = int(record.get("word_count") or 0)
    if words == 0:
        return "empty_body", "no article body found"
    if words < min_words:
        return "body_too_short", f"article body has {words} words, fewer than {min_words}"
    return None


def outside_window(published: str | None, since: date | None, until: date | None) -> bool:
    """Whether a date_published falls outside the crawl's since/until window."""
    if not published or not (since or until):
        return False
    try:
        day = date.fromisoformat(published[:10])
    except ValueError:
        return False
    return bool((since and day < since) or (until and day > until))


class ValidatePipeline:
    """Turns invalid articles into RejectItems (the store pipeline writes them to rejects/)."""

    def __init__(self, crawler: Crawler, min_words: int) -> None:
        self.crawler = crawler
        self.min_words = min_words

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler, crawler.settings.getint("NEWSCRAWL_MIN_BODY_WORDS", 40))

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if isinstance(item, RejectItem):
            return item
        problem = problems_of(item, self.min_words)
        spider = spider or self.crawler.spider  # Scrapy passes no spider to pipelines any more
        if problem is None and outside_window(
            item.get("date_published"), getattr(spider, "since", None), getattr(spider, "until", None)
        ):
            problem = ("out_of_window", f"published {item.get('date_published')}, outside since/until")
        if problem is None:
            return item
        reason, detail = problem
        return RejectItem(url=item.get("url") or "", reason=reason, detail=detail, site=item.get("site"))
