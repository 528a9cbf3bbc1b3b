"""The SQLite ledger's tables and the small helpers its queries share (URL keys, URL split,
digests, chunked ``IN`` lists); the ledger itself is :mod:`newscrawl.ledger.sqlite`.

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
"""

from __future__ import annotations

from collections.abc import Iterator
from hashlib import blake2b

from newscrawl.ledger.base import url_identity

SCHEMA_VERSION = "1"
DB_NAME = "ledger.sqlite3"
LOCK_NAME = "ledger.lock"
CHUNK = 500  # bound parameters per IN (...) query

SCHEMA = """
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

ROW = (
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


def digest(content_sha256: str) -> bytes:
    """The 32 bytes of a hex SHA-256 digest; ValueError when it is not one."""
    try:
        digest = bytes.fromhex(content_sha256)
    except ValueError:
        digest = b""
    if len(digest) != 32:
        raise ValueError(f"content_sha256 must be 64 hex digits, got {content_sha256!r}")
    return digest


def chunks(items: list[str], size: int = CHUNK) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
