"""The run's request queue on Redis: push, take with a lease, renew, acknowledge, give back.

Why a ZSET and Lua rather than Redis Streams: newscrawl's priorities are not a few bands but a
scale (sources at 1,000,000, each dated entry at its day number, links at -1, Scrapy's own
adjustments for retries and redirects). A stream delivers in arrival order only, so keeping
"sources first, newer days first" would take one stream and consumer group per priority value
and a scan across them on every read. A ZSET scored by ``-priority`` (ties in arrival order, as
ids are zero-padded counters) is exactly the order wanted, and one Lua script moves the best
request into a leases ZSET scored by expiry, so take-with-lease, takeover of expired leases,
renewal and acknowledgement are each one atomic step (see :mod:`newscrawl.frontier.scripts`).
"""

from __future__ import annotations

from dataclasses import dataclass

import redis

from newscrawl.frontier import scripts
from newscrawl.frontier.keys import RunKeys, run_pointer

# Expired leases returned to the ready queue by one take, at most.
RECLAIM_LIMIT = 100


@dataclass(frozen=True)
class Lease:
    """A request taken from the frontier: its id, the token that proves the lease, its JSON."""

    request_id: str
    token: str
    payload: str

    @property
    def lease_id(self) -> str:
        """``<id>|<token>``: what ``request.meta["newscrawl_lease"]`` holds."""
        return f"{self.request_id}|{self.token}"


def parse_lease_id(lease_id: str) -> tuple[str, str]:
    """(request id, token) of a lease id."""
    request_id, _, token = lease_id.partition("|")
    return request_id, token


class RedisFrontier:
    """One run's frontier for one worker (all state is in Redis; this object holds no requests)."""

    def __init__(self, client: redis.Redis, keys: RunKeys, worker_id: str, lease_ms: int) -> None:
        self.client = client
        self.keys = keys
        self.worker_id = worker_id
        self.lease_ms = lease_ms
        register = client.register_script
        self._push = register(scripts.PUSH)
        self._take = register(scripts.TAKE)
        self._renew = register(scripts.RENEW)
        self._ack = register(scripts.ACK)
        self._release = register(scripts.RELEASE)
        self._finish = register(scripts.FINISH)

    def push(self, fingerprint: str, payload: str, priority: int, dont_filter: bool = False) -> bool:
        """Queue a request unless its fingerprint was queued or done in this run already."""
        k = self.keys
        added = self._push(
            keys=[k.seen, k.ready, k.req, k.prio, k.fp, k.seq, k.stats],
            args=[fingerprint, int(dont_filter), -int(priority), payload],
        )
        return bool(added)

    def take(self) -> Lease | None:
        """The best ready request, leased to this worker (expired leases are reclaimed first)."""
        k = self.keys
        reply = self._take(
            keys=[k.ready, k.leases, k.owner, k.req, k.prio, k.seq, k.stats],
            args=[self.worker_id, self.lease_ms, RECLAIM_LIMIT],
        )
        if not reply:
            return None
        request_id, token, payload = (_text(v) for v in reply)
        return Lease(request_id, token, payload)

    def renew(self, lease_ids: list[str]) -> list[str]:
        """Extend the given leases; returns those that were lost (taken over after expiring)."""
        if not lease_ids:
            return []
        args: list[str | int] = [self.lease_ms]
        for lease_id in lease_ids:
            args.extend(parse_lease_id(lease_id))
        lost = self._renew(keys=[self.keys.leases, self.keys.owner], args=args)
        return [_text(v) for v in lost]

    def ack(self, outcomes: dict[str, bool]) -> int:
        """Acknowledge leases (lease id -> failed?); returns how many were still held."""
        if not outcomes:
            return 0
        args: list[str | int] = []
        for lease_id, failed in outcomes.items():
            args.extend((*parse_lease_id(lease_id), int(failed)))
        k = self.keys
        done = self._ack(keys=[k.leases, k.owner, k.req, k.prio, k.fp, k.failed, k.stats], args=args)
        return int(done)

    def release(self, lease_ids: list[str]) -> int:
        """Give leases back to the ready queue (a worker that stops early)."""
        if not lease_ids:
            return 0
        args: list[str] = []
        for lease_id in lease_ids:
            args.extend(parse_lease_id(lease_id))
        k = self.keys
        return int(self._release(keys=[k.leases, k.owner, k.ready, k.prio, k.stats], args=args))

    def ready_count(self) -> int:
        return int(self.client.zcard(self.keys.ready))

    def lease_count(self) -> int:
        return int(self.client.zcard(self.keys.leases))

    def stats(self) -> dict[str, int]:
        """The run's counters (pushed, taken, acked, failed, reclaimed, returned, ack_stale)."""
        return {_text(k): int(v) for k, v in self.client.hgetall(self.keys.stats).items()}

    def try_finish(self, ttl_seconds: int) -> bool:
        """End the run if its frontier is empty and no lease is outstanding; True once it ended."""
        k = self.keys
        keys = [k.ready, k.leases, k.seeding, k.seeded, k.finished, run_pointer(k.spider), *k.all()]
        return bool(self._finish(keys=keys, args=[k.run_id, ttl_seconds]))

    def is_finished(self) -> bool:
        return bool(self.client.exists(self.keys.finished))


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
