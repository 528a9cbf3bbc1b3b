"""Politeness across the workers of a shared run: two real ``scrapy crawl news`` workers and a
real redis-server, the requests timed where the site receives them."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from itertools import pairwise
from pathlib import Path

import pytest
import redis
from scrapy import Request
from scrapy.core.downloader import Slot
from scrapy.statscollectors import StatsCollector
from scrapy.utils.test import get_crawler
from twisted.internet.defer import Deferred

from newscrawl.frontier.keys import pace_key
from newscrawl.frontier.pacing import PacedDownloader, SitePacer
from tests.support import newsfarm
from tests.support.crawlers import project_crawler
from tests.support.fixture_web import FixtureWeb
from tests.support.redis_server import free_port
from tests.support.shared_crawl import SharedCrawl, assert_exactly_once, records, run_ids, worker_manifests

ARTICLES = 10
DELAY = 0.6
PAUSE = 2  # the Retry-After of the first answer to an article request
# How much earlier than its turn a request may reach the site (the two workers' own latencies).
LATENESS = 0.3
SPACED = {"DOWNLOAD_DELAY": str(DELAY), "DOWNLOAD_DELAY_JITTER": "0", "AUTOTHROTTLE_ENABLED": "false"}
ARTICLE_PATHS = "/news/"


@pytest.fixture
def web(tmp_path: Path) -> Iterator[FixtureWeb]:
    newsfarm.build(tmp_path / "site", ARTICLES)
    with FixtureWeb(tmp_path / "site") as server:
        server.first_answers[ARTICLE_PATHS] = (429, {"Retry-After": str(PAUSE)})
        yield server


def crawl_twice_shared(tmp_path: Path, web: FixtureWeb, redis_url: str, **settings: str) -> list[float]:
    """Two workers crawl the site to the end; the times the site received its requests."""
    crawl = SharedCrawl(tmp_path, web, redis_url)
    data = tmp_path / "data"
    try:
        workers = [crawl.start(f"w{n}", data, **SPACED, **settings) for n in range(2)]
        codes = [worker.wait() for worker in workers]
    finally:
        crawl.stop_all()
    assert codes == [0, 0], workers[0].log()[-3000:] + workers[1].log()[-3000:]
    assert_exactly_once(records(data), ARTICLES)  # the paused article too, on its retry
    manifests = worker_manifests(data, run_ids(data)[0])
    taken = [m["counts"]["requests"]["articles"] for m in manifests.values()]
    assert len(taken) == 2 and min(taken) >= 1, taken  # both workers took part
    return list(web.log.times)


def pause_after_the_429(web: FixtureWeb, times: list[float]) -> float:
    """Seconds between the 429 (to the first article request: the other worker has work left)
    and the next request the site received."""
    first = next(i for i, (_, path) in enumerate(web.log.entries) if path.startswith(ARTICLE_PATHS))
    return times[first + 1] - times[first]


def test_two_workers_space_their_requests_to_a_site_as_one_crawl_does(
    tmp_path: Path, web: FixtureWeb, redis_url: str
) -> None:
    times = crawl_twice_shared(tmp_path, web, redis_url)
    gaps = [later - earlier for earlier, later in pairwise(times)]
    assert len(times) >= ARTICLES + 4  # two robots.txt, the sitemap, the articles, the retry
    assert min(gaps) >= DELAY - LATENESS, [
        (round(g, 3), path) for g, (_, path) in zip(gaps, web.log.entries[1:], strict=True)
    ]
    # a Retry-After that one worker got held the other one too
    assert pause_after_the_429(web, times) >= PAUSE - LATENESS
    manifests = worker_manifests(tmp_path / "data", run_ids(tmp_path / "data")[0])
    pacing = [m["counts"]["shared_pacing"] for m in manifests.values()]
    assert sum(p.get("waits", 0) for p in pacing) >= 1, pacing  # a worker waited for the other
    assert sum(p.get("holds", 0) for p in pacing) == 1 and not any(p.get("unavailable") for p in pacing)


def test_without_shared_pacing_each_worker_keeps_its_own_delay_only(
    tmp_path: Path, web: FixtureWeb, redis_url: str
) -> None:
    """The control: the same crawl with ``NEWSCRAWL_SHARED_PACING`` off sends closer than the
    delay (the workers' requests interleave), and goes on through the other worker's pause."""
    times = crawl_twice_shared(tmp_path, web, redis_url, NEWSCRAWL_SHARED_PACING="false")
    gaps = [later - earlier for earlier, later in pairwise(times)]
    assert min(gaps) < DELAY - LATENESS
    assert pause_after_the_429(web, times) < PAUSE - LATENESS


# SitePacer against the session's redis-server: the turn, the hold, the key's expiry, and a
# Redis that does not answer.


def pacer_for(url: str) -> tuple[SitePacer, StatsCollector]:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_REDIS_URL": url, "NEWSCRAWL_SHARED_PACING": True})
    pacer = SitePacer.from_crawler(crawler)
    assert pacer is not None
    return pacer, crawler.stats


def test_a_turn_is_taken_once_and_the_next_comes_a_delay_later(redis_url: str) -> None:
    pacer, stats = pacer_for(redis_url)
    other, _ = pacer_for(redis_url)  # another worker
    assert pacer.turn("news.example", 2.0) == 0.0
    wait = other.turn("news.example", 2.0)
    assert 1.5 < wait <= 2.0  # taken: the next turn is 2 s after the first
    assert other.turn("other.example", 2.0) == 0.0  # per site
    ttl_ms = redis.Redis.from_url(redis_url).pttl(pace_key("news.example"))
    assert 60_000 < ttl_ms <= 62_000  # the key goes by itself a minute after its turn
    assert stats.get_value("newscrawl/shared_pacing/waits") is None


def test_a_hold_only_ever_lengthens_and_holds_every_worker(redis_url: str) -> None:
    pacer, stats = pacer_for(redis_url)
    other, _ = pacer_for(redis_url)
    pacer.hold("news.example", 10)
    pacer.hold("news.example", 1)  # a shorter Retry-After later does not shorten it
    assert 9 < other.turn("news.example", 0.0) <= 10  # a delay of 0 is paused too
    assert stats.get_value("newscrawl/shared_pacing/holds") == 2


def test_a_redis_that_does_not_answer_lets_requests_go_and_is_left_alone_a_while(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    closed = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    pacer, stats = pacer_for(closed)
    assert pacer.turn("news.example", 1.0) == 0.0
    calls: list[object] = []
    monkeypatch.setattr(pacer, "_script", lambda **kw: calls.append(kw))
    assert pacer.turn("news.example", 1.0) == 0.0  # within BREAKER_SECONDS: Redis not asked
    assert calls == [] and stats.get_value("newscrawl/shared_pacing/unavailable") == 2


# PacedDownloader's slots, without a crawl: a slot whose turn has not come, or whose own delay
# has not passed, keeps its queue and is called again later.
SLOT = "news.example"


async def paced_slot(redis_url: str, delay: float, prepare: Callable[[Slot], None] | None = None) -> Slot:
    """A paced downloader's slot of one queued request after ``_process_queue`` (on a running
    loop, where Scrapy calls it; no download handlers: nothing is sent), which must have kept
    the request and set a later call."""
    crawler = project_crawler(
        NEWSCRAWL_REDIS_URL=redis_url,
        DOWNLOAD_DELAY=delay,
        DOWNLOAD_DELAY_JITTER=0.5,
        AUTOTHROTTLE_ENABLED=False,
        DOWNLOAD_HANDLERS={"http": None, "https": None},
    )
    downloader = PacedDownloader(crawler)
    try:
        request = Request(f"https://{SLOT}/news/a", meta={"download_slot": SLOT})
        _, slot = downloader._get_slot(request)
        slot.active.add(request)
        slot.queue.append((request, Deferred()))
        if prepare is not None:
            prepare(slot)
        downloader._process_queue(slot)
        assert len(slot.queue) == 1 and slot.latercall is not None
        return slot
    finally:
        downloader.close()


def test_a_slot_whose_turn_has_not_come_keeps_its_request_and_is_called_again(redis_url: str) -> None:
    other, _ = pacer_for(redis_url)
    assert other.turn(SLOT, 2.0) == 0.0  # another worker took the turn
    slot = asyncio.run(paced_slot(redis_url, 2.0))
    assert slot.jitter == 0.0  # moved into the shared spacing


def test_a_slot_waits_its_own_delay_before_it_asks_for_a_turn(redis_url: str) -> None:
    def just_sent(slot: Slot) -> None:
        slot.lastseen = time.monotonic()

    asyncio.run(paced_slot(redis_url, 2.0, just_sent))
    assert redis.Redis.from_url(redis_url).get(pace_key(SLOT)) is None  # Redis not asked


def test_a_slot_without_a_delay_is_held_by_a_retry_after(redis_url: str) -> None:
    other, stats = pacer_for(redis_url)
    other.hold(SLOT, 30)
    assert stats.get_value("newscrawl/shared_pacing/holds") == 1
    asyncio.run(paced_slot(redis_url, 0.0))
