"""Extraction layer: one page's HTML and URL in, raw schema-v1 fields out (no Scrapy here).

The page is parsed once into a :class:`~newscrawl.extraction.document.Document`; every field
extractor reads that shared document. Sources are tried in order of trust: structured data
(JSON-LD, microdata), OpenGraph and meta tags, generic body extraction and the DOM, the URL.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newscrawl.extraction.result import PageExtraction

if TYPE_CHECKING:
    from newscrawl.sites.rules import SiteRule

__all__ = ["PageExtraction", "extract_page"]

logger = logging.getLogger(__name__)


def extract_page(html: str, url: str, rules: Sequence[SiteRule] = ()) -> PageExtraction:
    """Extract the raw fields of one page. Never raises: on any failure it returns what it has.

    ``rules`` are the site's rule versions (from its profile); the one valid for the page's
    publication day is applied before the generic layers' results.
    """
    from newscrawl.extraction.pipeline import run

    result = PageExtraction()
    try:
        run(html, url, result, rules)
    except Exception:
        logger.exception("extraction failed for %s", url)
        result.page_type = "non-article"
        result.page_type_reason = result.page_type_reason or "extraction error"
    return result
