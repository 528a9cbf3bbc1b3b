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
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.discovery import SourceEntry
from newscrawl.extraction.result import PageExtraction
from newscrawl.items import RejectItem
from newscrawl.loaders import PageHints, load_article
from newscrawl.middlewares.window import OutsideWindow, SourceWindowMiddleware
from newscrawl.pipelines.store import JsonLinesStorePipeline
from newscrawl.runinfo import get_run_info, utc_now_iso
from newscrawl.sites.rules import SiteRule
from newscrawl.spiders.base import _expected_article
from newscrawl.spiders.news import NewsSpider
from newscrawl.state import crawl_ledger
from newscrawl.storage.jsonl import read_records
from newscrawl.urls import canonicalize_url
from newscrawl.workers import ExtractionWorkers

URL = "https://news.example.com/2026/11/27/harbour-wall-repaired"


def article(body: str) -> dict[str, Any]:
    fields = {"headline": "Harbour wall repaired", "article_body": body, "date_published": "2026-11-27"}
    item = load_article(
        fields, {"headline": "dom"}, URL, hints=PageHints(site="example"), crawled_at=utc_now_iso()
    )
    return dict(item)


def test_a_revision_the_ledger_disagrees_with_is_counted(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_DATA_DIR": str(tmp_path), "NEWSCRAWL_RUN_ID": "run-b"})
    store = JsonLinesStorePipeline.from_crawler(crawler)
    ledger = crawl_ledger(crawler)
    assert ledger is not None
    first = article("The first version of the story. " * 20)
    ledger.record(first["canonical_url"], first["content_sha256"])  # another writer got there first
    second = article("The corrected version of the story. " * 20)
    second["revision"] = 1  # as a dedupe step that had not seen the first would have said
    store.process_item(second)
    store.close_spider()
    assert crawler.stats.get_value("newscrawl/errors/revision_mismatch") == 1
    (written,) = [r for p in (tmp_path / "articles").glob("**/*.jsonl") for r in read_records(p)]
    assert written["revision"] == 1 and ledger.get(URL).revision == 2
    ledger.close()


@pytest.mark.parametrize("run_id", ["../escape", "nightly[eu]", "a/b", ""])
def test_a_run_id_that_cannot_name_a_file_is_refused(tmp_path: Path, run_id: str) -> None:
    crawler = get_crawler(
        settings_dict={"NEWSCRAWL_DATA_DIR": str(tmp_path), "NEWSCRAWL_RUN_ID": run_id or " "}
    )
    with pytest.raises(SystemExit, match="NEWSCRAWL_RUN_ID"):
        get_run_info(crawler)


def test_an_extraction_that_raises_is_a_reject_not_a_lost_page(tmp_path: Path) -> None:
    crawler = get_crawler(NewsSpider, settings_dict={"NEWSCRAWL_DATA_DIR": str(tmp_path)})
    spider = NewsSpider.from_crawler(crawler, start_urls="https://news.example.com/")
    spider.extractor = ExtractionWorkers(0, function=broken_extractor)
    response = HtmlResponse(URL, body=b"<html><body><h1>Hi</h1><p>Text.</p></body></html>", encoding="utf-8")

    async def collect() -> list:
        return [output async for output in spider.parse_page(response)]

    (reject,) = asyncio.run(collect())
    assert isinstance(reject, RejectItem)
    assert reject.reason == "extraction_error" and "RecursionError" in reject.detail


def broken_extractor(html: str, url: str, rules: Sequence[SiteRule]) -> PageExtraction:
    raise RecursionError("maximum recursion depth exceeded")


def endless_extractor(html: str, url: str, rules: Sequence[SiteRule]) -> PageExtraction:
    while True:
        time.sleep(0.05)


def test_an_extraction_that_runs_too_long_is_a_reject(tmp_path: Path) -> None:
    crawler = get_crawler(NewsSpider, settings_dict={"NEWSCRAWL_DATA_DIR": str(tmp_path)})
    spider = NewsSpider.from_crawler(crawler, start_urls="https://news.example.com/")
    spider.extractor = ExtractionWorkers(0, function=endless_extractor, timeout=0.3)
    response = HtmlResponse(URL, body=b"<html><body><h1>Hi</h1><p>Text.</p></body></html>", encoding="utf-8")

    async def collect() -> list:
        return [output async for output in spider.parse_page(response)]

    (reject,) = asyncio.run(collect())
    assert isinstance(reject, RejectItem) and reject.reason == "extraction_timeout"


def test_a_link_to_a_page_a_source_dated_outside_the_window_is_not_downloaded(tmp_path: Path) -> None:
    crawler = get_crawler(NewsSpider, settings_dict={"NEWSCRAWL_DATA_DIR": str(tmp_path)})
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
    assert _expected_article(response) is expected
