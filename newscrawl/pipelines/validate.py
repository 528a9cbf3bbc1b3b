"""Validate articles: an item missing what makes it an article, or published outside the run's
date window, is rejected with a reason (:class:`~newscrawl.extensions.rejects.Rejected`)."""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler

from newscrawl.extensions.crawlstate import CrawlState, crawl_state
from newscrawl.extensions.rejects import Rejected
from newscrawl.items import ArticleItem, Reject


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


class ValidatePipeline:
    """Rejects articles that are not complete or not in the window (the recorder writes them)."""

    def __init__(self, crawler: Crawler, state: CrawlState, min_words: int) -> None:
        self.crawler = crawler
        self.state = state
        self.min_words = min_words

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler, crawl_state(crawler), crawler.settings.getint("NEWSCRAWL_MIN_BODY_WORDS"))

    def process_item(self, item: ArticleItem, spider: Spider | None = None) -> ArticleItem:
        problem = problems_of(item.to_record(), self.min_words)
        if problem is None and not self.state.limits.published_in_window(item.date_published):
            problem = ("out_of_window", f"published {item.date_published}, outside since/until")
        if problem is None:
            return item
        reason, detail = problem
        raise Rejected(Reject(url=item.url or "", reason=reason, detail=detail, site=item.site))
