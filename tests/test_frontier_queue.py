"""The shared frontier's Redis steps, against a real redis-server: order, leases, acks, end of run."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import redis

from newscrawl.frontier.keys import RunKeys, run_pointer
from newscrawl.frontier.queue import RedisFrontier
from newscrawl.frontier.run import join_run


@pytest.fixture
def client(redis_url: str) -> Iterator[redis.Redis]:
    connection = redis.Redis.from_url(redis_url)
    yield connection
    connection.close()


def frontier(client: redis.Redis, worker: str = "w1", lease_ms: int = 60_000) -> RedisFrontier:
    return RedisFrontier(client, RunKeys("spider", "run1"), worker, lease_ms)


def test_requests_leave_by_priority_then_in_arrival_order(client: redis.Redis) -> None:
    queue = frontier(client)
    pushed = [("link-a", -1), ("day-20000", 20000), ("source", 1_000_000), ("day-20001", 20001)]
    pushed += [("link-b", -1), ("undated", 0), ("day-20000-b", 20000)]
    for name, priority in pushed:
        assert queue.push(name, name, priority)
    taken = []
    while (lease := queue.take()) is not None:
        taken.append(lease.payload)
    assert taken == ["source", "day-20001", "day-20000", "day-20000-b", "undated", "link-a", "link-b"]


def test_a_fingerprint_is_queued_once_per_run_unless_dont_filter(client: redis.Redis) -> None:
    queue = frontier(client)
    assert queue.push("fp", "first", 0)
    assert not queue.push("fp", "again", 0)
    lease = queue.take()
    assert lease is not None
    assert queue.ack({lease.lease_id: False}) == 1
    assert not queue.push("fp", "after it was done", 0)  # done in this run: still seen
    assert queue.push("fp", "a retry", 0, dont_filter=True)
    assert queue.ready_count() == 1
    other_run = RedisFrontier(client, RunKeys("spider", "run2"), "w1", 60_000)
    assert other_run.push("fp", "a later run", 0)


def test_an_expired_lease_is_taken_over_by_another_worker(client: redis.Redis) -> None:
    dead = frontier(client, "dead", lease_ms=300)
    alive = frontier(client, "alive", lease_ms=60_000)
    dead.push("fp", "page", 5)
    lease = dead.take()
    assert lease is not None
    assert alive.take() is None  # leased, not expired yet
    time.sleep(0.4)
    taken = alive.take()
    assert taken is not None and taken.payload == "page" and taken.token.startswith("alive#")
    assert dead.ack({lease.lease_id: False}) == 0  # the dead worker's token no longer counts
    assert alive.ack({taken.lease_id: False}) == 1
    assert alive.stats()["reclaimed"] == 1 and alive.stats()["ack_stale"] == 1


def test_renewal_keeps_a_lease_past_its_first_expiry(client: redis.Redis) -> None:
    slow = frontier(client, "slow", lease_ms=400)
    other = frontier(client, "other")
    slow.push("fp", "slow page", 0)
    lease = slow.take()
    assert lease is not None
    for _ in range(4):
        time.sleep(0.2)
        assert slow.renew([lease.lease_id]) == []
    assert other.take() is None
    time.sleep(0.5)  # no renewal: now it expires
    assert other.take() is not None
    assert slow.renew([lease.lease_id]) == [lease.lease_id]


def test_released_leases_go_back_to_their_place(client: redis.Redis) -> None:
    queue = frontier(client)
    queue.push("a", "high", 10)
    queue.push("b", "low", 1)
    high = queue.take()
    assert high is not None
    assert queue.release([high.lease_id]) == 1
    again = queue.take()
    assert again is not None and again.payload == "high"
    assert queue.lease_count() == 1


def test_a_failed_request_is_acknowledged_and_listed_as_failed(client: redis.Redis) -> None:
    queue = frontier(client)
    queue.push("broken-fp", "broken", 0)
    lease = queue.take()
    assert lease is not None
    assert queue.ack({lease.lease_id: True}) == 1
    assert client.smembers(queue.keys.failed) == {b"broken-fp"}
    assert queue.lease_count() == 0 and not client.hlen(queue.keys.req)


def test_the_run_finishes_only_when_nothing_is_ready_or_leased(client: redis.Redis) -> None:
    queue = frontier(client, lease_ms=300)
    client.set(run_pointer("spider"), "run1")
    queue.push("fp", "page", 0)
    assert not queue.try_finish(60)  # ready
    lease = queue.take()
    assert lease is not None
    assert not queue.try_finish(60)  # leased
    time.sleep(0.4)
    assert not queue.try_finish(60)  # expired but not taken over yet: a take must reclaim it
    lease = queue.take()
    assert lease is not None
    queue.ack({lease.lease_id: False})
    assert queue.try_finish(60)
    assert queue.is_finished() and client.get(run_pointer("spider")) is None
    assert 0 < client.ttl(queue.keys.seen) <= 60


def test_a_seeding_claim_blocks_the_end_until_seeded_or_expired(client: redis.Redis) -> None:
    queue = frontier(client)
    client.set(queue.keys.seeding, "seeder", px=300)
    assert not queue.try_finish(60)
    time.sleep(0.4)  # the seeder died before it was idle
    assert queue.try_finish(60)


class _Settings(dict):
    def getfloat(self, name: str) -> float:
        return float(self[name])


def test_workers_join_one_run_and_one_of_them_seeds(client: redis.Redis) -> None:
    settings = _Settings(NEWSCRAWL_LEASE_SECONDS=60, NEWSCRAWL_RUN_ID="")
    first = join_run(client, "spider", settings, "w1")
    second = join_run(client, "spider", settings, "w2")
    assert first.created and not second.created
    assert first.run_id == second.run_id == client.get(run_pointer("spider")).decode()
    assert first.seeder and not second.seeder
    first.mark_seeded()
    third = join_run(client, "spider", settings, "w3")
    assert not third.seeder and third.run_id == first.run_id
    given = join_run(
        client, "spider", _Settings(NEWSCRAWL_LEASE_SECONDS=60, NEWSCRAWL_RUN_ID="nightly-1"), "w4"
    )
    assert given.run_id == "nightly-1" and given.seeder


def test_a_held_request_is_acknowledged_only_once_released_and_finished(client: redis.Redis) -> None:
    import scrapy

    from newscrawl.frontier.acks import LeaseBook

    queue = frontier(client)
    book = LeaseBook(queue)
    queue.push("fp", "page", 0)
    lease = queue.take()
    assert lease is not None
    request = scrapy.Request("http://127.0.0.1/page")
    book.taken(lease.lease_id, request)
    book.hold(request)  # e.g. the store: its item is not durable yet
    book.hold(lease.lease_id)  # the same, by the lease id an item carries
    assert book.ack_finished(in_progress=set()) == 0
    book.release(request)
    assert book.ack_finished(in_progress=set()) == 0
    book.release(lease.lease_id)
    assert book.ack_finished(in_progress={request}) == 0  # Scrapy is still working on it
    assert book.ack_finished(in_progress=set()) == 1
    assert queue.lease_count() == 0 and len(book) == 0
