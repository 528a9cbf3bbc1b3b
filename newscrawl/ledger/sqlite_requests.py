"""Requested URLs in the SQLite ledger: the ``lookup`` table that maps a URL a page was asked
for (before redirects, or other than its canonical URL) to its article, and the lookups the
spider makes (``for_request``, in batches ``for_request_many``).

A mixin of :class:`~newscrawl.ledger.sqlite.SQLiteLedger` (it uses the ledger's connection,
article rows and interned URL prefixes); the tables are described in
:mod:`newscrawl.ledger.sqlite_schema`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from newscrawl.ledger.base import LedgerEntry, url_identity
from newscrawl.ledger.sqlite_schema import ROW, chunks, split_url, url_key


class SQLiteRequests:
    """The ledger's requested-URL methods (see :class:`~newscrawl.ledger.base.Ledger`)."""

    _db: sqlite3.Connection

    def _url(self, host_id: int, path: str) -> str:
        raise NotImplementedError

    def _host_id(self, prefix: str) -> int:
        raise NotImplementedError

    def _row(self, canonical_url: str, key: int | None = None) -> tuple | None:
        raise NotImplementedError

    def _entry(self, row: tuple) -> LedgerEntry:
        raise NotImplementedError

    def _lookup(self, url: str, key: int | None = None) -> tuple[int, int] | None:
        """(lookup row id, article id) of a requested URL recorded by ``remember_request``."""
        key = url_key(url) if key is None else key
        wanted = url_identity(url)
        for lid, hid, path, article in self._db.execute(
            "SELECT id, host_id, path, article FROM lookup WHERE url_key = ?", (key,)
        ):
            if url_identity(self._url(hid, path)) == wanted:
                return lid, article
        return None

    def for_request(self, url: str) -> LedgerEntry | None:
        row = self._row(url)
        if row is None:
            found = self._lookup(url)
            if found is not None:
                row = self._db.execute(f"SELECT {ROW} FROM article WHERE id = ?", (found[1],)).fetchone()
        return None if row is None else self._entry(row)

    def for_request_many(self, urls: Iterable[str]) -> list[LedgerEntry | None]:
        asked = list(urls)
        rows: dict[str, tuple] = {}  # URL identity -> article row
        for chunk in chunks(list({url_identity(url): url for url in asked}.values())):
            marks = ",".join("?" * len(chunk))
            keys = [url_key(url) for url in chunk]
            for row in self._db.execute(f"SELECT {ROW} FROM article WHERE url_key IN ({marks})", keys):
                rows.setdefault(url_identity(self._url(row[1], row[2])), row)
            missing = {url_identity(url) for url in chunk} - rows.keys()
            if not missing:
                continue
            mapped: dict[str, int] = {}  # identity of a requested URL -> its article's id
            sql = f"SELECT host_id, path, article FROM lookup WHERE url_key IN ({marks})"
            for hid, path, article in self._db.execute(sql, keys):
                identity = url_identity(self._url(hid, path))
                if identity in missing:
                    mapped.setdefault(identity, article)
            if mapped:
                ids = sorted(set(mapped.values()))
                sql = f"SELECT {ROW} FROM article WHERE id IN ({','.join('?' * len(ids))})"
                by_id = {row[0]: row for row in self._db.execute(sql, ids)}
                for identity, article in mapped.items():
                    if article in by_id:
                        rows[identity] = by_id[article]
        return [None if (row := rows.get(url_identity(url))) is None else self._entry(row) for url in asked]

    def _remember(self, requested_url: str, article_id: int) -> bool:
        key = url_key(requested_url)
        if self._row(requested_url, key) is not None:
            return False  # an article of its own: its row answers for it
        found = self._lookup(requested_url, key)
        if found is not None:
            self._db.execute("UPDATE lookup SET article = ? WHERE id = ?", (article_id, found[0]))
        else:
            prefix, path = split_url(requested_url)
            self._db.execute(
                "INSERT INTO lookup (url_key, host_id, path, article) VALUES (?, ?, ?, ?)",
                (key, self._host_id(prefix), path, article_id),
            )
        return True

    def remember_request(self, requested_url: str, canonical_url: str) -> bool:
        if url_identity(requested_url) == url_identity(canonical_url):
            return False
        row = self._row(canonical_url)
        if row is None:
            return False
        self._db.execute("BEGIN IMMEDIATE")
        try:
            remembered = self._remember(requested_url, row[0])
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return remembered
