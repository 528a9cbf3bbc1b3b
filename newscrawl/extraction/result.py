"""The result of extracting one page: raw field values, their sources and the page type."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_NOT_KEY = re.compile(r"[^a-z0-9]+")


@dataclass
class PageExtraction:
    """Raw fields of one page, keyed by schema-v1 names, before ArticleLoader normalization.

    ``provenance`` maps a field name to where its value came from ("json-ld", "microdata",
    "opengraph", "meta", "site-rule", "dom", "url"). ``page_type`` is "article" or
    "non-article", and ``page_type_reason`` says why.
    """

    fields: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, str] = field(default_factory=dict)
    page_type: str = "non-article"
    page_type_reason: str = ""
    oversized: int = 0
    """The page's element count when it was too large for DOM extraction (0 otherwise)."""

    @property
    def is_other_page_type(self) -> bool:
        """True when the page is positively something else (listing, video, gallery page...),
        as opposed to an article page that is merely thin (no headline, short or no body)."""
        if self.page_type == "article":
            return False
        reason = self.page_type_reason.lower()
        return not any(
            thin in reason for thin in ("no article", "no body", "no headline", "too short", "empty")
        )

    @property
    def page_type_reason_key(self) -> str:
        """The reason as a stat-key segment: "listing page" gives "listing_page"."""
        return _NOT_KEY.sub("_", self.page_type_reason.lower()).strip("_") or "unknown"

    def set(self, name: str, value: Any, source: str) -> None:
        """Record ``value`` for ``name`` from ``source`` when it is not empty."""
        if value is None or value == "" or value == []:
            return
        self.fields[name] = value
        self.provenance[name] = source
