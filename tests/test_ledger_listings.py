"""The ledger's listing pages, on every backend (SQLite, Redis), and the adaptive schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newscrawl.ledger import Ledger
from newscrawl.ledger.policy import ListingSchedule

TOPIC = "https://www.example-news.com/topics/harbour"
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def ledger(open_test_ledger):
    with open_test_ledger() as opened:
        yield opened


def test_an_unknown_listing_is_none_and_takes_no_yield(ledger: Ledger) -> None:
    assert ledger.listing(TOPIC) is None
    assert not ledger.note_listing_yield(TOPIC, at=T0)
    assert ledger.listing(TOPIC) is None


def test_first_fetch_is_recorded(ledger: Ledger) -> None:
    entry = ledger.note_listing_fetched(TOPIC, fetched_at=T0)
    assert (entry.url, entry.first_seen, entry.last_fetched, entry.last_yield, entry.misses) == (
        TOPIC, T0, T0, None, 0,
    )  # fmt: skip
    assert ledger.listing(TOPIC) == entry
    assert not entry.yielded_last


def test_variants_of_the_url_are_one_listing(ledger: Ledger) -> None:
    ledger.note_listing_fetched(TOPIC, fetched_at=T0)
    variant = TOPIC.replace("https://www.", "http://")
    entry = ledger.listing(variant)
    assert entry is not None and entry.url == TOPIC
    assert ledger.note_listing_fetched(variant, fetched_at=T0 + timedelta(hours=1)).url == TOPIC


def test_yield_marks_the_latest_fetch_and_settles_at_the_next(ledger: Ledger) -> None:
    ledger.note_listing_fetched(TOPIC, fetched_at=T0)
    assert ledger.note_listing_yield(TOPIC, at=T0 + timedelta(minutes=1))
    entry = ledger.listing(TOPIC)
    assert entry is not None and entry.yielded_last and entry.last_yield == T0 + timedelta(minutes=1)
    # A second yield of the same fetch changes nothing.
    assert ledger.note_listing_yield(TOPIC, at=T0 + timedelta(minutes=5))
    assert ledger.listing(TOPIC) == entry
    second = ledger.note_listing_fetched(TOPIC, fetched_at=T0 + timedelta(hours=1))
    assert (second.misses, second.yielded_last, second.first_seen) == (0, False, T0)
    third = ledger.note_listing_fetched(TOPIC, fetched_at=T0 + timedelta(hours=2))
    fourth = ledger.note_listing_fetched(TOPIC, fetched_at=T0 + timedelta(hours=4))
    assert (third.misses, fourth.misses) == (1, 2)
    ledger.note_listing_yield(TOPIC, at=T0 + timedelta(hours=4))
    assert ledger.note_listing_fetched(TOPIC, fetched_at=T0 + timedelta(hours=5)).misses == 0


def test_listings_and_articles_do_not_mix(ledger: Ledger) -> None:
    ledger.note_listing_fetched(TOPIC, fetched_at=T0)
    assert not ledger.seen(TOPIC) and ledger.get(TOPIC) is None and ledger.count() == 0
    ledger.record(TOPIC + "/story-1", "a" * 64)
    assert ledger.listing(TOPIC + "/story-1") is None


def test_listings_survive_close_and_reopen(open_test_ledger, tmp_path: Path) -> None:
    with open_test_ledger() as ledger:
        ledger.note_listing_fetched(TOPIC, fetched_at=T0)
        ledger.note_listing_yield(TOPIC, at=T0)
        before = ledger.listing(TOPIC)
    with open_test_ledger() as ledger:
        assert ledger.listing(TOPIC) == before


def test_many_listings_are_kept_apart(ledger: Ledger) -> None:
    urls = [f"https://example-news.com/tag/{n}" for n in range(300)]
    for n, url in enumerate(urls):
        ledger.note_listing_fetched(url, fetched_at=T0 + timedelta(seconds=n))
    for n, url in enumerate(urls):
        entry = ledger.listing(url)
        assert entry is not None and entry.url == url and entry.last_fetched == T0 + timedelta(seconds=n)


def test_schedule_backs_off_geometrically_up_to_the_cap(ledger: Ledger) -> None:
    schedule = ListingSchedule(min_seconds=3600, max_seconds=4 * 3600, factor=2)
    assert schedule.due(None)
    entry = ledger.note_listing_fetched(TOPIC, fetched_at=T0)
    assert schedule.interval(entry) == 3600
    assert not schedule.due(entry, now=T0 + timedelta(minutes=59))
    assert schedule.due(entry, now=T0 + timedelta(hours=1))
    entry = ledger.note_listing_fetched(TOPIC, fetched_at=T0 + timedelta(hours=1))
    assert schedule.interval(entry) == 7200
    entry = ledger.note_listing_fetched(TOPIC, fetched_at=T0 + timedelta(hours=3))
    entry = ledger.note_listing_fetched(TOPIC, fetched_at=T0 + timedelta(hours=7))
    assert entry.misses == 3 and schedule.interval(entry) == 4 * 3600  # 8 h, capped at 4 h


def test_schedule_a_yield_makes_it_due_at_once_and_lastmod_too(ledger: Ledger) -> None:
    schedule = ListingSchedule(min_seconds=3600, max_seconds=86400, factor=3)
    entry = ledger.note_listing_fetched(TOPIC, fetched_at=T0)
    assert not schedule.due(entry, now=T0 + timedelta(seconds=1))
    assert schedule.due(entry, T0 + timedelta(seconds=1), now=T0 + timedelta(seconds=1))  # a newer lastmod
    assert not schedule.due(entry, T0 - timedelta(days=1), now=T0 + timedelta(seconds=1))
    ledger.note_listing_yield(TOPIC, at=T0 + timedelta(seconds=30))
    entry = ledger.listing(TOPIC)
    assert entry is not None and schedule.due(entry, now=T0 + timedelta(seconds=31))


@pytest.mark.parametrize(("low", "high", "factor"), [(-1, 10, 2), (10, 5, 2), (1, 10, 0.5)])
def test_schedule_refuses_bad_settings(low: float, high: float, factor: float) -> None:
    with pytest.raises(ValueError, match="listing revisit interval"):
        ListingSchedule(low, high, factor)
