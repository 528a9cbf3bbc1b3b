"""The revisit middleware on its own, with a real SQLite ledger: skip, conditional revisit, 304."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import Response

from newscrawl.discovery import SourceEntry
from newscrawl.extensions.crawlstate import CrawlState
from newscrawl.middlewares.revisit import CANDIDATE, AlreadyIngested, NotModified, RevisitMiddleware
from tests.support.crawlers import open_state, project_crawler

URL = "https://news.example.com/2026/11/27/harbour-wall-repaired"
FETCHED = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.fixture
def state(tmp_path: Path) -> Iterator[CrawlState]:
    state = open_state(project_crawler(NEWSCRAWL_DATA_DIR=str(tmp_path)))
    state.ledger.record(
        URL, "a" * 64, etag='"v1"', last_modified="Fri, 27 Nov 2026 12:00:00 GMT", fetched_at=FETCHED
    )
    yield state
    state.close()


def middleware(state: CrawlState) -> RevisitMiddleware:
    return RevisitMiddleware(state.crawler, state.ledger, state.revisit_policy)


def page_request(url: str = URL, lastmod: datetime | None = None) -> Request:
    entry = SourceEntry(url, modified=lastmod) if lastmod else None
    meta = {CANDIDATE: True, "newscrawl_site": "example"}
    return Request(url, meta={**meta, "newscrawl_entry": entry} if entry else meta)


def stat(state: CrawlState, key: str) -> int:
    return int(state.crawler.stats.get_value(f"newscrawl/{key}", 0))


def test_a_page_ingested_before_and_not_changed_since_is_skipped_and_counted(state: CrawlState) -> None:
    with pytest.raises(AlreadyIngested):
        middleware(state).process_request(page_request(lastmod=FETCHED - timedelta(days=1)))
    assert stat(state, "skipped/seen") == 1 and stat(state, "by_site/example/skipped/seen") == 1


def test_unknown_pages_and_sources_go_on_untouched(state: CrawlState) -> None:
    other = page_request("https://news.example.com/2026/11/28/new-story")
    source = Request(URL)  # not a candidate: a sitemap, feed or start URL
    for request in (other, source):
        assert middleware(state).process_request(request) is None
        assert b"If-None-Match" not in request.headers
    assert stat(state, "skipped/seen") == 0


def test_a_due_revisit_is_conditional_and_a_304_touches_the_ledger(state: CrawlState) -> None:
    revisits = middleware(state)
    request = page_request(lastmod=FETCHED + timedelta(days=1))
    assert revisits.process_request(request) is None
    assert request.headers["If-None-Match"] == b'"v1"'
    assert request.headers["If-Modified-Since"] == b"Fri, 27 Nov 2026 12:00:00 GMT"
    assert stat(state, "revisits/scheduled") == 1
    assert revisits.process_request(request) is None  # a retry is not counted twice
    assert stat(state, "revisits/scheduled") == 1
    reply = Response(URL, status=304, headers={"ETag": '"v2"'}, request=request)
    with pytest.raises(NotModified):
        revisits.process_response(request, reply)
    assert stat(state, "revisits/not_modified") == 1
    entry = state.ledger.get(URL)
    assert entry is not None and entry.etag == '"v2"' and entry.last_fetched and entry.last_fetched > FETCHED
    # The fetch was noted: the same lastmod no longer makes it due.
    with pytest.raises(AlreadyIngested):
        middleware(state).process_request(page_request(lastmod=FETCHED + timedelta(days=1)))


def test_a_changed_page_goes_through(state: CrawlState) -> None:
    revisits = middleware(state)
    request = page_request(lastmod=FETCHED + timedelta(days=1))
    revisits.process_request(request)
    reply = Response(URL, status=200, body=b"<html></html>", request=request)
    assert revisits.process_response(request, reply) is reply
    assert stat(state, "revisits/not_modified") == 0
