"""The embedded ledger: one SQLite file, ``<data dir>/state/ledger.sqlite3``.

Storage (compact, integers wherever possible):

- ``article``: one row per canonical URL, in a rowid table so rows are appended
  and pages stay full. The URL is split into its ``scheme://host`` prefix,
  interned in ``host``, and the rest (``path``). ``url_key`` is a 48-bit
  BLAKE2b hash of the URL's identity (no scheme, no ``www.``: see
  :func:`~newscrawl.ledger.base.url_identity`), indexed, not unique: a lookup
  compares the identities themselves, so hash collisions are harmless. ``content`` is the 32-byte SHA-256
  digest, indexed on its first 8 bytes (an expression index). Times are UTC
  epoch seconds; ``last_modified`` is epoch seconds (or the raw header when it
  does not parse) and is given back as an HTTP date.
- ``minhash``: the ``num_perm``-byte signature of each article body (see
  :mod:`newscrawl.ledger.neardup`), keyed by article id.
- ``band``: ``(band key, article id)`` pairs in a WITHOUT ROWID table, the LSH
  index queried with SQL (``key IN (...)``), so nothing is loaded into memory
  at open. A new revision replaces the article's band rows. Band keys derive
  from the stored signatures, so a change of threshold rebuilds ``band`` at open.
- ``lookup``: URLs pages were requested by that are not their canonical URL, each with the
  id of its article row (same URL split and key as ``article``); never an article's own URL.
- ``listing``: listing pages (pages that were no article but led to links), same URL split and
  key as ``article``, with first seen / last fetched / last yield times and ``misses`` (see
  :class:`~newscrawl.ledger.base.ListingEntry`). Each note is its own small transaction.
- ``meta``: schema version and near-duplicate parameters.

WAL journal, ``synchronous=FULL``: a committed transaction survives the process
being killed and the machine losing power; each ``record_many`` call is one
transaction (one fsync).
One process at a time: an ``flock`` on ``state/ledger.lock`` is taken at open
(released by the kernel even when the process is killed). Use a ledger from the
thread that opened it. All SQL is parameterized.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime
from hashlib import blake2b
from pathlib import Path

from newscrawl.ledger import neardup
from newscrawl.ledger.base import (
    Commit,
    Ingested,
    Ledger,
    LedgerConfigError,
    LedgerEntry,
    ListingEntry,
    next_misses,
    url_identity,
)
from newscrawl.ledger.lock import StateLock
from newscrawl.ledger.timeutil import (
    at_epoch,
    from_epoch,
    http_date_to_stored,
    now_epoch,
    stored_to_http_date,
    to_epoch,
)

logger = logging.getLogger(__name__)

SCHEMA_VERSION = "1"
DB_NAME = "ledger.sqlite3"
LOCK_NAME = "ledger.lock"
_CHUNK = 500  # bound parameters per IN (...) query

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS host (id INTEGER PRIMARY KEY, prefix TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS site (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS article (
    id INTEGER PRIMARY KEY,
    url_key INTEGER NOT NULL,
    host_id INTEGER NOT NULL,
    path TEXT NOT NULL,
    content BLOB NOT NULL,
    revision INTEGER NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    last_fetched INTEGER,
    date_modified INTEGER,
    site_id INTEGER,
    etag TEXT,
    last_modified
);
CREATE INDEX IF NOT EXISTS article_url ON article (url_key);
CREATE INDEX IF NOT EXISTS article_content ON article (substr(content, 1, 8));
CREATE TABLE IF NOT EXISTS lookup (
    id INTEGER PRIMARY KEY,
    url_key INTEGER NOT NULL,
    host_id INTEGER NOT NULL,
    path TEXT NOT NULL,
    article INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS lookup_url ON lookup (url_key);
CREATE TABLE IF NOT EXISTS listing (
    id INTEGER PRIMARY KEY,
    url_key INTEGER NOT NULL,
    host_id INTEGER NOT NULL,
    path TEXT NOT NULL,
    first_seen INTEGER NOT NULL,
    last_fetched INTEGER NOT NULL,
    last_yield INTEGER,
    misses INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS listing_url ON listing (url_key);
CREATE TABLE IF NOT EXISTS minhash (id INTEGER PRIMARY KEY, sig BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS band (
    key INTEGER NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (key, id)
) WITHOUT ROWID;
"""

_ROW = (
    "id, host_id, path, content, revision, first_seen, last_seen, last_fetched,"
    " date_modified, site_id, etag, last_modified"
)


def url_key(url: str) -> int:
    """48-bit signed hash of a URL's identity (stored in 6 bytes by SQLite)."""
    return int.from_bytes(
        blake2b(url_identity(url).encode("utf-8"), digest_size=6).digest(), "big", signed=True
    )


def split_url(url: str) -> tuple[str, str]:
    """``("https://host", "/path?query")``; the two parts join back to ``url``."""
    start = url.find("://")
    cut = url.find("/", start + 3) if start >= 0 else -1
    return (url, "") if cut < 0 else (url[:cut], url[cut:])


def _digest(content_sha256: str) -> bytes:
    """The 32 bytes of a hex SHA-256 digest; ValueError when it is not one."""
    try:
        digest = bytes.fromhex(content_sha256)
    except ValueError:
        digest = b""
    if len(digest) != 32:
        raise ValueError(f"content_sha256 must be 64 hex digits, got {content_sha256!r}")
    return digest


def _chunks(items: list[str], size: int = _CHUNK) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class SQLiteLedger(Ledger):
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
            self._db.executescript(_SCHEMA)
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
        """The article row of a URL (columns as in ``_ROW``)."""
        key = url_key(canonical_url) if key is None else key
        rows = self._db.execute(f"SELECT {_ROW} FROM article WHERE url_key = ?", (key,))
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
        for chunk in _chunks(list(asked)):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT host_id, path FROM article WHERE url_key IN ({marks})"
            for hid, path in self._db.execute(sql, [url_key(asked[ident][0]) for ident in chunk]):
                found.update(asked.get(url_identity(self._url(hid, path)), ()))
        return found

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
                row = self._db.execute(f"SELECT {_ROW} FROM article WHERE id = ?", (found[1],)).fetchone()
        return None if row is None else self._entry(row)

    def for_request_many(self, urls: Iterable[str]) -> list[LedgerEntry | None]:
        asked = list(urls)
        rows: dict[str, tuple] = {}  # URL identity -> article row
        for chunk in _chunks(list({url_identity(url): url for url in asked}.values())):
            marks = ",".join("?" * len(chunk))
            keys = [url_key(url) for url in chunk]
            for row in self._db.execute(f"SELECT {_ROW} FROM article WHERE url_key IN ({marks})", keys):
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
                sql = f"SELECT {_ROW} FROM article WHERE id IN ({','.join('?' * len(ids))})"
                by_id = {row[0]: row for row in self._db.execute(sql, ids)}
                for identity, article in mapped.items():
                    if article in by_id:
                        rows[identity] = by_id[article]
        return [None if (row := rows.get(url_identity(url))) is None else self._entry(row) for url in asked]

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
        digest = _digest(content_sha256)
        rows = self._db.execute(
            "SELECT host_id, path FROM article WHERE substr(content, 1, 8) = ? AND content = ? ORDER BY id",
            (digest[:8], digest),
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
        digest = _digest(item.content_sha256)
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

    # -- listing pages ---------------------------------------------------------
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
