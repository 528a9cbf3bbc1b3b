"""The public one-page API: ``newscrawl.extract(html, url) -> dict``."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from newscrawl.extraction import extract_page
from newscrawl.extraction.encoding import decode_html
from newscrawl.extraction.result import PageExtraction
from newscrawl.normalize.loader import PageHints, load_article
from newscrawl.sites.registry import rules_for_url
from newscrawl.sites.rules import SiteRule

__all__ = ["extract"]

logger = logging.getLogger(__name__)


def extract(
    html: str | bytes,
    url: str,
    *,
    rules: Sequence[SiteRule] | None = None,
    hints: PageHints | None = None,
) -> dict[str, Any]:
    """The schema-v1 record one page yields; crawl-state fields are ``None``.

    ``hints`` are what a crawl would know of the page (its feed or sitemap title, date and
    keywords, the site's name, time zone and language; see :class:`~newscrawl.normalize.loader.PageHints`):
    with the same hints, this is the record ``scrapy crawl`` writes, crawl state aside.

    Site rules of a bundled profile matching the URL's host are applied, or ``rules`` when
    given (see :func:`newscrawl.sites.registry.rules_for_url`). A page of another
    type (section, tag, video page…) gets an empty ``article_body``.
    Bytes are decoded with :func:`newscrawl.extraction.encoding.decode_html`. Never raises
    on bad HTML: an unexpected error inside extraction is logged and gives a record with
    an empty ``article_body``.
    """
    return extract_with_page_type(html, url, rules=rules, hints=hints)[0]


def extract_with_page_type(
    html: str | bytes,
    url: str,
    *,
    rules: Sequence[SiteRule] | None = None,
    hints: PageHints | None = None,
) -> tuple[dict[str, Any], PageExtraction]:
    """:func:`extract`'s record, with the extraction result (``page_type``, ``page_type_reason``)."""
    try:
        text = decode_html(bytes(html)) if isinstance(html, bytes | bytearray) else html
        result = extract_page(text, url, rules_for_url(url) if rules is None else rules)
        record = load_article(result.fields, result.provenance, url, hints=hints)
        if result.is_other_page_type:  # a listing, video or gallery page holds no article text
            record.update(article_body="", word_count=0, reading_time_minutes=0, content_sha256=None)
            record["provenance"].pop("article_body", None)
        return record, result
    except Exception as exc:
        logger.exception("Extraction failed for %s; returning an empty record", url)
        failed = PageExtraction(page_type_reason=f"extraction failed: {type(exc).__name__}")
        return load_article({}, {}, url, hints=hints), failed
