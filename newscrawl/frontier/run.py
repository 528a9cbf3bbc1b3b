"""Which shared run a worker belongs to, and whether it seeds it.

How the run id is chosen: ``NEWSCRAWL_RUN_ID`` when given (every worker of the run is given the
same one); otherwise the first worker of a spider creates a run id and makes it the spider's
current run (``newscrawl:<spider>:run``, set atomically only if absent), and every worker that
starts while that run is going joins it. The run ends (and the pointer is cleared) when its
frontier is empty and no lease is outstanding; a worker started after that begins the next run.

Seeding: the first worker whose scheduler opens claims ``seeding`` (a key that expires like a lease and is renewed)
enqueues the spider's start requests; the others skip theirs. The seeder marks the run
``seeded`` once it has been idle (its ``start()`` exhausted). If it dies first, its claim
expires, a worker that joins later seeds again (the shared dupefilter drops what was queued),
and the run may end on what was enqueued.

The crawl-state component asks :func:`shared_run_id` for the run id to write under.
"""

from __future__ import annotations

import os
import secrets
import socket
import time
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

import redis

from newscrawl.frontier import scripts
from newscrawl.frontier.connection import connect
from newscrawl.frontier.keys import RunKeys, run_pointer
from newscrawl.storage.runinfo import new_run_id


def new_worker_id() -> str:
    """``<host>-<pid>-<random>``: unique among the workers of a run."""
    return f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(2)}"


@dataclass
class SharedRun:
    """This worker's place in a shared run."""

    client: redis.Redis
    keys: RunKeys
    worker_id: str
    lease_ms: int
    created: bool
    seeder: bool

    @property
    def run_id(self) -> str:
        return self.keys.run_id

    def claim_seeding(self) -> bool:
        """Become the run's seeder if nobody seeds it and it was not seeded yet."""
        if not self.seeder:
            keys = self.keys
            self.seeder = bool(
                self.client.register_script(scripts.CLAIM_SEEDING)(
                    keys=[keys.seeding, keys.seeded, keys.finished], args=[self.worker_id, self.lease_ms]
                )
            )
        return self.seeder

    def renew_seeding(self) -> None:
        """Keep the seeding claim while seeding (called by the lease renewal loop)."""
        if self.seeder:
            self.client.set(self.keys.seeding, self.worker_id, xx=True, px=self.lease_ms)

    def mark_seeded(self) -> None:
        """Every start request of this seeder is in the frontier."""
        if self.seeder:
            self.client.set(self.keys.seeded, "1")
            self.client.delete(self.keys.seeding)
            self.seeder = False

    def heartbeat(self) -> None:
        """Record that this worker is alive (``workers`` ZSET, for progress views)."""
        self.client.zadd(self.keys.workers, {self.worker_id: int(time.time() * 1000)})


def is_shared(settings: Any) -> bool:
    """Whether ``NEWSCRAWL_REDIS_URL`` puts the crawl in shared mode."""
    return bool(settings.get("NEWSCRAWL_REDIS_URL"))


def join_run(
    client: redis.Redis, spider: str, settings: Any, worker_id: str, *, claim: bool = True
) -> SharedRun:
    """Join the spider's current run (or create it), and (``claim``) claim seeding if nobody did."""
    lease_ms = int(settings.getfloat("NEWSCRAWL_LEASE_SECONDS") * 1000)
    given = settings.get("NEWSCRAWL_RUN_ID") or ""
    if given:
        run_id, created = str(given), False
    else:
        reply = client.register_script(scripts.JOIN)(keys=[run_pointer(spider)], args=[new_run_id()])
        run_id, created = _text(reply[0]), bool(int(reply[1]))
    run = SharedRun(client, RunKeys(spider, run_id), worker_id, lease_ms, created, seeder=False)
    if claim:
        run.claim_seeding()
    run.heartbeat()
    return run


_RUNS: WeakKeyDictionary[Any, SharedRun] = WeakKeyDictionary()
"""The shared run each crawler joined (kept here, not on the crawler)."""


def shared_run(crawler: Any) -> SharedRun | None:
    """The crawler's shared run, joined on first use; None when ``NEWSCRAWL_REDIS_URL`` is unset.

    Raises :class:`~newscrawl.frontier.connection.RedisUnavailable` when Redis cannot be reached.
    """
    settings = crawler.settings
    if not is_shared(settings):
        return None
    run = _RUNS.get(crawler)
    if run is None:
        client = connect(
            settings.get("NEWSCRAWL_REDIS_URL"), settings.getfloat("NEWSCRAWL_REDIS_RETRY_SECONDS")
        )
        worker_id = settings.get("NEWSCRAWL_WORKER_ID") or new_worker_id()
        # Joined when the crawl state asks for the run id; seeding is claimed when the scheduler
        # opens (a claim made earlier could expire before its renewal starts).
        run = join_run(client, crawler.spider.name, settings, worker_id, claim=False)
        _RUNS[crawler] = run
    return run


def shared_run_id(crawler: Any) -> str | None:
    """The id of the shared run this worker belongs to (None in the embedded mode).

    The crawl-state component uses it as the run id of this worker's output and manifest, so
    the files of every worker of one run carry the same run id.
    """
    run = shared_run(crawler)
    return run.run_id if run is not None else None


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
