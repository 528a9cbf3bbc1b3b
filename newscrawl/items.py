"""The article item (schema v1), the fetch facts it carries for the ledger, and the reject record."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

SCHEMA_VERSION = 1


@dataclass
class FetchFacts:
    """What the fetch of an article taught, for the ledger; never exported or written."""

    etag: str | None = None
    """The response's ``ETag`` (sent back as ``If-None-Match`` on a revisit)."""
    last_modified: str | None = None
    """The response's ``Last-Modified`` (sent back as ``If-Modified-Since``)."""
    lookup_url: str | None = None
    """Canonical form of the URL the page was asked for, before redirects (the key a later run looks up)."""
    signature: bytes | None = None
    """Near-duplicate signature of the body (set by the dedupe pipeline)."""
    lease: str | None = None
    """Shared mode: the frontier lease of the request (``meta["newscrawl_lease"]``), held by the
    store until the article is durable."""


@dataclass
class ArticleItem:
    """One article, schema v1 (``newscrawl/schema/article-v1.json`` is the full contract).

    An itemadapter-compatible dataclass: its fields are exactly the schema's, so Scrapy's feed
    exports (``-O out.jsonl``, ``FEEDS``) write the schema. :attr:`fetch` is an attribute, not a
    field: it is never exported.
    """

    schema_version: int = SCHEMA_VERSION
    """Always 1."""
    url: str | None = None
    """The URL fetched (after redirects)."""
    canonical_url: str | None = None
    """Normalized identity of the article (rel=canonical within the site, tracking parameters removed)."""
    site: str | None = None
    """Site profile name, or the registered domain for generic crawls."""
    headline: str | None = None
    """Visible headline, plain text, no site-name suffix."""
    description: str | None = None
    """Standfirst/summary, plain text; null when absent or equal to the headline."""
    article_body: str = ""
    """Plain text of the article; paragraphs separated by a blank line (``\\n\\n``)."""
    authors: list[str] = field(default_factory=list)
    """Person or organization names, no "By", roles, e-mails or URLs."""
    date_published: str | None = None
    """ISO 8601: a datetime with the page's UTC offset when it gives a time, else a date."""
    date_modified: str | None = None
    """Same format as date_published; never the crawl time."""
    section: str | None = None
    """Section of the site, e.g. "Politics"."""
    tags: list[str] = field(default_factory=list)
    """Keywords/topics as the site gives them."""
    language: str | None = None
    """ISO 639-1 code, lower case."""
    publisher: str | None = None
    """Publisher name."""
    attribution: str | None = None
    """Source credit of the text ("AP", "Reuters")."""
    images: list[dict[str, Any]] = field(default_factory=list)
    """``{url, caption, credit}`` objects, absolute URLs; the first is the main image."""
    word_count: int = 0
    """Words in article_body."""
    reading_time_minutes: int = 0
    """ceil(word_count / 230); 0 without words."""
    related_urls: list[str] = field(default_factory=list)
    """Absolute canonical URLs of related articles the page links."""
    content_sha256: str | None = None
    """Lower-case hex SHA-256 of the UTF-8 article_body; null when it is empty."""
    near_duplicate_of: str | None = None
    """canonical_url of an earlier near-identical article (set by the dedupe pipeline)."""
    revision: int | None = None
    """1 for the first version of a canonical_url, +1 per change (set by the pipelines)."""
    provenance: dict[str, str] = field(default_factory=dict)
    """Field name -> where its value came from (``json-ld``, ``meta``, ``dom``, ``feed``, …)."""
    crawled_at: str | None = None
    """ISO 8601 UTC time of the fetch."""
    run_id: str | None = None
    """The crawl run that wrote the record (set by the store pipeline)."""
    kicker: str | None = None
    """The topline shown with the headline ("Olympische Spiele"), plain text; null when none."""

    def __post_init__(self) -> None:
        self.fetch = FetchFacts()

    @classmethod
    def from_record(cls, record: dict[str, Any], fetch: FetchFacts | None = None) -> ArticleItem:
        """The item of a schema-v1 record (as :func:`newscrawl.normalize.loader.load_article` returns it)."""
        item = cls(**record)
        if fetch is not None:
            item.fetch = fetch
        return item

    def to_record(self) -> dict[str, Any]:
        """The schema-v1 record: every field (lists and objects copied), no fetch facts."""
        return {name: _copied(getattr(self, name)) for name in _article_field_names()}


@lru_cache(maxsize=1)
def _article_field_names() -> tuple[str, ...]:
    return tuple(item_field.name for item_field in dataclasses.fields(ArticleItem))


def _copied(value: Any) -> Any:
    """A copy of a record value's lists and objects (``dataclasses.asdict`` would also
    deep-copy each string and number, three times the cost, for values of no other kind)."""
    if isinstance(value, list):
        return [_copied(element) for element in value]
    if isinstance(value, dict):
        return {key: _copied(element) for key, element in value.items()}
    return value


@dataclass
class Reject:
    """A page (or source) that did not become an article, and why; written to ``rejects/``.

    Not a scraped item: the spider and middlewares send it with the ``page_rejected`` signal,
    pipelines raise :class:`newscrawl.extensions.rejects.Rejected` with it, and the reject
    recorder extension writes and counts it.
    """

    url: str
    reason: str
    """A stable key such as ``body_too_short`` or ``http_404`` (counted as ``rejects/<reason>``)."""
    detail: str = ""
    status: int | None = None
    site: str | None = None
    fetched: bool = True
    """False when no page was received (HTTP error status, DNS failure, timeout, refused address)."""
