"""The embedded ledger: one SQLite file, ``<data dir>/state/ledger.sqlite3``.

WAL journal, ``synchronous=FULL``: a committed transaction survives the process being killed
and the machine losing power; each ``record_many`` call is one transaction (one fsync). The
tables are described in :mod:`newscrawl.ledger.sqlite_schema`.

One process at a time: an ``flock`` on ``state/ledger.lock`` is taken at open (released by the
kernel even when the process is killed). Use a ledger from the thread that opened it. All SQL
is parameterized.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from newscrawl.ledger import neardup
from newscrawl.ledger.base import (
    Commit,
    Ingested,
    Ledger,
    LedgerConfigError,
    LedgerEntry,
    url_identity,
)
from newscrawl.ledger.lock import StateLock
from newscrawl.ledger.sqlite_listings import SQLiteListings
from newscrawl.ledger.sqlite_requests import SQLiteRequests
from newscrawl.ledger.sqlite_schema import (
    DB_NAME,
    LOCK_NAME,
    ROW,
    SCHEMA,
    SCHEMA_VERSION,
    chunks,
    split_url,
    url_key,
)
from newscrawl.ledger.sqlite_schema import (
    digest as content_digest,
)
from newscrawl.ledger.timeutil import (
    from_epoch,
    http_date_to_stored,
    now_epoch,
    stored_to_http_date,
    to_epoch,
)

logger = logging.getLogger(__name__)


class SQLiteLedger(SQLiteRequests, SQLiteListings, Ledger):
    """Ledger stored in ``<data_dir>/state/ledger.sqlite3``; see the module docstring."""

    def __init__(
        self,
        data_dir: str | Path,
        *,
        threshold: float = neardup.DEFAULT_THRESHOLD,
        num_perm: int = neardup.DEFAULT_NUM_PERM,
        cache_mb: int = 64,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self.num_perm = num_perm
        state = Path(data_dir) / "state"
        state.mkdir(parents=True, exist_ok=True)
        self.path = state / DB_NAME
        self._lock: StateLock | None = StateLock(state / LOCK_NAME, self.path)
        try:
            self.bands, self.rows = neardup.band_params(threshold, num_perm)
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            # PRAGMA takes no parameters; the value is an int computed here.
            self._db.execute(f"PRAGMA cache_size = {-1024 * int(cache_mb)}")
            self._db.executescript(SCHEMA)
            self._check_meta()
            self._reload_names()
        except BaseException:
            if hasattr(self, "_db"):
                self._db.close()
            self._release()
            raise

    # -- setup -------------------------------------------------------------
    def _check_meta(self) -> None:
        meta = dict(self._db.execute("SELECT name, value FROM meta").fetchall())
        wanted = {
            "schema": SCHEMA_VERSION,
            "num_perm": str(self.num_perm),
            "bands": str(self.bands),
            "rows": str(self.rows),
        }
        if not meta:
            self._db.executemany("INSERT INTO meta (name, value) VALUES (?, ?)", wanted.items())
            return
        if meta.get("schema") != SCHEMA_VERSION:
            raise LedgerConfigError(f"{self.path}: schema {meta.get('schema')}, expected {SCHEMA_VERSION}")
        if meta.get("num_perm") != wanted["num_perm"]:
            raise LedgerConfigError(
                f"{self.path} keeps signatures of num_perm={meta.get('num_perm')}, not {self.num_perm};"
                " use that num_perm or start a new data directory"
            )
        if (meta.get("bands"), meta.get("rows")) != (wanted["bands"], wanted["rows"]):
            self._rebuild_bands()
            updates = [(value, name) for name, value in wanted.items()]
            self._db.executemany("UPDATE meta SET value = ? WHERE name = ?", updates)

    def _rebuild_bands(self) -> None:
        logger.info("ledger: rebuilding the near-duplicate band index for threshold %s", self.threshold)
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.execute("DELETE FROM band")
            for aid, sig in self._db.execute("SELECT id, sig FROM minhash"):  # streamed, not loaded
                self._add_bands(aid, sig)
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    # -- lookups -------------------------------------------------------------
    def _url(self, host_id: int, path: str) -> str:
        return self._hosts[host_id] + path

    def _row(self, canonical_url: str, key: int | None = None) -> tuple | None:
        """The article row of a URL (columns as in ``ROW``)."""
        key = url_key(canonical_url) if key is None else key
        rows = self._db.execute(f"SELECT {ROW} FROM article WHERE url_key = ?", (key,))
        wanted = url_identity(canonical_url)
        for row in rows:
            if url_identity(self._url(row[1], row[2])) == wanted:
                return row
        return None

    def seen(self, canonical_url: str) -> bool:
        sql = "SELECT host_id, path FROM article WHERE url_key = ?"
        rows = self._db.execute(sql, (url_key(canonical_url),))
        wanted = url_identity(canonical_url)
        return any(url_identity(self._url(hid, path)) == wanted for hid, path in rows)

    def seen_many(self, canonical_urls: Iterable[str]) -> set[str]:
        asked: dict[str, list[str]] = {}
        for url in canonical_urls:
            asked.setdefault(url_identity(url), []).append(url)
        found: set[str] = set()
        for chunk in chunks(list(asked)):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT host_id, path FROM article WHERE url_key IN ({marks})"
            for hid, path in self._db.execute(sql, [url_key(asked[ident][0]) for ident in chunk]):
                found.update(asked.get(url_identity(self._url(hid, path)), ()))
        return found

    def get(self, canonical_url: str) -> LedgerEntry | None:
        row = self._row(canonical_url)
        return None if row is None else self._entry(row)

    def _entry(self, row: tuple) -> LedgerEntry:
        _, _, _, content, revision, first, last, fetched, modified, site_id, etag, lastmod = row
        return LedgerEntry(
            canonical_url=self._url(row[1], row[2]),
            content_sha256=content.hex(),
            revision=revision,
            first_seen=from_epoch(first),  # type: ignore[arg-type]
            last_seen=from_epoch(last),  # type: ignore[arg-type]
            last_fetched=from_epoch(fetched),
            date_modified=from_epoch(modified),
            etag=etag,
            last_modified=stored_to_http_date(lastmod),
            site=self._sites.get(site_id),
        )

    def find_content(self, content_sha256: str, *, exclude: str | None = None) -> str | None:
        wanted = content_digest(content_sha256)
        rows = self._db.execute(
            "SELECT host_id, path FROM article WHERE substr(content, 1, 8) = ? AND content = ? ORDER BY id",
            (wanted[:8], wanted),
        )
        skip = url_identity(exclude) if exclude else None
        for hid, path in rows:
            url = self._url(hid, path)
            if url_identity(url) != skip:
                return url
        return None

    def find_near_duplicate(
        self, text_or_signature: str | bytes, *, exclude: str | None = None
    ) -> str | None:
        sig = self.signature(text_or_signature) if isinstance(text_or_signature, str) else text_or_signature
        if not sig:
            return None
        keys = neardup.band_keys(sig, self.bands, self.rows)
        marks = ",".join("?" * len(keys))
        sql = f"SELECT id, sig FROM minhash WHERE id IN (SELECT id FROM band WHERE key IN ({marks}))"
        candidates = self._db.execute(sql, keys).fetchall()
        skip = self._row(exclude) if exclude else None
        if skip is not None:
            candidates = [(cid, other) for cid, other in candidates if cid != skip[0]]
        best = neardup.best_match(candidates, sig, self.threshold)
        if best is None:
            return None
        hid, path = self._db.execute("SELECT host_id, path FROM article WHERE id = ?", (best,)).fetchone()
        return self._url(hid, path)

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM article").fetchone()[0])

    # -- updates -------------------------------------------------------------
    def _host_id(self, prefix: str) -> int:
        hid = self._host_ids.get(prefix)
        if hid is None:
            cur = self._db.execute("INSERT INTO host (prefix) VALUES (?)", (prefix,))
            hid = int(cur.lastrowid)  # type: ignore[arg-type]
            self._hosts[hid], self._host_ids[prefix] = prefix, hid
        return hid

    def _site_id(self, site: str | None) -> int | None:
        if site is None:
            return None
        sid = self._site_ids.get(site)
        if sid is None:
            cur = self._db.execute("INSERT INTO site (name) VALUES (?)", (site,))
            sid = int(cur.lastrowid)  # type: ignore[arg-type]
            self._sites[sid], self._site_ids[site] = site, sid
        return sid

    def _add_bands(self, aid: int, sig: bytes) -> None:
        keys = neardup.band_keys(sig, self.bands, self.rows)
        self._db.executemany("INSERT OR IGNORE INTO band (key, id) VALUES (?, ?)", [(k, aid) for k in keys])

    def _set_signature(self, aid: int, sig: bytes) -> None:
        if len(sig) != self.num_perm:
            raise ValueError(f"signature has {len(sig)} bytes, this ledger uses num_perm={self.num_perm}")
        old = self._db.execute("SELECT sig FROM minhash WHERE id = ?", (aid,)).fetchone()
        if old is not None:
            stale = neardup.band_keys(old[0], self.bands, self.rows)
            self._db.executemany("DELETE FROM band WHERE key = ? AND id = ?", [(k, aid) for k in stale])
        self._db.execute("INSERT OR REPLACE INTO minhash (id, sig) VALUES (?, ?)", (aid, sig))
        self._add_bands(aid, sig)

    def _record_one(self, item: Ingested, now: int) -> Commit:
        url = item.canonical_url
        key = url_key(url)
        digest = content_digest(item.content_sha256)
        fetched = now_epoch(item.fetched_at) if item.fetched_at is not None else now
        modified = to_epoch(item.date_modified)
        lastmod = http_date_to_stored(item.last_modified)
        site_id = self._site_id(item.site)
        row = self._row(url, key)
        if row is None:
            prefix, path = split_url(url)
            cur = self._db.execute(
                "INSERT INTO article (url_key, host_id, path, content, revision, first_seen, last_seen,"
                " last_fetched, date_modified, site_id, etag, last_modified)"
                " VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)",
                (key, self._host_id(prefix), path, digest, now, now, fetched, modified, site_id,
                 item.etag, lastmod),
            )  # fmt: skip
            aid, revision, status = int(cur.lastrowid), 1, "new"  # type: ignore[arg-type]
        elif row[3] == digest:
            aid, revision = row[0], row[4]
            self._db.execute(
                "UPDATE article SET last_seen = ?, last_fetched = ?,"
                " date_modified = coalesce(?, date_modified), site_id = coalesce(?, site_id),"
                " etag = coalesce(?, etag), last_modified = coalesce(?, last_modified) WHERE id = ?",
                (now, fetched, modified, site_id, item.etag, lastmod, aid),
            )
            if item.signature is not None and not self._has_signature(aid):
                self._set_signature(aid, item.signature)
            return Commit(revision, "unchanged")
        else:
            aid, revision, status = row[0], row[4] + 1, "revised"
            self._db.execute(
                "UPDATE article SET content = ?, revision = ?, last_seen = ?, last_fetched = ?,"
                " date_modified = ?, site_id = coalesce(?, site_id), etag = ?, last_modified = ?"
                " WHERE id = ?",
                (digest, revision, now, fetched, modified, site_id, item.etag, lastmod, aid),
            )
        if item.signature is not None:
            self._set_signature(aid, item.signature)
        return Commit(revision, status, self.find_content(item.content_sha256, exclude=url))

    def _has_signature(self, aid: int) -> bool:
        return self._db.execute("SELECT 1 FROM minhash WHERE id = ?", (aid,)).fetchone() is not None

    def commit_many(self, items: Iterable[Ingested]) -> list[Commit]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            now = now_epoch()
            commits = []
            for item in items:
                commits.append(self._record_one(item, now))
                requested = item.requested_url
                if requested and url_identity(requested) != url_identity(item.canonical_url):
                    row = self._row(item.canonical_url)
                    if row is not None:
                        self._remember(requested, row[0])
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            self._reload_names()
            raise
        return commits

    def _reload_names(self) -> None:
        self._hosts = dict(self._db.execute("SELECT id, prefix FROM host").fetchall())
        self._host_ids = {prefix: hid for hid, prefix in self._hosts.items()}
        self._sites = dict(self._db.execute("SELECT id, name FROM site").fetchall())
        self._site_ids = {name: sid for sid, name in self._sites.items()}

    def touch_fetched(
        self,
        canonical_url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        *,
        fetched_at: datetime | None = None,
    ) -> bool:
        row = self._row(canonical_url)
        if row is None:
            return False
        self._db.execute(
            "UPDATE article SET last_fetched = ?, etag = coalesce(?, etag),"
            " last_modified = coalesce(?, last_modified) WHERE id = ?",
            (now_epoch(fetched_at), etag, http_date_to_stored(last_modified), row[0]),
        )
        return True

    def close(self) -> None:
        if self._lock is None:
            return
        try:
            self._db.execute("PRAGMA optimize")
            self._db.close()
        finally:
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None
