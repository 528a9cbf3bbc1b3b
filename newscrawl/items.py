"""The article item (schema v1) and the reject record, as typed containers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1
FETCH_META = "_fetch"
"""Key of an article dict (removed before writing) with fetch facts for the ledger: etag, last_modified, signature."""


@dataclass
class ArticleItem:
    """One article, schema v1. Every field's format is documented in ``newscrawl/schema/article-v1.json``."""

    schema_version: int = SCHEMA_VERSION
    url: str | None = None
    canonical_url: str | None = None
    site: str | None = None
    headline: str | None = None
    description: str | None = None
    article_body: str = ""
    authors: list[str] = field(default_factory=list)
    date_published: str | None = None
    date_modified: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    publisher: str | None = None
    attribution: str | None = None
    images: list[dict[str, Any]] = field(default_factory=list)
    word_count: int = 0
    reading_time_minutes: int = 0
    related_urls: list[str] = field(default_factory=list)
    content_sha256: str | None = None
    near_duplicate_of: str | None = None
    revision: int | None = None
    provenance: dict[str, str] = field(default_factory=dict)
    crawled_at: str | None = None
    run_id: str | None = None
    kicker: str | None = None


@dataclass
class RejectItem:
    """A fetched page that did not become an article, and why."""

    url: str
    reason: str
    detail: str = ""
    status: int | None = None
    site: str | None = None
    fetched: bool = True
    """False when no page was received (HTTP error status, DNS failure, timeout, refused address)."""
