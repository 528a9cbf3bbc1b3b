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

__all__ = ["PageExtraction", "extract_page", "warm_up"]

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


# Short and without a language, so every pass runs on it: trafilatura's full comparison and
# its jusText rescue, which builds the union of all stoplists (0.2 s) on first use.
_WARM_UP_PAGE = (
    "<html><head><title>Warm-up</title></head><body><article><h1>Warm-up page</h1>"
    "<p>This paragraph stands in for an article.</p><p>So does this one, to be short.</p>"
    "</article></body></html>"
)


def warm_up() -> None:
    """Extracts a small built-in page once, so what the layers load on first use (trafilatura,
    htmldate, jusText's stoplists, compiled patterns: about 0.5 s) is loaded before a crawl
    starts, not while its first page holds the reactor."""
    extract_page(_WARM_UP_PAGE, "http://localhost/warm-up/2026/01/01/page")
