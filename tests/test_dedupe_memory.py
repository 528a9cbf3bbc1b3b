"""The dedupe step keeps a bounded window of this run's articles in memory; the ledger answers
for older ones, with the same verdicts."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem

from newscrawl.items import ArticleItem
from newscrawl.normalize.loader import PageHints, load_article
from newscrawl.pipelines import dedupe
from newscrawl.pipelines.dedupe import DedupePipeline, Recent
from newscrawl.pipelines.store import JsonLinesStorePipeline
from newscrawl.storage.runinfo import utc_now_iso
from tests.support.crawlers import open_state, project_crawler


def article(n: int, body: str | None = None) -> ArticleItem:
    url = f"https://news.example.com/2026/11/27/story-{n}"
    text = body or f"Story number {n} says the harbour wall was repaired by the council this week. " * 8
    fields = {"headline": f"Story {n}", "article_body": text, "date_published": "2026-11-27"}
    record = load_article(
        fields, {"headline": "dom"}, url, hints=PageHints(site="example"), crawled_at=utc_now_iso()
    )
    return ArticleItem.from_record(record)


def test_recent_forgets_the_oldest_beyond_its_limit() -> None:
    recent = Recent(2)
    for key in "abc":
        recent.remember(key, key.upper())
    assert list(recent) == ["b", "c"]
    recent.remember("b", "B")  # remembered again: the newest
    recent.remember("d", "D")
    assert list(recent) == ["b", "d"]
    assert len(Recent(None)) == 0


def test_duplicates_beyond_the_window_are_still_found_through_the_ledger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dedupe, "IN_RUN_MEMORY", 3)
    crawler = project_crawler(
        NEWSCRAWL_DATA_DIR=str(tmp_path), NEWSCRAWL_RUN_ID="run-m", NEWSCRAWL_BATCH_SIZE="1"
    )
    state = open_state(crawler)
    pipeline = DedupePipeline(crawler, state, drop_near=False)
    store = JsonLinesStorePipeline(crawler, state)
    time.sleep(1.1)  # records of this run are last seen strictly after the pipeline started
    for n in range(6):
        store.process_item(pipeline.process_item(article(n)))
    assert len(pipeline.urls) == 3 and len(pipeline.contents) == 3
    with pytest.raises(DropItem, match=r"duplicate \(url\)"):
        pipeline.process_item(article(0))  # same URL, long forgotten in memory
    with pytest.raises(DropItem, match=r"duplicate \(content\)"):
        pipeline.process_item(article(99, body=article(1).article_body))  # same body, another URL
    store.close_spider()
    stats = crawler.stats
    assert stats.get_value("newscrawl/duplicates/url") == 1
    assert stats.get_value("newscrawl/duplicates/content") == 1
    assert stats.get_value("newscrawl/duplicates/unchanged") is None
    state.close()
