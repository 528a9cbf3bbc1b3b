"""The ledger: what was ingested before (URLs, fingerprints, signatures, revisions).

>>> ledger = open_ledger("data")          # doctest: +SKIP
>>> ledger.seen("https://example.com/a")  # doctest: +SKIP
False

Backends register in :data:`BACKENDS` (name -> factory taking the data
directory and keyword options). ``"sqlite"`` is the embedded default; ``"redis"``
is shared by the workers of several machines (the data directory is not used).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from newscrawl.ledger.base import (
    Commit,
    Ingested,
    Ledger,
    LedgerConfigError,
    LedgerEntry,
    LedgerError,
    LedgerLockedError,
    LedgerUnavailableError,
    ListingEntry,
    url_identity,
)
from newscrawl.ledger.neardup import signature
from newscrawl.ledger.policy import DEFAULT_POLICY, parse_policy

__all__ = [
    "BACKENDS",
    "DEFAULT_POLICY",
    "Commit",
    "Ingested",
    "Ledger",
    "LedgerConfigError",
    "LedgerEntry",
    "LedgerError",
    "LedgerLockedError",
    "LedgerUnavailableError",
    "ListingEntry",
    "open_ledger",
    "parse_policy",
    "signature",
    "url_identity",
]


def _open_sqlite(data_dir: Path, **options: Any) -> Ledger:
    from newscrawl.ledger.sqlite import SQLiteLedger

    return SQLiteLedger(data_dir, **options)


def _open_redis(data_dir: Path, **options: Any) -> Ledger:
    from newscrawl.ledger.redis import RedisLedger

    return RedisLedger(**options)


BACKENDS: dict[str, Callable[..., Ledger]] = {
    "sqlite": _open_sqlite,
    "redis": _open_redis,
}


def open_ledger(data_dir: str | Path, backend: str = "sqlite", **options: Any) -> Ledger:
    """Open the ledger of ``data_dir`` (state under ``<data_dir>/state/``).

    Options of the sqlite backend: ``threshold`` (near-duplicate Jaccard
    threshold, default 0.8), ``num_perm`` (MinHash permutations, default 128;
    fixed when the ledger is created), ``cache_mb`` (default 64). Raises
    :class:`LedgerLockedError` when another process uses the same directory.
    Options of the redis backend: ``url`` (required, ``redis://host:port/db``),
    ``prefix`` (key namespace, default ``"newscrawl:"``), ``threshold``, ``num_perm``,
    ``buckets`` (hash buckets per index, fixed at creation); raises
    :class:`LedgerUnavailableError` when the server cannot be reached.
    """
    try:
        factory = BACKENDS[backend]
    except KeyError:
        known = ", ".join(sorted(BACKENDS))
        raise ValueError(f"unknown ledger backend {backend!r}; known: {known}") from None
    return factory(Path(data_dir), **options)
