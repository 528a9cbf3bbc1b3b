"""Revisit policies: when an article already ingested is downloaded again, and when a listing
page fetched before is (:class:`ListingSchedule`).

- ``"lastmod"`` (default): when the source's lastmod / update date (sitemap
  ``<lastmod>``, feed ``updated``) is newer than the last fetch;
- ``"never"``: an ingested article is never fetched again;
- ``"days:N"``: when N days or more (N may be fractional) passed since the last fetch.

A URL never ingested is always fetched, whatever the policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from newscrawl.ledger.timeutil import utc

if TYPE_CHECKING:
    from newscrawl.ledger.base import LedgerEntry, ListingEntry

DEFAULT_POLICY = "lastmod"


def parse_policy(policy: str) -> tuple[str, timedelta | None]:
    """Validate a policy string; returns (kind, period). Raises ValueError when malformed.

    >>> parse_policy("days:2")
    ('days', datetime.timedelta(days=2))
    """
    text = policy.strip().lower()
    if text in ("lastmod", "never"):
        return text, None
    kind, sep, number = text.partition(":")
    if kind == "days" and sep:
        try:
            days = float(number)
        except ValueError:
            days = -1.0
        if days > 0:
            return "days", timedelta(days=days)
    raise ValueError(f"unknown revisit policy {policy!r}: use 'lastmod', 'never' or 'days:N' (N > 0)")


def should_refetch(
    entry: LedgerEntry | None,
    lastmod: datetime | None,
    policy: str = DEFAULT_POLICY,
    *,
    now: datetime | None = None,
) -> bool:
    """Whether to download the URL of ``entry`` (None: never ingested) again under ``policy``."""
    kind, period = parse_policy(policy)
    if entry is None:
        return True
    if kind == "never":
        return False
    last = entry.last_fetched or entry.last_seen
    if kind == "lastmod":
        return lastmod is not None and utc(lastmod) > last
    assert period is not None
    return utc(now or datetime.now(UTC)) - last >= period


@dataclass(frozen=True, slots=True)
class ListingSchedule:
    """When a listing page fetched before is fetched again: adaptive, per page.

    A listing whose latest fetch led to a new article is due on the next run; one whose latest
    fetch led to none waits ``min_seconds``, then ``factor`` times longer after every further
    fetch that led to none (``min_seconds * factor ** misses``), at most ``max_seconds``. A
    source's lastmod for the page newer than its latest fetch makes it due at once.
    """

    min_seconds: float = 3600.0
    max_seconds: float = 7 * 86400.0
    factor: float = 2.0

    def __post_init__(self) -> None:
        if not 0 <= self.min_seconds <= self.max_seconds or self.factor < 1:
            raise ValueError(
                f"listing revisit interval: need 0 <= min ({self.min_seconds}) <= max ({self.max_seconds})"
                f" and factor ({self.factor}) >= 1"
            )

    def interval(self, entry: ListingEntry) -> float:
        """Seconds after its latest fetch at which ``entry`` is due again."""
        if entry.yielded_last:
            return 0.0
        return min(self.max_seconds, self.min_seconds * self.factor ** min(entry.misses, 64))

    def due(
        self, entry: ListingEntry | None, lastmod: datetime | None = None, *, now: datetime | None = None
    ) -> bool:
        """Whether to fetch the listing page of ``entry`` (None: never fetched: always)."""
        if entry is None or (lastmod is not None and utc(lastmod) > entry.last_fetched):
            return True
        waited = (utc(now or datetime.now(UTC)) - entry.last_fetched).total_seconds()
        return waited >= self.interval(entry)
