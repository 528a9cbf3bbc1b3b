"""The result of extracting one page: raw field values, their sources and the page type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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

    def set(self, name: str, value: Any, source: str) -> None:
        """Record ``value`` for ``name`` from ``source`` when it is not empty."""
        if value is None or value == "" or value == []:
            return
        self.fields[name] = value
        self.provenance[name] = source
