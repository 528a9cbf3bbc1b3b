"""The ledger interface: what was ingested before, whatever the backend.

A ledger remembers, per canonical URL, the fingerprint of the content last
written, its revision, when it was first/last seen and last fetched, its
``date_modified`` and the HTTP validators (ETag, Last-Modified) for conditional
requests; plus near-duplicate signatures of every body ingested.

URLs are compared by :func:`url_identity`: scheme and a leading ``www.`` do
not matter, and lookups of a variant answer with the URL first recorded.

Contract for callers (the pipelines): call :meth:`Ledger.record` /
:meth:`Ledger.record_many` only *after* the records are durably written. Use
:meth:`Ledger.next_revision` to learn which revision a record will get before
writing it.

Committing is atomic per call, also across processes sharing one ledger (the Redis
backend): :meth:`Ledger.commit_many` says for each record whether it was the first
of its URL (``"new"``), a new revision (``"revised"``) or content already committed
under that URL (``"unchanged"``: whoever commits second gets this, with the
revision the first one committed), and ``duplicate_of`` names the earlier article
whose current content is the same. So of two workers committing one URL, or one
content under two URLs, exactly one gets a :attr:`Commit.is_new_article`.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType

from newscrawl.ledger import neardup
from newscrawl.ledger.policy import DEFAULT_POLICY, should_refetch

__all__ = [
    "Commit",
    "Ingested",
    "Ledger",
    "LedgerConfigError",
    "LedgerEntry",
    "LedgerError",
    "LedgerLockedError",
    "LedgerUnavailableError",
    "ListingEntry",
    "url_identity",
]


def url_identity(canonical_url: str) -> str:
    """What identifies an article in the ledger: the URL without scheme and leading ``www.``.

    So ``http://example.com/a`` and ``https://www.example.com/a`` are one article.

    >>> url_identity("https://www.example.com/a")
    'example.com/a'
    """
    start = canonical_url.find("://")
    rest = canonical_url[start + 3 :] if start >= 0 else canonical_url
    return rest[4:] if rest[:4].lower() == "www." else rest


class LedgerError(Exception):
    """Base class of ledger errors."""


class LedgerLockedError(LedgerError):
    """Another process holds the ledger of this data directory."""


class LedgerConfigError(LedgerError):
    """The ledger on disk cannot be used with the options given."""


class LedgerUnavailableError(LedgerError):
    """The ledger's server cannot be reached."""


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """What the ledger knows about one canonical URL (as first recorded). Datetimes are UTC-aware.

    ``first_seen``: first record; ``last_seen``: latest record (changed or
    not); ``last_fetched``: latest record or :meth:`Ledger.touch_fetched`;
    ``date_modified``: the article's own date for the current revision;
    ``etag`` / ``last_modified``: validators of the latest response, for
    ``If-None-Match`` / ``If-Modified-Since``.
    """

    canonical_url: str
    content_sha256: str
    revision: int
    first_seen: datetime
    last_seen: datetime
    last_fetched: datetime | None
    date_modified: datetime | None
    etag: str | None
    last_modified: str | None
    site: str | None


@dataclass(frozen=True, slots=True)
class Ingested:
    """One record durably written, as handed to :meth:`Ledger.record_many`.

    ``date_modified`` is the article's own date (ISO 8601 string or datetime;
    naive means UTC); ``last_modified`` the raw HTTP ``Last-Modified`` header;
    ``signature`` comes from :meth:`Ledger.signature`; ``fetched_at`` defaults
    to now.
    """

    canonical_url: str
    content_sha256: str
    site: str | None = None
    date_modified: datetime | str | None = None
    etag: str | None = None
    last_modified: str | None = None
    signature: bytes | None = None
    fetched_at: datetime | None = None
    requested_url: str | None = None
    """The URL the page was requested by, when not ``canonical_url``: see :meth:`Ledger.remember_request`."""


@dataclass(frozen=True, slots=True)
class Commit:
    """What committing one record did: its revision, its ``status`` and ``duplicate_of``.

    ``status``: ``"new"`` (first record of this URL), ``"revised"`` (its content changed:
    revision + 1) or ``"unchanged"`` (the URL's current content already had this digest).
    ``duplicate_of``: for new or revised content, the earliest other article whose current
    content has the same digest, else None.
    """

    revision: int
    status: str
    duplicate_of: str | None = None

    @property
    def is_new_article(self) -> bool:
        """First record of this URL, with content no other article holds."""
        return self.status == "new" and self.duplicate_of is None


@dataclass(frozen=True, slots=True)
class ListingEntry:
    """What the ledger knows about one listing page (a page that was no article but led to links).

    ``last_fetched``: the latest fetch; ``last_yield``: when a page it led to last became a new
    article (the first such moment after the fetch it came from; None: never); ``misses``: how many fetches in a row before the latest one
    led to no new article (the latest one's outcome is :attr:`yielded_last`).
    """

    url: str
    first_seen: datetime
    last_fetched: datetime
    last_yield: datetime | None
    misses: int

    @property
    def yielded_last(self) -> bool:
        """Whether the latest fetch led to a new article (so far)."""
        return self.last_yield is not None and self.last_yield >= self.last_fetched


MAX_MISSES = 0xFFFF  # stored in 2 bytes


def next_misses(yielded_last: bool, misses: int) -> int:
    """The ``misses`` of a listing fetched again: 0 when its previous fetch yielded, else one more."""
    return 0 if yielded_last else min(misses + 1, MAX_MISSES)


