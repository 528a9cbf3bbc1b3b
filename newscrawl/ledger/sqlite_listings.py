"""Listing pages in the SQLite ledger: when each was fetched and last led to a new article.

A mixin of :class:`~newscrawl.ledger.sqlite.SQLiteLedger` (it uses the ledger's connection and
its interned URL prefixes); the ``listing`` table is described in :mod:`newscrawl.ledger.sqlite`.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from newscrawl.ledger.base import ListingEntry, next_misses, url_identity
from newscrawl.ledger.sqlite_schema import split_url, url_key
from newscrawl.ledger.timeutil import at_epoch, from_epoch, now_epoch


class SQLiteListings:
    """The ledger's listing-page methods (see :class:`~newscrawl.ledger.base.Ledger`)."""

    _db: sqlite3.Connection

    def _url(self, host_id: int, path: str) -> str:
        raise NotImplementedError

    def _host_id(self, prefix: str) -> int:
        raise NotImplementedError

    def _reload_names(self) -> None:
        raise NotImplementedError

    def _listing_row(self, url: str) -> tuple | None:
        """(id, host_id, path, first_seen, last_fetched, last_yield, misses) of a listing page."""
        wanted = url_identity(url)
        rows = self._db.execute(
            "SELECT id, host_id, path, first_seen, last_fetched, last_yield, misses FROM listing"
            " WHERE url_key = ?",
            (url_key(url),),
        )
        return next((row for row in rows if url_identity(self._url(row[1], row[2])) == wanted), None)

    def _listing_entry(self, row: tuple) -> ListingEntry:
        _, hid, path, first, fetched, yielded, misses = row
        return ListingEntry(
            self._url(hid, path), at_epoch(first), at_epoch(fetched), from_epoch(yielded), misses
        )

    def listing(self, url: str) -> ListingEntry | None:
        row = self._listing_row(url)
        return None if row is None else self._listing_entry(row)

    def note_listing_fetched(self, url: str, *, fetched_at: datetime | None = None) -> ListingEntry:
        now = now_epoch(fetched_at)
        self._db.execute("BEGIN IMMEDIATE")
        try:
            row = self._listing_row(url)
            if row is None:
                prefix, path = split_url(url)
                self._db.execute(
                    "INSERT INTO listing (url_key, host_id, path, first_seen, last_fetched, misses)"
                    " VALUES (?, ?, ?, ?, ?, 0)",
                    (url_key(url), self._host_id(prefix), path, now, now),
                )
            else:
                yielded = row[5] is not None and row[5] >= row[4]
                self._db.execute(
                    "UPDATE listing SET last_fetched = ?, misses = ? WHERE id = ?",
                    (now, next_misses(yielded, row[6]), row[0]),
                )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            self._reload_names()
            raise
        entry = self._listing_row(url)
        assert entry is not None
        return self._listing_entry(entry)

    def note_listing_yield(self, url: str, *, at: datetime | None = None) -> bool:
        row = self._listing_row(url)
        if row is None:
            return False
        now = now_epoch(at)
        if row[5] is None or row[5] < row[4]:  # once per fetch: the first yield after it
            self._db.execute("UPDATE listing SET last_yield = ? WHERE id = ?", (max(now, row[4]), row[0]))
        return True
