"""The listing middleware on its own, with a real crawler's settings, stats and SQLite ledger."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse

from newscrawl.discovery import SourceEntry
from newscrawl.ledger.policy import ListingSchedule
from newscrawl.middlewares.listings import (
    LED_BY,
    ListingNotDue,
    ListingRevisitMiddleware,
    listing_parsed,
    mark_led_by,
)
from newscrawl.middlewares.revisit import CANDIDATE, REVISIT
from newscrawl.normalize.urls import canonicalize_url
from tests.support.crawlers import open_state, project_crawler

TOPIC = canonicalize_url("https://news.example.com/topics/harbour/")
STORY = "https://news.example.com/2026/03/01/harbour-story"


def middleware(tmp_path: Path) -> ListingRevisitMiddleware:
    state = open_state(project_crawler(NEWSCRAWL_DATA_DIR=str(tmp_path)))
    return ListingRevisitMiddleware(state.crawler, state.ledger, ListingSchedule())


def candidate(url: str, **meta: object) -> Request:
    return Request(url, meta={CANDIDATE: True, "newscrawl_site": "example", **meta})


def test_off_by_setting(tmp_path: Path) -> None:
    crawler = project_crawler(NEWSCRAWL_DATA_DIR=str(tmp_path), NEWSCRAWL_LISTING_REVISIT="false")
    with pytest.raises(NotConfigured, match="NEWSCRAWL_LISTING_REVISIT=false"):
        ListingRevisitMiddleware.from_crawler(crawler)


def test_a_listing_that_led_to_nothing_is_skipped_and_counted(tmp_path: Path) -> None:
    mw = middleware(tmp_path)
    assert mw.process_request(candidate(TOPIC)) is None  # unknown: fetched
    mw.crawler.signals.send_catch_log(
        listing_parsed, response=HtmlResponse(TOPIC, body=b"", request=candidate(TOPIC))
    )
    with pytest.raises(ListingNotDue):
        mw.process_request(candidate(TOPIC))
    assert mw.process_request(Request(TOPIC, meta={"newscrawl_start": True})) is None  # start URLs: always
    stats = mw.crawler.stats
    assert stats.get_value("newscrawl/skipped/listing_not_due") == 1
    assert stats.get_value("newscrawl/by_site/example/skipped/listing_not_due") == 1
    assert stats.get_value("newscrawl/listings/fetched") == 1


def test_a_newer_sitemap_lastmod_makes_it_due(tmp_path: Path) -> None:
    mw = middleware(tmp_path)
    mw.ledger.note_listing_fetched(TOPIC, fetched_at=datetime.now(UTC) - timedelta(minutes=5))
    old = SourceEntry(TOPIC, modified=datetime.now(UTC) - timedelta(hours=1))
    with pytest.raises(ListingNotDue):
        mw.process_request(candidate(TOPIC, newscrawl_entry=old))
    fresh = SourceEntry(TOPIC, modified=datetime.now(UTC))
    assert mw.process_request(candidate(TOPIC, newscrawl_entry=fresh)) is None
    assert mw.crawler.stats.get_value("newscrawl/listings/revisited") == 1


def test_a_new_article_credits_the_chain_of_listings_and_a_revisit_does_not(tmp_path: Path) -> None:
    mw = middleware(tmp_path)
    home, section = "https://news.example.com/", TOPIC
    for url in (home, section):
        mw.ledger.note_listing_fetched(url)
    home_page = HtmlResponse(home, body=b"", request=Request(home))
    section_request = mark_led_by(Request(section), home_page)
    section_page = HtmlResponse(section, body=b"", request=section_request)
    story_request = mark_led_by(Request(STORY), section_page)
    assert story_request.meta[LED_BY] == (home, section)
    revisit = Request(STORY, meta={**story_request.meta, REVISIT: STORY})
    mw.on_item({}, HtmlResponse(STORY, body=b"", request=revisit), None)  # type: ignore[arg-type]
    assert not any(mw.ledger.listing(url).yielded_last for url in (home, section))  # type: ignore[union-attr]
    mw.on_item({}, HtmlResponse(STORY, body=b"", request=story_request), None)  # type: ignore[arg-type]
    assert all(mw.ledger.listing(url).yielded_last for url in (home, section))  # type: ignore[union-attr]
    assert mw.process_request(candidate(section)) is None  # it yielded: due on the next run
