"""The Redis ledger's data format, Python side: URL arguments and packed records.

Every URL identity hashes to 8 bytes (BLAKE2b), computed here; ``redis_ledger.lua``
keeps its record in hash ``<prefix>u:<n>``, ``n`` = the first 4 bytes mod the bucket
count, under field ``h8 + probe byte`` (probe 0 unless two identities share the 8
bytes). The record is packed (big-endian) by the script and unpacked here::

    flags B | identity offset H | seq I4 | revision I4 | first_seen i6 | last_seen i6
    | sha-256 32 bytes | url length H | url
    | [last_fetched i6] [date_modified i6] [last_modified i6 or H+text] [etag H+text]
    | [site id I4] [signature H+bytes]          (present when their flag bit is set)
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from hashlib import blake2b

from newscrawl.ledger.base import url_identity

F_FETCHED, F_MODIFIED, F_LM_INT, F_LM_STR, F_ETAG, F_SITE, F_SIG = 1, 2, 4, 8, 16, 32, 64
_HEAD = struct.Struct(">BHII")
_HEAD_LEN = 23
_U16 = struct.Struct(">H")
_U32 = struct.Struct(">I")
MAX_TEXT = 0xFFFF  # URLs, ETags and raw Last-Modified values are stored with a 2-byte length


def identity_hash(identity: str) -> bytes:
    """8-byte hash of a URL identity (record fields are this plus a probe byte)."""
    return blake2b(identity.encode("utf-8"), digest_size=8).digest()


@dataclass(frozen=True, slots=True)
class UrlRef:
    """A URL as the Lua side takes it: its identity hash, the URL and where its identity starts."""

    h8: bytes
    url: bytes
    offset: int

    @classmethod
    def of(cls, url: str) -> UrlRef:
        identity = url_identity(url)
        raw = url.encode("utf-8")
        if len(raw) > MAX_TEXT:
            raise ValueError(f"URL of {len(raw)} bytes is too long for the ledger: {url[:80]}...")
        return cls(identity_hash(identity), raw, len(raw) - len(identity.encode("utf-8")))

    @property
    def identity(self) -> bytes:
        return self.url[self.offset :]

    def args(self) -> list[bytes | int]:
        return [self.h8, self.url, self.offset]


@dataclass(frozen=True, slots=True)
class Record:
    """One article record as stored."""

    seq: int
    revision: int
    first_seen: int
    last_seen: int
    digest: bytes
    url: str
    identity: bytes
    last_fetched: int | None
    date_modified: int | None
    last_modified: int | str | None
    etag: str | None
    site_id: int | None
    signature: bytes | None


def _i6(value: bytes, pos: int) -> tuple[int, int]:
    return int.from_bytes(value[pos : pos + 6], "big", signed=True), pos + 6


def _text(value: bytes, pos: int) -> tuple[bytes, int]:
    (size,) = _U16.unpack_from(value, pos)
    return value[pos + 2 : pos + 2 + size], pos + 2 + size


def decode_record(value: bytes) -> Record:
    """Unpack a record written by the Lua side."""
    flags, offset, seq, revision = _HEAD.unpack_from(value)
    first, _ = _i6(value, 11)
    last, _ = _i6(value, 17)
    digest = value[_HEAD_LEN : _HEAD_LEN + 32]
    raw_url, pos = _text(value, _HEAD_LEN + 32)
    fetched = modified = site = None
    lastmod: int | str | None = None
    etag: str | None = None
    sig: bytes | None = None
    if flags & F_FETCHED:
        fetched, pos = _i6(value, pos)
    if flags & F_MODIFIED:
        modified, pos = _i6(value, pos)
    if flags & F_LM_INT:
        lastmod, pos = _i6(value, pos)
    elif flags & F_LM_STR:
        raw, pos = _text(value, pos)
        lastmod = raw.decode("utf-8")
    if flags & F_ETAG:
        raw, pos = _text(value, pos)
        etag = raw.decode("utf-8")
    if flags & F_SITE:
        (site,) = _U32.unpack_from(value, pos)
        pos += 4
    if flags & F_SIG:
        sig, pos = _text(value, pos)
    return Record(
        seq, revision, first, last, digest, raw_url.decode("utf-8"), raw_url[offset:],
        fetched, modified, lastmod, etag, site, sig,
    )  # fmt: skip


def optional(value: str | None) -> bytes:
    """An optional text argument of the Lua side: empty for None, else ``=`` + the text."""
    if value is None:
        return b""
    raw = value.encode("utf-8")
    if len(raw) > MAX_TEXT:
        raise ValueError(f"value of {len(raw)} bytes is too long for the ledger")
    return b"=" + raw


def optional_lastmod(stored: int | str | None) -> bytes:
    """A stored ``Last-Modified`` (epoch int or raw text) as a Lua argument."""
    if stored is None:
        return b""
    return optional(f"i{stored}" if isinstance(stored, int) else f"s{stored}")


LISTING_LEN = 22  # identity offset (2), first seen, last fetched, last yield (6 each), misses (2)


def decode_listing(value: bytes) -> tuple[str, int, int, int | None, int]:
    """(URL, first seen, last fetched, last yield or None, misses) of a listing value."""
    first, _ = _i6(value, 2)
    fetched, _ = _i6(value, 8)
    yielded, _ = _i6(value, 14)
    (misses,) = _U16.unpack_from(value, 20)
    return value[LISTING_LEN:].decode("utf-8"), first, fetched, yielded or None, misses
