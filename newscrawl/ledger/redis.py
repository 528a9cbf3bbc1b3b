"""The shared ledger on Redis: one ledger for the workers of several machines.

Key layout (``P`` = the prefix, default ``newscrawl:``; ``n`` = a bucket number, fixed
count per ledger, default 65536), everything in hashes small enough for Redis's compact
listpack encoding (see README: ``hash-max-listpack-value 1024``):

- ``P u:n``: article records, field = 8-byte hash of the URL identity + probe byte,
  value = the packed record of :mod:`newscrawl.ledger.redis_format` (URL, digest,
  revision, times, validators, site id, near-duplicate signature).
- ``P c:n``: content index, field = bytes 5-12 of the SHA-256, value = entries
  ``seq (4 bytes) + record field (9)`` of the articles whose *current* content it is,
  ordered by ``seq`` (the order articles were first recorded).
- ``P b:n``: LSH band index, field = band number + the band's signature bytes, value =
  entries as above.
- ``P r:n``: URLs pages were requested by (not their canonical URL), field as in ``u``,
  value = identity offset + the article's record field + the URL.
- ``P l:n``: listing pages, field as in ``u``, value = identity offset + first seen, last
  fetched and last yield times + misses (22 bytes) + the URL.
- ``P meta`` (schema, num_perm, buckets, bands, rows, seq counter), ``P sites`` /
  ``P site_names`` (interned site names).

Every write is one call of the Lua script ``redis_ledger.lua``, which Redis runs
atomically: a ``record_many`` batch is one transaction across all workers, so of two
workers committing one URL the second sees the first's record (``"unchanged"``, or
``"revised"`` for other content), and of two committing one content under two URLs the
second gets ``duplicate_of`` = the first (see :class:`~newscrawl.ledger.base.Commit`).
Reads are pipelined ``HGET``\\ s. A single Redis server (or a primary with replicas);
not Redis Cluster. Durability is the server's: run it with AOF (``appendonly yes``).
``num_perm`` and ``buckets`` are fixed by the first open; a ledger opened with another
threshold rebuilds the band index, so the workers of one ledger share one threshold.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from importlib import resources
from typing import Any

from newscrawl.ledger import neardup
from newscrawl.ledger.base import (
    Commit,
    Ingested,
    Ledger,
    LedgerConfigError,
    LedgerEntry,
    LedgerUnavailableError,
    ListingEntry,
)
from newscrawl.ledger.redis_format import (
    Record,
    UrlRef,
    decode_listing,
    decode_record,
    optional,
    optional_lastmod,
)
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
DEFAULT_PREFIX = "newscrawl:"
DEFAULT_BUCKETS = 65536
LISTPACK_VALUE = 512  # hash-max-listpack-value the layout wants at least
_BATCH = 1000  # commands per pipeline round trip
_LOOKUPS = 100  # URLs per lookup script call (several calls per round trip)
_STATUS = {1: "new", 2: "revised", 3: "unchanged"}

try:
    import redis as redis_py
except ImportError:  # pragma: no cover - exercised only without the extra
    redis_py = None  # type: ignore[assignment]


def _digest(content_sha256: str) -> bytes:
    try:
        digest = bytes.fromhex(content_sha256)
    except ValueError:
        digest = b""
    if len(digest) != 32:
        raise ValueError(f"content_sha256 must be 64 hex digits, got {content_sha256!r}")
    return digest


def _retrying(seconds: float) -> dict[str, Any]:
    """Client options that retry a command with backoff for about ``seconds`` (a Redis restart;
    every ledger write is idempotent when applied twice: the second finds its own first)."""
    if seconds <= 0:
        return {}
    from redis.backoff import ExponentialBackoff
    from redis.exceptions import BusyLoadingError
    from redis.retry import Retry

    attempts = max(1, int(seconds / 2.0) + 4)
    errors = [BusyLoadingError, redis_py.ConnectionError, redis_py.TimeoutError]
    return {"retry": Retry(ExponentialBackoff(cap=2.0, base=0.1), attempts), "retry_on_error": errors}


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


class RedisLedger(Ledger):
    """Ledger kept in a Redis server; see the module docstring. Safe to share between processes."""

    def __init__(
        self,
        *,
        url: str = "",
        prefix: str = DEFAULT_PREFIX,
        threshold: float = neardup.DEFAULT_THRESHOLD,
        num_perm: int = neardup.DEFAULT_NUM_PERM,
        buckets: int = DEFAULT_BUCKETS,
        retry_seconds: float = 0.0,
    ) -> None:
        if redis_py is None:
            raise LedgerConfigError("the redis ledger needs redis-py: pip install 'newscrawl[redis]'")
        if not url:
            raise LedgerConfigError("the redis ledger needs a server URL: set NEWSCRAWL_REDIS_URL")
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        if buckets < 1:
            raise ValueError(f"buckets must be at least 1, got {buckets}")
        self.threshold, self.num_perm, self.prefix = threshold, num_perm, prefix
        self.bands, self.rows = neardup.band_params(threshold, num_perm)
        self.url = url
        self._client = redis_py.Redis.from_url(
            url, socket_connect_timeout=10, health_check_interval=30, **_retrying(retry_seconds)
        )
        try:
            self._client.ping()
        except (redis_py.ConnectionError, redis_py.TimeoutError) as exc:
            self._client.close()
            raise LedgerUnavailableError(f"cannot reach the Redis ledger at {url}: {exc}") from exc
        source = resources.files("newscrawl.ledger").joinpath("redis_ledger.lua").read_text("utf-8")
        self._script = self._client.register_script(source)
        self.buckets = self._check_meta(buckets)
        self._sites: dict[int, str] = {}
        self._closed = False
        self._check_server_config()

    # -- setup -------------------------------------------------------------
    def _check_meta(self, buckets: int) -> int:
        meta_key = self.prefix + "meta"
        wanted = {"schema": SCHEMA_VERSION, "num_perm": str(self.num_perm), "buckets": str(buckets)}
        for name, value in wanted.items():
            self._client.hsetnx(meta_key, name, value)  # the first worker to open fixes them
        meta = {_text(k): _text(v) for k, v in self._client.hgetall(meta_key).items()}
        where = f"{self.url} (prefix {self.prefix!r})"
        if meta.get("schema") != SCHEMA_VERSION:
            raise LedgerConfigError(f"{where}: schema {meta.get('schema')}, expected {SCHEMA_VERSION}")
        if meta.get("num_perm") != wanted["num_perm"]:
            raise LedgerConfigError(
                f"{where} keeps signatures of num_perm={meta.get('num_perm')}, not {self.num_perm};"
                " use that num_perm or another prefix"
            )
        stored_buckets = int(meta["buckets"])
        params = f"{self.bands}x{self.rows}"
        if self._client.hsetnx(meta_key, "bands", params) == 0 and meta.get("bands") != params:
            self._rebuild_bands(stored_buckets)
            self._client.hset(meta_key, "bands", params)
        return stored_buckets

    def _rebuild_bands(self, buckets: int) -> None:
        logger.info("ledger: rebuilding the near-duplicate band index for threshold %s", self.threshold)
        pipe = self._client.pipeline(transaction=False)
        for n in range(buckets):
            pipe.unlink(f"{self.prefix}b:{n}")
            if len(pipe) >= _BATCH:
                pipe.execute()
        pipe.execute()
        for batch in range(0, buckets, _BATCH):  # a script call per bucket, _BATCH per round trip

            def queue(pipe: Any, batch: int = batch) -> None:
                for n in range(batch, min(batch + _BATCH, buckets)):
                    self._script(keys=[], args=self._argv("rebuild_bands", n, buckets=buckets), client=pipe)

            self._pipelined(queue)  # indexing a signature again is a no-op: a retry is safe

    def _check_server_config(self) -> None:
        try:
            config = self._client.config_get("hash-max-listpack-value")
            value = int(config.get("hash-max-listpack-value") or 0)
        except (redis_py.ResponseError, ValueError):  # CONFIG disabled (managed services)
            return
        if value < LISTPACK_VALUE:
            logger.warning(
                "Redis at %s has hash-max-listpack-value %d: the ledger works but takes more"
                " memory; set hash-max-listpack-value %d and hash-max-listpack-entries 512",
                self.url,
                value,
                LISTPACK_VALUE * 2,
            )

    def _argv(self, command: str, *args: Any, buckets: int | None = None) -> list[Any]:
        return [self.prefix, buckets or self.buckets, self.bands, self.rows, command, *args]

    def _call(self, command: str, *args: Any, buckets: int | None = None) -> Any:
        try:
            return self._script(keys=[], args=self._argv(command, *args, buckets=buckets))
        except (redis_py.ConnectionError, redis_py.TimeoutError) as exc:
            raise LedgerUnavailableError(f"lost the Redis ledger at {self.url}: {exc}") from exc

    # -- lookups -------------------------------------------------------------
    def _records(self, refs: list[UrlRef]) -> list[bytes | None]:
        """The packed record of each URL (None when unknown): script calls of ``_LOOKUPS`` URLs,
        ``_BATCH`` URLs per pipelined round trip (the script probes past hash collisions)."""
        found: list[bytes | None] = []
        for batch in range(0, len(refs), _BATCH):

            def queue(pipe: Any, batch: int = batch) -> None:
                for start in range(batch, min(batch + _BATCH, len(refs)), _LOOKUPS):
                    args: list[bytes] = []
                    for ref in refs[start : min(start + _LOOKUPS, batch + _BATCH)]:
                        args += (ref.h8, ref.identity)
                    self._script(keys=[], args=self._argv("records", *args), client=pipe)

            for values in self._pipelined(queue):
                found += values
        return found

    def _pipelined(self, queue: Any) -> list[Any]:
        """Run the script calls ``queue(pipe)`` adds, in one round trip. A pipeline retried through
        a Redis restart meets a server without the script (``NOSCRIPT``; redis-py loads scripts
        only before the first attempt): the script is loaded again and the reads are re-run."""
        for attempt in (1, 2):
            pipe = self._client.pipeline(transaction=False)
            queue(pipe)
            try:
                return list(pipe.execute())
            except redis_py.exceptions.NoScriptError:  # the next execute() loads it again
                if attempt == 2:
                    raise
            except (redis_py.ConnectionError, redis_py.TimeoutError) as exc:
                raise LedgerUnavailableError(f"lost the Redis ledger at {self.url}: {exc}") from exc
        raise AssertionError("unreachable")

    def _site_name(self, site_id: int | None) -> str | None:
        if site_id is None:
            return None
        if site_id not in self._sites:
            names = self._client.hgetall(self.prefix + "site_names")
            self._sites = {int(k): _text(v) for k, v in names.items()}
        return self._sites.get(site_id)

    def _entry(self, record: Record) -> LedgerEntry:
        return LedgerEntry(
            canonical_url=record.url,
            content_sha256=record.digest.hex(),
            revision=record.revision,
            first_seen=from_epoch(record.first_seen),  # type: ignore[arg-type]
            last_seen=from_epoch(record.last_seen),  # type: ignore[arg-type]
            last_fetched=from_epoch(record.last_fetched),
            date_modified=from_epoch(record.date_modified),
            etag=record.etag,
            last_modified=stored_to_http_date(record.last_modified),
            site=self._site_name(record.site_id),
        )

    def get(self, canonical_url: str) -> LedgerEntry | None:
        value = self._records([UrlRef.of(canonical_url)])[0]
        return None if value is None else self._entry(decode_record(value))

    def get_many(self, canonical_urls: Iterable[str]) -> list[LedgerEntry | None]:
        """The entry of each URL (None when never ingested), in one pipelined pass."""
        values = self._records([UrlRef.of(url) for url in canonical_urls])
        return [None if value is None else self._entry(decode_record(value)) for value in values]

    def for_request(self, url: str) -> LedgerEntry | None:
        value = self._call("lookup", *UrlRef.of(url).args())
        return None if value is None else self._entry(decode_record(value))

    def for_request_many(self, urls: Iterable[str]) -> list[LedgerEntry | None]:
        refs = [UrlRef.of(url) for url in urls]
        values: list[bytes | None] = []
        for batch in range(0, len(refs), _BATCH):  # one pipelined round trip per _BATCH URLs

            def queue(pipe: Any, batch: int = batch) -> None:
                for ref in refs[batch : batch + _BATCH]:
                    self._script(keys=[], args=self._argv("lookup", *ref.args()), client=pipe)

            values += self._pipelined(queue)
        return [None if value is None else self._entry(decode_record(value)) for value in values]

    def seen_many(self, canonical_urls: Iterable[str]) -> set[str]:
        urls = list(canonical_urls)
        values = self._records([UrlRef.of(url) for url in urls])
        return {url for url, value in zip(urls, values, strict=True) if value is not None}

    def find_content(self, content_sha256: str, *, exclude: str | None = None) -> str | None:
        skip = optional(None) if exclude is None else b"=" + UrlRef.of(exclude).identity
        found = self._call("find_content", _digest(content_sha256.lower()), skip)
        return None if found is None else found.decode("utf-8")

    def find_near_duplicate(
        self, text_or_signature: str | bytes, *, exclude: str | None = None
    ) -> str | None:
        sig = self.signature(text_or_signature) if isinstance(text_or_signature, str) else text_or_signature
        if not sig:
            return None
        skip = UrlRef.of(exclude).identity if exclude else None
        records = [decode_record(value) for value in self._call("candidates", sig)]
        candidates = [(r.seq, r.signature or b"") for r in records if r.identity != skip]
        best = neardup.best_match(candidates, sig, self.threshold)
        return next((r.url for r in records if r.seq == best), None)

    def count(self) -> int:
        return int(self._client.hget(self.prefix + "meta", "seq") or 0)

    # -- updates -------------------------------------------------------------
    def _commit_args(self, item: Ingested) -> list[bytes | int]:
        """The 13 script arguments of one record; ValueError for invalid input."""
        digest = _digest(item.content_sha256)
        sig = item.signature
        if sig is not None and len(sig) != self.num_perm:
            raise ValueError(f"signature has {len(sig)} bytes, this ledger uses num_perm={self.num_perm}")
        ref = UrlRef.of(item.canonical_url)
        modified = to_epoch(item.date_modified)
        requested: list[bytes | int] = [b"", b"", b""]
        if item.requested_url:
            asked = UrlRef.of(item.requested_url)
            if asked.identity != ref.identity:
                requested = asked.args()
        fetched = now_epoch(item.fetched_at) if item.fetched_at is not None else now_epoch()
        return [
            *ref.args(), digest, fetched, b"" if modified is None else modified,
            optional_lastmod(http_date_to_stored(item.last_modified)), optional(item.etag),
            optional(item.site), sig or b"", *requested,
        ]  # fmt: skip

    def commit_many(self, items: Iterable[Ingested]) -> list[Commit]:
        args: list[bytes | int] = []
        for item in items:
            args += self._commit_args(item)  # all validated before anything is sent
        if not args:
            return []
        out = self._call("commit", now_epoch(), *args)
        return [
            Commit(int(out[i]), _STATUS[int(out[i + 1])], out[i + 2].decode("utf-8") or None)
            for i in range(0, len(out), 3)
        ]

    def touch_fetched(
        self,
        canonical_url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        *,
        fetched_at: datetime | None = None,
    ) -> bool:
        ref = UrlRef.of(canonical_url)
        stored = http_date_to_stored(last_modified)
        args = [*ref.args(), now_epoch(fetched_at), optional(etag), optional_lastmod(stored)]
        return bool(self._call("touch", *args))

    def remember_request(self, requested_url: str, canonical_url: str) -> bool:
        asked, canonical = UrlRef.of(requested_url), UrlRef.of(canonical_url)
        if asked.identity == canonical.identity:
            return False
        return bool(self._call("remember", *asked.args(), *canonical.args()))

    # -- listing pages -------------------------------------------------------
    def _listing_entry(self, value: bytes) -> ListingEntry:
        url, first, fetched, yielded, misses = decode_listing(value)
        return ListingEntry(url, at_epoch(first), at_epoch(fetched), from_epoch(yielded), misses)

    def listing(self, url: str) -> ListingEntry | None:
        value = self._call("listing", *UrlRef.of(url).args())
        return None if value is None else self._listing_entry(value)

    def note_listing_fetched(self, url: str, *, fetched_at: datetime | None = None) -> ListingEntry:
        return self._listing_entry(
            self._call("listing_fetched", *UrlRef.of(url).args(), now_epoch(fetched_at))
        )

    def note_listing_yield(self, url: str, *, at: datetime | None = None) -> bool:
        return bool(self._call("listing_yield", *UrlRef.of(url).args(), now_epoch(at)))

    def memory_usage(self) -> int:
        """Bytes the server uses in all (``INFO memory`` ``used_memory``), for benchmarks."""
        return int(self._client.info("memory")["used_memory"])

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._client.close()
