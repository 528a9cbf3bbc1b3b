"""The leases one worker holds, and when each is acknowledged.

A request taken from the frontier carries its lease id in ``request.meta["newscrawl_lease"]``.
Its lease is acknowledged (the request is done for this run) at the **default point**: once
Scrapy has finished with it, i.e. it was downloaded (or failed), its callback or errback ran,
every item it produced went through all item pipelines and every request it produced was pushed
to the frontier — unless a component holds it. A component whose outcome becomes durable later
(the store fsyncs and commits to the ledger per batch) calls :meth:`LeaseBook.hold` when it takes
an item of the request and :meth:`LeaseBook.release` once that outcome is durable; the lease is
acknowledged when Scrapy is done with the request and no hold is left. :meth:`LeaseBook.ack`
acknowledges at once. A lease never acknowledged is renewed while the worker lives, and taken
over by another worker once it expires after the worker died.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from scrapy import Request

from newscrawl.frontier.queue import RedisFrontier

logger = logging.getLogger(__name__)

LEASE_META = "newscrawl_lease"

request_leased = object()
"""Signal: this worker took ``request`` from the shared frontier (argument ``request``)."""

request_returned = object()
"""Signal: this worker gave ``request`` back to the shared frontier to be done again, by it or
another worker (argument ``request``)."""


@dataclass
class _Held:
    request: Request
    holds: int = 0
    failed: bool = False


class LeaseBook:
    """This worker's leases: renewed while held, acknowledged when done, given back on a stop."""

    def __init__(self, frontier: RedisFrontier, stats: Any = None) -> None:
        self.frontier = frontier
        self.stats = stats
        self._held: dict[str, _Held] = {}
        self.store_retries: dict[str, int] = {}  # URL -> times given back after a store outage

    def __len__(self) -> int:
        return len(self._held)

    def lease_ids(self) -> list[str]:
        return list(self._held)

    def taken(self, lease_id: str, request: Request) -> None:
        """A request this worker just took (``next_request``)."""
        request.meta[LEASE_META] = lease_id
        self._held[lease_id] = _Held(request)

    def hold(self, request: Request | str) -> None:
        """Delay the acknowledgement of ``request`` (or of a lease id) until a matching :meth:`release`."""
        held = self._get(request)
        if held is not None:
            held.holds += 1

    def release(self, request: Request | str) -> None:
        """The outcome a :meth:`hold` waited for is durable."""
        held = self._get(request)
        if held is not None and held.holds > 0:
            held.holds -= 1

    def mark_failed(self, request: Request) -> None:
        """The request failed: acknowledged all the same, and recorded in the run's ``failed`` set."""
        held = self._get(request)
        if held is not None:
            held.failed = True

    def ack(self, request: Request) -> bool:
        """Acknowledge ``request`` now; True if this worker still held its lease."""
        lease_id = str(request.meta.get(LEASE_META) or "")
        held = self._held.pop(lease_id, None)
        if held is None:
            return False
        return self._acknowledge({lease_id: held.failed}) == 1

    def ack_finished(self, in_progress: Collection[Request]) -> int:
        """Acknowledge every lease whose request Scrapy is done with and nobody holds."""
        done = {
            lease_id: held.failed
            for lease_id, held in self._held.items()
            if held.holds == 0 and held.request not in in_progress
        }
        for lease_id in done:
            del self._held[lease_id]
        return self._acknowledge(done)

    def renew(self) -> None:
        """Extend every lease held; forget those another worker took over (logged, counted)."""
        lost = self.frontier.renew(self.lease_ids())
        for lease_id in lost:
            self._held.pop(lease_id, None)
        if lost:
            logger.warning(
                "%d leases expired before they were renewed and were taken over (e.g. %s): Redis was "
                "away, or this worker was stalled, longer than NEWSCRAWL_LEASE_SECONDS",
                len(lost),
                lost[0],
            )
            self._inc("newscrawl/frontier/leases_lost", len(lost))

    def give_back_one(self, request: Request) -> bool:
        """Return ``request``'s lease to the ready queue now (its outcome failed to become
        durable and it is to be tried again); True if this worker still held it."""
        lease_id = str(request.meta.get(LEASE_META) or "")
        if self._held.pop(lease_id, None) is None:
            return False
        self.store_retries[request.url] = self.store_retries.get(request.url, 0) + 1
        returned = self.frontier.release([lease_id])
        self._inc("newscrawl/frontier/leases_returned", returned)
        return returned == 1

    def give_back(self) -> int:
        """Return every lease still held to the ready queue (a worker that stops early)."""
        returned = self.frontier.release(self.lease_ids())
        self._held.clear()
        self._inc("newscrawl/frontier/leases_returned", returned)
        return returned

    def _acknowledge(self, outcomes: dict[str, bool]) -> int:
        if not outcomes:
            return 0
        acked = self.frontier.ack(outcomes)
        self._inc("newscrawl/frontier/acked", acked)
        failed = sum(outcomes.values())
        if failed:
            self._inc("newscrawl/frontier/failed", failed)
        if acked < len(outcomes):
            self._inc("newscrawl/frontier/ack_stale", len(outcomes) - acked)
        return acked

    def _get(self, request: Request | str) -> _Held | None:
        lease_id = request if isinstance(request, str) else request.meta.get(LEASE_META)
        return self._held.get(lease_id) if lease_id else None

    def _inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None and count:
            self.stats.inc_value(key, count)


# Times one worker gives a request back after a store outage before it records a reject.
STORE_RETRIES = 3


def retried_later(crawler: Any, error: BaseException | None, request: Request | None) -> bool:
    """Whether an item pipeline's ``error`` on ``request`` is an outage of the shared store (Redis
    unreachable, the Redis ledger lost) in a shared run, with retries left: its request goes back
    to the frontier instead of being rejected. Other Redis errors (out of memory, a read-only
    replica, a wrong key type) do not pass with time: they are rejects. Decided once per error
    (the scheduler and the reject recorder both ask)."""
    decided = getattr(error, "_newscrawl_retried_later", None)
    if decided is not None:
        return bool(decided)
    book = lease_book(crawler)
    decision = book is not None and request is not None and _is_outage(error)
    if decision:
        assert book is not None and request is not None
        decision = book.store_retries.get(request.url, 0) < STORE_RETRIES
    if error is not None:
        error._newscrawl_retried_later = decision  # type: ignore[attr-defined]
    return decision


def _is_outage(error: BaseException | None) -> bool:
    from redis.exceptions import ConnectionError, TimeoutError

    from newscrawl.ledger import LedgerUnavailableError

    return isinstance(error, (ConnectionError, TimeoutError, LedgerUnavailableError))


def lease_book(crawler: Any) -> LeaseBook | None:
    """The crawler's :class:`LeaseBook` (None in the embedded mode, before the spider opened)."""
    return _BOOKS.get(crawler)


def register_lease_book(crawler: Any, book: LeaseBook) -> None:
    """Make ``book`` the crawler's lease book (the scheduler does, when it opens)."""
    _BOOKS[crawler] = book


_BOOKS: WeakKeyDictionary[Any, LeaseBook] = WeakKeyDictionary()
"""The lease book of each crawler in shared mode (kept here, not on the crawler)."""
