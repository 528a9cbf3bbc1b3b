"""Requests a downloader middleware decided not to download (counted where decided, not rejects)."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest


class SkippedRequest(IgnoreRequest):
    """A request dropped on purpose before (or instead of) a download; the spider's errback ignores it."""
