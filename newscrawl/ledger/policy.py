"""Revisit policies: when an article already ingested is downloaded again.

- ``"lastmod"`` (default): when the source's lastmod / update date (sitemap
  ``<lastmod>``, feed ``updated``) is newer than the last fetch;
- ``"never"``: an ingested article is never fetched again;
- ``"days:N"``: when N days or more (N may be fractional) passed since the last fetch.

A URL never ingested is always fetched, whatever the policy.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from newscrawl.ledger.timeutil import utc

if TYPE_CHECKING:
    from newscrawl.ledger.base import LedgerEntry

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
