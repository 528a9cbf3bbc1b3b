"""Crawl components on their own, with a real crawler's settings, stats and SQLite ledger."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.http import HtmlResponse

from newscrawl.discovery import SourceEntry
from newscrawl.extensions.crawlstate import CrawlState
from newscrawl.extensions.rejects import Rejected, RejectRecorder, page_rejected
from newscrawl.extraction.result import PageExtraction
from newscrawl.extraction.workers import ExtractionWorkers
from newscrawl.items import ArticleItem, Reject
from newscrawl.middlewares.window import OutsideWindow, SourceWindowMiddleware
from newscrawl.normalize.loader import PageHints, load_article
from newscrawl.normalize.urls import canonicalize_url
from newscrawl.pipelines.store import JsonLinesStorePipeline
from newscrawl.pipelines.validate import ValidatePipeline
from newscrawl.sites.rules import SiteRule
from newscrawl.spiders.news import NewsSpider
from newscrawl.spiders.pages import expected_article
from newscrawl.storage.jsonl import read_records
from newscrawl.storage.runinfo import utc_now_iso
from tests.support.crawlers import open_state, project_crawler

URL = "https://news.example.com/2026/11/27/harbour-wall-repaired"


def article(body: str) -> ArticleItem:
    fields = {"headline": "Harbour wall repaired", "article_body": body, "date_published": "2026-11-27"}
    record = load_article(
        fields, {"headline": "dom"}, URL, hints=PageHints(site="example"), crawled_at=utc_now_iso()
    )
    return ArticleItem.from_record(record)


def test_a_revision_the_ledger_disagrees_with_is_counted(tmp_path: Path) -> None:
    crawler = project_crawler(NEWSCRAWL_DATA_DIR=str(tmp_path), NEWSCRAWL_RUN_ID="run-b")
    state = open_state(crawler)
    store = JsonLinesStorePipeline(crawler, state)
    ledger = state.ledger
    first = article("The first version of the story. " * 20)
    assert first.canonical_url and first.content_sha256
    ledger.record(first.canonical_url, first.content_sha256)  # another writer got there first
    second = article("The corrected version of the story. " * 20)
    second.revision = 1  # as a dedupe step that had not seen the first would have said
    store.process_item(second)
    store.close_spider()
    assert crawler.stats.get_value("newscrawl/errors/revision_mismatch") == 1
    (written,) = [r for p in (tmp_path / "articles").glob("**/*.jsonl") for r in read_records(p)]
    assert written["revision"] == 1 and ledger.get(URL).revision == 2
    state.close()


@pytest.mark.parametrize("run_id", ["../escape", "nightly[eu]", "a/b", "-x"])
def test_a_run_id_that_cannot_name_a_file_is_refused(tmp_path: Path, run_id: str) -> None:
    crawler = project_crawler(NEWSCRAWL_DATA_DIR=str(tmp_path), NEWSCRAWL_RUN_ID=run_id)
    with pytest.raises(SystemExit, match="NEWSCRAWL_RUN_ID"):
        CrawlState(crawler)


def test_the_crawl_state_owns_run_and_ledger_and_says_when_the_ledger_is_off(tmp_path: Path) -> None:
    crawler = project_crawler(NEWSCRAWL_DATA_DIR=str(tmp_path), NEWSCRAWL_RUN_ID="run-c")
    state = open_state(crawler)
    assert state.run.run_id == "run-c" and state.run.data_dir == tmp_path
    assert (tmp_path / "state" / "unfinished" / "run-c").exists()  # until the store finishes
    state.ledger.record(URL, "0" * 64)
    state.finish()
    assert state.run.ledger_complete and not (tmp_path / "state" / "unfinished" / "run-c").exists()
    state.close()

    off = open_state(
        project_crawler(NEWSCRAWL_DATA_DIR=str(tmp_path / "off"), NEWSCRAWL_LEDGER_ENABLED=False)
    )
    with pytest.raises(NotConfigured, match="NEWSCRAWL_LEDGER_ENABLED"):
        _ = off.ledger
    assert not (tmp_path / "off" / "state").exists()


def test_a_second_crawl_state_on_a_data_dir_in_use_stops_with_one_line(tmp_path: Path) -> None:
    first = open_state(project_crawler(NEWSCRAWL_DATA_DIR=str(tmp_path)))
    try:
        with pytest.raises(SystemExit, match="refusing to start: another crawl is using"):
            open_state(project_crawler(NEWSCRAWL_DATA_DIR=str(tmp_path)))
    finally:
        first.close()


def rejects_of(crawler: Crawler) -> list[Reject]:
    """The rejects the spider sends on ``crawler`` from now on."""
    seen: list[Reject] = []

    def keep(reject: Reject, **_: Any) -> None:
        seen.append(reject)

    crawler.signals.connect(keep, signal=page_rejected, weak=False)
    return seen


def test_an_extraction_that_raises_is_a_reject_not_a_lost_page(tmp_path: Path) -> None:
    crawler = project_crawler(NewsSpider, NEWSCRAWL_DATA_DIR=str(tmp_path))
    spider = NewsSpider.from_crawler(crawler, start_urls="https://news.example.com/")
    spider.extractor = ExtractionWorkers(0, function=broken_extractor)
    response = HtmlResponse(URL, body=b"<html><body><h1>Hi</h1><p>Text.</p></body></html>", encoding="utf-8")
    rejects = rejects_of(crawler)

    async def collect() -> list:
        return [output async for output in spider.parse_page(response)]

    assert asyncio.run(collect()) == []  # no item: the reject went to the recorder
    (reject,) = rejects
    assert reject.reason == "extraction_error" and "RecursionError" in reject.detail


def broken_extractor(html: str, url: str, rules: Sequence[SiteRule]) -> PageExtraction:
    raise RecursionError("maximum recursion depth exceeded")


def endless_extractor(html: str, url: str, rules: Sequence[SiteRule]) -> PageExtraction:
    while True:
        time.sleep(0.05)


def test_an_extraction_that_runs_too_long_is_a_reject(tmp_path: Path) -> None:
    crawler = project_crawler(NewsSpider, NEWSCRAWL_DATA_DIR=str(tmp_path))
    spider = NewsSpider.from_crawler(crawler, start_urls="https://news.example.com/")
    spider.extractor = ExtractionWorkers(0, function=endless_extractor, timeout=0.3)
    response = HtmlResponse(URL, body=b"<html><body><h1>Hi</h1><p>Text.</p></body></html>", encoding="utf-8")
    rejects = rejects_of(crawler)

    async def collect() -> list:
        return [output async for output in spider.parse_page(response)]

    assert asyncio.run(collect()) == []
    (reject,) = rejects
    assert reject.reason == "extraction_timeout"


def test_a_link_to_a_page_a_source_dated_outside_the_window_is_not_downloaded(tmp_path: Path) -> None:
    crawler = project_crawler(NewsSpider, NEWSCRAWL_DATA_DIR=str(tmp_path))
    crawler.spider = NewsSpider.from_crawler(crawler, start_urls="https://news.example.com/")
    crawler.spider.outside_window.add(canonicalize_url(URL))
    middleware = SourceWindowMiddleware.from_crawler(crawler)
    with pytest.raises(OutsideWindow):
        middleware.process_request(Request(URL + "?utm_source=home"))
    dated = Request(
        URL, meta={"newscrawl_entry": SourceEntry(URL, published=datetime(2020, 1, 1, tzinfo=UTC))}
    )
    assert middleware.process_request(dated) is None  # the source's own entry decides for itself
    assert middleware.process_request(Request("https://news.example.com/2026/11/27/other-story")) is None


@pytest.mark.parametrize(
    ("url", "entry", "expected"),
    [
        ("https://news.example.com/about/", SourceEntry("https://news.example.com/about/"), False),
        (
            "https://news.example.com/about/",
            SourceEntry("https://news.example.com/about/", title="About us"),
            True,
        ),
        ("https://news.example.com/about/", None, False),
        (URL, None, True),
    ],
)
def test_only_dated_or_titled_entries_or_article_urls_are_expected_articles(
    url: str, entry: SourceEntry | None, expected: bool
) -> None:
    meta = {"newscrawl_entry": entry} if entry is not None else {}
    response = HtmlResponse(url, body=b"<html></html>", request=Request(url, meta=meta))
    assert expected_article(response) is expected


def test_rejects_are_written_and_counted_by_the_recorder_not_passed_on(tmp_path: Path) -> None:
    crawler = project_crawler(NewsSpider, NEWSCRAWL_DATA_DIR=str(tmp_path), NEWSCRAWL_RUN_ID="run-r")
    crawler.spider = NewsSpider.from_crawler(
        crawler, start_urls="https://news.example.com/", since="2026-12-01"
    )
    state = open_state(crawler)
    recorder = RejectRecorder(crawler, state)
    validate = ValidatePipeline(crawler, state, min_words=5)
    old = article("The harbour wall was repaired after the storm. " * 5)  # published 2026-11-27
    with pytest.raises(Rejected) as dropped:
        validate.process_item(old)
    recorder.item_dropped(item=old, exception=dropped.value)
    recorder.record(Reject(URL + "/gone", "http_404", "HTTP status 404", status=404, fetched=False))
    recorder.item_dropped(item=old, exception=DropItem("duplicate"))  # a duplicate is not a reject
    recorder.close()
    lines = read_records(tmp_path / "rejects" / "run-r.jsonl")
    assert [(r["reason"], r["run_id"]) for r in lines] == [("out_of_window", "run-r"), ("http_404", "run-r")]
    stats = crawler.stats
    assert stats.get_value("newscrawl/rejects/total") == 2
    assert stats.get_value("newscrawl/rejected_pages") == 1  # the 404 brought no page
    assert stats.get_value("newscrawl/rejects/out_of_window") == 1
    assert state.run.files["rejects"] == [str(tmp_path / "rejects" / "run-r.jsonl")]
    state.close()
