"""Articles a worker of a shared run committed but has not made durable yet, kept in Redis.

In the shared mode the ledger decides first and the files follow (commit-then-write): a batch
is committed with :meth:`PendingBook.commit`, which in the same atomic step (the ledger's Lua
command ``commit_pending``) parks the record of every article this worker won (new, or a new
revision) in its pending hash. The worker then writes and fsyncs those records and calls
:meth:`PendingBook.done`. Of two workers committing one URL or one content, only the winner
parks and writes it, so nothing is written twice; a worker killed between its commit and its
fsync leaves its records parked, and another worker (or the next start) :meth:`adopt`\\ s them.

Keys (``P`` = the ledger's prefix)::

    P pending:<stem>      HASH    canonical URL -> "<revision>\\n<record JSON>"
    P pending_stems       SET     stems (``<run_id>.<worker_id>``) with a pending hash
    P alive:<stem>        STRING  set while the worker lives (expires after a lease)
    P takenover:<stem>    SET     "<canonical URL> <sha256>" another worker wrote for a dead one
                                  whose data directory it could not see (a machine's own disk)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from newscrawl.ledger.base import Commit, Ingested
from newscrawl.ledger.timeutil import now_epoch

_STATUS = {1: "new", 2: "revised", 3: "unchanged"}

# Moves every pending record of a dead worker into the adopter's hash in one step (so exactly
# one adopter gets them); with ARGV[3] = "1" they are also listed as taken over from it.
ADOPT = """
local all = redis.call('HGETALL', KEYS[1])
if #all == 0 then redis.call('SREM', KEYS[3], ARGV[1]) return all end
for i = 1, #all, 2 do
  redis.call('HSET', KEYS[2], all[i], all[i + 1])
  if ARGV[3] == '1' then
    local record = cjson.decode(string.sub(all[i + 1], string.find(all[i + 1], '\\n') + 1))
    redis.call('SADD', KEYS[4], all[i] .. ' ' .. record['content_sha256'])
  end
end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[3], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[2])
return all
"""


@dataclass(frozen=True)
class Parked:
    """One pending record: its canonical URL, the revision the ledger gave it, the record."""

    url: str
    revision: int
    record: dict[str, Any]


class PendingBook:
    """This worker's pending records, its liveness, and the adoption of dead workers' records."""

    def __init__(self, ledger: Any, stem: str, lease_ms: int) -> None:
        self.ledger = ledger
        self.client = ledger._client
        self.prefix = ledger.prefix
        self.stem = stem
        self.lease_ms = max(1, lease_ms)
        self._adopt = self.client.register_script(ADOPT)

    def key(self, stem: str | None = None) -> str:
        return f"{self.prefix}pending:{stem or self.stem}"

    @property
    def stems_key(self) -> str:
        return f"{self.prefix}pending_stems"

    def taken_key(self, stem: str) -> str:
        return f"{self.prefix}takenover:{stem}"

    # --- this worker --------------------------------------------------------------------
    def commit(self, items: list[Ingested], records: list[dict[str, Any]]) -> list[Commit]:
        """Commit ``items`` (one atomic step) and park the records of those this worker won."""
        if not items:
            return []
        args: list[Any] = []
        for item in items:
            args += self.ledger._commit_args(item)
        payloads = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records]
        out = self.ledger._call(
            "commit_pending", now_epoch(), self.key(), self.stems_key, self.stem, len(items), *args, *payloads
        )
        return [
            Commit(int(out[i]), _STATUS[int(out[i + 1])], out[i + 2].decode("utf-8") or None)
            for i in range(0, len(out), 3)
        ]

    def still_mine(self, urls: list[str]) -> list[bool]:
        """Whether each URL is still parked here (False: a worker adopted it, thinking this one dead)."""
        if not urls:
            return []
        return [value is not None for value in self.client.hmget(self.key(), urls)]

    def done(self, urls: list[str]) -> None:
        """These records are durable in this worker's files: forget them."""
        if urls:
            self.client.hdel(self.key(), *urls)

    def heartbeat(self) -> None:
        """This worker lives (for one more lease)."""
        self.client.set(f"{self.prefix}alive:{self.stem}", "1", px=self.lease_ms)

    def leave(self) -> None:
        """This worker ends: nothing is pending any more."""
        self.client.delete(f"{self.prefix}alive:{self.stem}")
        if not self.client.hlen(self.key()):
            self.client.srem(self.stems_key, self.stem)

    # --- other workers ------------------------------------------------------------------
    def others(self) -> list[str]:
        """Stems of other workers with records pending."""
        members = (
            m.decode() if isinstance(m, bytes) else str(m) for m in self.client.smembers(self.stems_key)
        )
        return sorted(stem for stem in members if stem != self.stem)

    def has_pending(self, stem: str) -> bool:
        return bool(self.client.hlen(self.key(stem)))

    def alive(self, stem: str) -> bool:
        return bool(self.client.exists(f"{self.prefix}alive:{stem}"))

    def adopt(self, stem: str, *, mark_taken_over: bool) -> list[Parked]:
        """Move a dead worker's pending records here; ``mark_taken_over``: list them as written by
        another worker (its own files, on a disk this worker cannot see, may hold some of them)."""
        flat = self._adopt(
            keys=[self.key(stem), self.key(), self.stems_key, self.taken_key(stem)],
            args=[stem, self.stem, "1" if mark_taken_over else "0"],
        )
        parked = []
        for i in range(0, len(flat), 2):
            url = flat[i].decode() if isinstance(flat[i], bytes) else str(flat[i])
            value = flat[i + 1].decode() if isinstance(flat[i + 1], bytes) else str(flat[i + 1])
            revision, _, payload = value.partition("\n")
            parked.append(Parked(url, int(revision), json.loads(payload)))
        return parked

    def taken_over(self, stem: str) -> set[tuple[str, str]]:
        """(canonical URL, sha256) of ``stem``'s records another worker wrote in its place."""
        members = (
            m.decode() if isinstance(m, bytes) else str(m) for m in self.client.smembers(self.taken_key(stem))
        )
        return {tuple(m.split(" ", 1)) for m in members if " " in m}  # type: ignore[misc]

    def forget_taken_over(self, stem: str) -> None:
        self.client.delete(self.taken_key(stem))
