"""The Redis key layout of the shared frontier (one home for every key name).

Everything lives under ``newscrawl:<spider>:``::

    newscrawl:<spider>:run                  STRING  id of the spider's current run (SET NX by its first worker)
    newscrawl:<spider>:<run>:ready          ZSET    request id -> -priority; equal scores sort by id (FIFO)
    newscrawl:<spider>:<run>:leases         ZSET    request id -> lease expiry (ms, Redis server clock)
    newscrawl:<spider>:<run>:owner          HASH    request id -> lease token ("<worker>#<n>")
    newscrawl:<spider>:<run>:req            HASH    request id -> the request as JSON
    newscrawl:<spider>:<run>:prio           HASH    request id -> its ready score (restored on takeover)
    newscrawl:<spider>:<run>:fp             HASH    request id -> request fingerprint (hex)
    newscrawl:<spider>:<run>:seen           SET     fingerprints queued or done in this run
    newscrawl:<spider>:<run>:failed         SET     fingerprints whose request failed in this run
    newscrawl:<spider>:<run>:seq            STRING  counter of request ids and lease tokens
    newscrawl:<spider>:<run>:stats          HASH    pushed, taken, acked, failed, reclaimed, returned
    newscrawl:<spider>:<run>:seeding        STRING  worker seeding the run (expires like a lease)
    newscrawl:<spider>:<run>:seeded         STRING  set once every start request was enqueued
    newscrawl:<spider>:<run>:finished       STRING  set when the run ended (kept NEWSCRAWL_RUN_KEYS_TTL)
    newscrawl:<spider>:<run>:workers        ZSET    worker id -> last time seen (ms)

Politeness is per site, whatever the spider or run::

    newscrawl:pace:<slot>                   STRING  when the next request to that download slot (a host) may leave (ms, server clock)

A run's keys expire ``NEWSCRAWL_RUN_KEYS_TTL`` seconds after the run ended, so a later run starts
from an empty ``seen`` set (what was ingested before is the ledger's business, not the frontier's).
"""

from __future__ import annotations

from dataclasses import dataclass

PREFIX = "newscrawl"


def pace_key(slot: str) -> str:
    """The key holding when the next request to download slot ``slot`` may leave."""
    return f"{PREFIX}:pace:{slot}"


def run_pointer(spider: str) -> str:
    """The key holding the id of ``spider``'s current run."""
    return f"{PREFIX}:{spider}:run"


@dataclass(frozen=True)
class RunKeys:
    """The keys of one run of one spider."""

    spider: str
    run_id: str

    def key(self, name: str) -> str:
        return f"{PREFIX}:{self.spider}:{self.run_id}:{name}"

    @property
    def ready(self) -> str:
        return self.key("ready")

    @property
    def leases(self) -> str:
        return self.key("leases")

    @property
    def owner(self) -> str:
        return self.key("owner")

    @property
    def req(self) -> str:
        return self.key("req")

    @property
    def prio(self) -> str:
        return self.key("prio")

    @property
    def fp(self) -> str:
        return self.key("fp")

    @property
    def seen(self) -> str:
        return self.key("seen")

    @property
    def failed(self) -> str:
        return self.key("failed")

    @property
    def seq(self) -> str:
        return self.key("seq")

    @property
    def stats(self) -> str:
        return self.key("stats")

    @property
    def seeding(self) -> str:
        return self.key("seeding")

    @property
    def seeded(self) -> str:
        return self.key("seeded")

    @property
    def finished(self) -> str:
        return self.key("finished")

    @property
    def workers(self) -> str:
        return self.key("workers")

    def all(self) -> list[str]:
        """Every key of the run (expired together when it ends)."""
        names = ("ready", "leases", "owner", "req", "prio", "fp", "seen", "failed", "seq", "stats")
        return [self.key(n) for n in (*names, "seeding", "seeded", "workers")]