class Ledger(abc.ABC):
    """Backend interface. Subclasses implement the abstract methods."""

    num_perm: int
    threshold: float

    # -- lookups ---------------------------------------------------------
    @abc.abstractmethod
    def get(self, canonical_url: str) -> LedgerEntry | None:
        """The entry of ``canonical_url``, or None when never ingested."""

    @abc.abstractmethod
    def for_request(self, url: str) -> LedgerEntry | None:
        """The entry of the article a (canonicalized) request URL leads to: the article whose
        canonical URL it is, else the one recorded with :meth:`remember_request`; or None."""

    @abc.abstractmethod
    def for_request_many(self, urls: Iterable[str]) -> list[LedgerEntry | None]:
        """:meth:`for_request` of each URL, in order, in a few round trips (a page of links, a
        sitemap's entries: the crawl asks for thousands at once)."""

    @abc.abstractmethod
    def seen_many(self, canonical_urls: Iterable[str]) -> set[str]:
        """The subset of ``canonical_urls`` already ingested (under these URLs or a variant)."""

    def seen(self, canonical_url: str) -> bool:
        """True when ``canonical_url`` was ingested before."""
        return bool(self.seen_many([canonical_url]))

    @abc.abstractmethod
    def find_content(self, content_sha256: str, *, exclude: str | None = None) -> str | None:
        """The earliest canonical URL whose current content has this digest (other than ``exclude``)."""

    @abc.abstractmethod
    def find_near_duplicate(
        self, text_or_signature: str | bytes, *, exclude: str | None = None
    ) -> str | None:
        """The earliest canonical URL (other than ``exclude``) whose body is near-identical.

        Takes the body text or a signature from :meth:`signature`. Similarity is
        the estimated Jaccard similarity of 5-word shingle sets, ``>= threshold``.
        """

    @abc.abstractmethod
    def count(self) -> int:
        """Number of canonical URLs ingested."""

    # -- updates ---------------------------------------------------------
    @abc.abstractmethod
    def commit_many(self, items: Iterable[Ingested]) -> list[Commit]:
        """Record durably written articles in one transaction; what each commit did, in order.

        Revision 1 for a new URL; +1 when ``content_sha256`` changed; unchanged
        content keeps its revision and only updates last_seen/last_fetched (and
        the validators when given). Invalid input (a malformed digest, a signature
        of the wrong size) raises ValueError before anything is recorded.
        """

    def record_many(self, items: Iterable[Ingested]) -> list[int]:
        """Like :meth:`commit_many`; only the revisions, in order."""
        return [commit.revision for commit in self.commit_many(items)]

    @abc.abstractmethod
    def touch_fetched(
        self,
        canonical_url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        *,
        fetched_at: datetime | None = None,
    ) -> bool:
        """Note a fetch of a known URL (e.g. a 304 reply); False when the URL is unknown."""

    @abc.abstractmethod
    def remember_request(self, requested_url: str, canonical_url: str) -> bool:
        """Let :meth:`for_request` find the article ``canonical_url`` by the URL it was requested by.

        Sitemaps and links give a page's URL; the ledger keys articles by their canonical URL,
        which may differ. Without this a later run could not skip the page before downloading
        it. Nothing is recorded when ``requested_url`` is an ingested article's own canonical
        URL, or when ``canonical_url`` is unknown. Returns whether a mapping was recorded.
        """

    # -- listing pages ---------------------------------------------------
    @abc.abstractmethod
    def listing(self, url: str) -> ListingEntry | None:
        """The listing page at ``url`` (compared by :func:`url_identity`), or None when unknown."""

    @abc.abstractmethod
    def note_listing_fetched(self, url: str, *, fetched_at: datetime | None = None) -> ListingEntry:
        """Record a fetch of the listing page ``url`` (new or known) and return its entry.

        The previous fetch's outcome is settled here: ``misses`` becomes 0 when it yielded,
        else one more (see :func:`next_misses`).
        """

    @abc.abstractmethod
    def note_listing_yield(self, url: str, *, at: datetime | None = None) -> bool:
        """Note that a page the listing ``url`` led to became a new article; False when unknown."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the backend (and its lock). Idempotent."""

    # -- helpers built on the primitives -----------------------------------
    def record(
        self,
        canonical_url: str,
        content_sha256: str,
        *,
        site: str | None = None,
        date_modified: datetime | str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        signature: bytes | None = None,
        fetched_at: datetime | None = None,
    ) -> int:
        """Record one durably written article; returns its revision."""
        item = Ingested(
            canonical_url, content_sha256, site, date_modified, etag, last_modified, signature, fetched_at
        )
        return self.record_many([item])[0]

    def next_revision(self, canonical_url: str, content_sha256: str) -> int:
        """The revision a record with this content would get (1, same, or +1)."""
        entry = self.get(canonical_url)
        if entry is None:
            return 1
        if entry.content_sha256 == content_sha256.lower():
            return entry.revision
        return entry.revision + 1

    def needs_refetch(
        self,
        canonical_url: str,
        lastmod: datetime | None = None,
        policy: str = DEFAULT_POLICY,
        *,
        now: datetime | None = None,
    ) -> bool:
        """Whether to download ``canonical_url``: always when unknown, else per ``policy``.

        Policies: ``"lastmod"`` (source lastmod newer than the last fetch),
        ``"never"``, ``"days:N"`` (N days or more since the last fetch).
        """
        return should_refetch(self.get(canonical_url), lastmod, policy, now=now)

    def signature(self, text: str) -> bytes | None:
        """Near-duplicate signature of a body for this ledger (None for an empty body)."""
        return neardup.signature(text, self.num_perm)

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
