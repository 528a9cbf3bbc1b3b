"""Several real ``scrapy crawl`` workers sharing one frontier on a real redis-server.

Pages are counted at the local HTTP server: that is where "downloaded once" is measured.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis

from newscrawl.cli import scrapy_env
from newscrawl.frontier.keys import RunKeys, run_pointer
from tests.support.countingweb import CountingSite
from tests.support.frontier_workers import PROJECT_ROOT, WorkerPool
from tests.support.redis_server import RedisServer, free_port

SPIDER = "frontier_test"
EXIT_TIMEOUT = 120


@pytest.fixture
def pool(tmp_path: Path) -> Iterator[WorkerPool]:
    workers = WorkerPool(tmp_path)
    try:
        yield workers
    finally:
        workers.stop_all()


def wait_until(condition: Callable[[], bool], timeout: float = 60, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def run_stats(client: redis.Redis, run_id: str) -> dict[str, int]:
    raw = client.hgetall(RunKeys(SPIDER, run_id).stats)
    return {k.decode(): int(v) for k, v in raw.items()}


def current_run(client: redis.Redis) -> str:
    value = client.get(run_pointer(SPIDER))
    assert value is not None, "no current run"
    return value.decode()


def all_paths(site: CountingSite) -> set[str]:
    return {"/index", *site.page_paths()}


def fetched_urls(pool: WorkerPool) -> list[str]:
    return [item["url"] for worker in pool.workers for item in worker.items() if not item.get("failed")]


def test_three_workers_download_each_page_once_and_all_exit(redis_url: str, pool: WorkerPool) -> None:
    with CountingSite(pages=200, delay=0.01) as site:
        workers = [pool.start(f"w{n}", redis_url, site.origin) for n in range(3)]
        codes = [worker.wait(EXIT_TIMEOUT) for worker in workers]
    assert codes == [0, 0, 0], workers[0].log()[-2000:]
    assert set(site.counts) == all_paths(site)
    assert max(site.counts.values()) == 1, {p: c for p, c in site.counts.items() if c > 1}
    urls = fetched_urls(pool)
    assert len(urls) == len(set(urls)) == 201
    assert sum(1 for worker in workers if worker.items()) >= 2  # the work was shared
    assert sum("seeds it" in worker.log() for worker in workers) == 1
    client = redis.Redis.from_url(redis_url)
    assert client.get(run_pointer(SPIDER)) is None  # the run ended: the next one starts afresh
    finished = [k for k in client.keys(f"newscrawl:{SPIDER}:*:finished")]
    assert len(finished) == 1


@pytest.mark.parametrize("fetched_before_kill", [3, 40], ids=["when-the-second-joins", "mid-crawl"])
def test_a_killed_workers_leases_are_taken_over(
    redis_url: str, pool: WorkerPool, fetched_before_kill: int
) -> None:
    client = redis.Redis.from_url(redis_url)
    with CountingSite(pages=80, delay=0.3) as site:
        settings = {"CONCURRENT_REQUESTS": "8", "NEWSCRAWL_LEASE_SECONDS": "3"}
        doomed = pool.start("doomed", redis_url, site.origin, settings=settings)
        wait_until(lambda: sum(site.counts.values()) >= 3, what="the first worker to crawl")
        survivor = pool.start("survivor", redis_url, site.origin, settings=settings)
        run_id = current_run(client)
        wait_until(lambda: "joins it" in survivor.log(), what="the second worker to join")
        leases = RunKeys(SPIDER, run_id)
        wait_until(
            lambda: any(b"doomed" in owner for owner in client.hvals(leases.owner)),
            what="the first worker to hold leases",
        )
        wait_until(lambda: sum(site.counts.values()) >= fetched_before_kill, what="the moment to kill")
        doomed.kill()
        held_when_killed = sum(b"doomed" in owner for owner in client.hvals(leases.owner))
        assert survivor.wait(EXIT_TIMEOUT) == 0, survivor.log()[-2000:]
    assert held_when_killed > 0
    assert set(site.counts) == all_paths(site)  # every page fetched, by one worker or the other
    stats = run_stats(client, run_id)
    assert stats["reclaimed"] >= held_when_killed
    refetched = sum(count - 1 for count in site.counts.values())
    assert refetched <= stats["reclaimed"]  # only taken-over leases were downloaded again
    assert client.get(run_pointer(SPIDER)) is None and client.exists(leases.finished)


def test_renewal_keeps_a_slow_pages_lease(redis_url: str, pool: WorkerPool) -> None:
    client = redis.Redis.from_url(redis_url)
    with CountingSite(pages=3) as site:
        site.slow["/slow"] = 7.0  # far longer than the 2 s lease
        settings = {"NEWSCRAWL_LEASE_SECONDS": "2"}
        first = pool.start("first", redis_url, site.origin, arguments={"extra": "/slow"}, settings=settings)
        wait_until(lambda: site.counts["/slow"] == 1, what="the slow page to be requested")
        run_id = current_run(client)
        second = pool.start("second", redis_url, site.origin, settings=settings)
        assert first.wait(EXIT_TIMEOUT) == 0, first.log()[-2000:]
        assert second.wait(EXIT_TIMEOUT) == 0, second.log()[-2000:]
    assert site.counts["/slow"] == 1
    assert run_stats(client, run_id).get("reclaimed", 0) == 0
    assert f"{site.origin}/slow" in fetched_urls(pool)


def test_a_failed_page_is_fetched_once_in_its_run_and_again_by_the_next_run(
    redis_url: str, pool: WorkerPool
) -> None:
    client = redis.Redis.from_url(redis_url)
    with CountingSite(pages=20) as site:
        site.failing.add("/p/3")  # linked from several pages
        first = pool.start("run1", redis_url, site.origin)
        assert first.wait(EXIT_TIMEOUT) == 0, first.log()[-2000:]
        first_run = first.log().split("Shared run ", 1)[1].split()[0]
        assert site.counts["/p/3"] == 1
        assert client.scard(RunKeys(SPIDER, first_run).failed) == 1
        assert {i["url"] for i in first.items() if i.get("failed")} == {f"{site.origin}/p/3"}
        site.failing.clear()
        second = pool.start("run2", redis_url, site.origin)
        assert second.wait(EXIT_TIMEOUT) == 0, second.log()[-2000:]
    second_run = second.log().split("Shared run ", 1)[1].split()[0]
    assert second_run != first_run
    assert site.counts["/p/3"] == 2
    assert f"{site.origin}/p/3" in {i["url"] for i in second.items() if not i.get("failed")}


def test_ctrl_c_finishes_or_returns_the_workers_leases(redis_url: str, pool: WorkerPool) -> None:
    client = redis.Redis.from_url(redis_url)
    with CountingSite(pages=60, delay=0.5) as site:
        settings = {"CONCURRENT_REQUESTS": "6"}
        stopped = pool.start("stopped", redis_url, site.origin, settings=settings)
        wait_until(lambda: sum(site.counts.values()) >= 10, what="the worker to crawl")
        run_id = current_run(client)
        stopped.signal(signal.SIGINT)
        assert stopped.wait(60) == 0, stopped.log()[-2000:]
        keys = RunKeys(SPIDER, run_id)
        assert client.zcard(keys.leases) == 0  # nothing left leased to a worker that is gone
        assert client.zcard(keys.ready) > 0
        after = pool.start("after", redis_url, site.origin, settings=settings)
        assert after.wait(EXIT_TIMEOUT) == 0, after.log()[-2000:]
    assert set(site.counts) == all_paths(site)
    assert max(site.counts.values()) == 1  # in-flight pages finished: none was downloaded twice


def test_redis_restarted_mid_crawl_loses_nothing(restartable_redis: RedisServer, pool: WorkerPool) -> None:
    with CountingSite(pages=80, delay=0.05) as site:
        workers = [pool.start(f"w{n}", restartable_redis.url(), site.origin) for n in range(2)]
        wait_until(lambda: sum(site.counts.values()) >= 15, what="the crawl to start")
        restartable_redis.stop()  # graceful: the AOF holds every write
        time.sleep(2)
        restartable_redis.start()
        codes = [worker.wait(EXIT_TIMEOUT) for worker in workers]
        assert codes == [0, 0], workers[0].log()[-2000:] + workers[1].log()[-2000:]
    assert set(site.counts) == all_paths(site)
    urls = fetched_urls(pool)
    assert set(urls) == {f"{site.origin}{p}" for p in all_paths(site)}


def test_redis_unreachable_at_start_is_one_line_and_a_failure(tmp_path: Path) -> None:
    closed = f"redis://127.0.0.1:{free_port()}/0"
    command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "start_urls=http://127.0.0.1:9/"]
    command += ["-s", f"NEWSCRAWL_REDIS_URL={closed}", "-s", f"NEWSCRAWL_DATA_DIR={tmp_path / 'data'}"]
    done = subprocess.run(
        command, env=scrapy_env(), cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("newscrawl: cannot reach Redis at redis://127.0.0.1:") and "refused" in last
    assert "Traceback" not in done.stderr


def test_redis_gone_for_good_stops_the_worker_clearly_and_a_later_worker_finishes(
    restartable_redis: RedisServer, pool: WorkerPool
) -> None:
    client = redis.Redis.from_url(restartable_redis.url())
    with CountingSite(pages=60, delay=0.2) as site:
        settings = {"NEWSCRAWL_REDIS_RETRY_SECONDS": "2", "NEWSCRAWL_LEASE_SECONDS": "2"}
        first = pool.start("first", restartable_redis.url(), site.origin, settings=settings)
        wait_until(lambda: sum(site.counts.values()) >= 10, what="the crawl to start")
        run_id = current_run(client)
        restartable_redis.stop()
        assert first.wait(60) == 1  # a worker stopped by the loss of Redis failed: schedulers see it
        log = first.log()
        assert "Redis unreachable for NEWSCRAWL_REDIS_RETRY_SECONDS" in log and "nothing is lost" in log
        assert "'finish_reason': 'redis_unavailable'" in log and "The run failed (redis_unavailable)" in log
        restartable_redis.start()
        assert current_run(redis.Redis.from_url(restartable_redis.url())) == run_id  # the AOF kept the run
        later = pool.start("later", restartable_redis.url(), site.origin, settings=settings)
        assert later.wait(EXIT_TIMEOUT) == 0, later.log()[-2000:]
    # The same run; the first worker died before it was idle, so the later one seeds it again
    # (the shared dupefilter drops what was queued already).
    assert f"Shared run {run_id} of spider {SPIDER}: worker later seeds it" in later.log()
    assert set(site.counts) == all_paths(site)  # what the first worker held was taken over
    assert run_stats(client, run_id)["reclaimed"] >= 1
