"""Large pages are extracted in a process of their own, which exits after the page.

A page of hundreds of thousands of elements (a hostile link farm, 100,000 nested divs) takes
seconds to extract and a few hundred MB to hold as trees. Extracted in the crawl's process it
blocks the reactor that long (no download read, no timeout fired); in a pool worker its memory
stays with the worker for the rest of the crawl (the allocator keeps what was freed). So a page
with more than ``NEWSCRAWL_EXTRACT_LARGE_PAGE_TAGS`` tags or ``NEWSCRAWL_EXTRACT_LARGE_PAGE_CHARS``
characters goes to a one-off worker process, whatever ``NEWSCRAWL_EXTRACT_WORKERS`` says: one
large page at a time, under the same ``NEWSCRAWL_EXTRACT_TIMEOUT``, its memory returned to the
system when the process exits. News articles have a few thousand tags; a large page is rare.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from newscrawl import settings as defaults
from newscrawl.extraction.result import PageExtraction
from newscrawl.extraction.workers import (
    ExtractionCrashed,
    Extractor,
    extract_with_deadline,
    main_script_hidden,
)
from newscrawl.sites.rules import SiteRule

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LargePageLimits:
    """What makes a page large (0 turns a limit off)."""

    tags: int = defaults.NEWSCRAWL_EXTRACT_LARGE_PAGE_TAGS
    chars: int = defaults.NEWSCRAWL_EXTRACT_LARGE_PAGE_CHARS

    def is_large(self, html: str) -> bool:
        """Whether ``html`` has more characters or more tags (``<``, counted in C) than the limits."""
        if self.chars > 0 and len(html) > self.chars:
            return True
        return 0 < self.tags < len(html) and html.count("<") > self.tags


class LargePageExtraction:
    """Extracts pages, one at a time, each in a new worker process that exits after it."""

    def __init__(self, limits: LargePageLimits | None = None) -> None:
        self.limits = limits or LargePageLimits()
        self.extracted = 0
        self._one_at_a_time = asyncio.Lock()

    def is_large(self, html: str) -> bool:
        return self.limits.is_large(html)

    async def extract(
        self, function: Extractor, timeout: float, html: str, url: str, rules: Sequence[SiteRule] = ()
    ) -> PageExtraction:
        """``function(html, url, rules)`` in a one-off process, stopped after ``timeout`` seconds
        (:class:`~newscrawl.extraction.workers.ExtractionTimeout`); raises
        :class:`~newscrawl.extraction.workers.ExtractionCrashed` if the process dies on it."""
        async with self._one_at_a_time:
            # spawn, not fork: the crawl's process runs threads (DNS, the reactor's pool).
            process = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
            try:
                with main_script_hidden(function):  # the child does not run the crawl's script
                    future = process.submit(extract_with_deadline, function, timeout, html, url, tuple(rules))
                result = await asyncio.wrap_future(future)
            except BrokenProcessPool:
                raise ExtractionCrashed(
                    f"the one-off extraction process died on this large page: {url}"
                ) from None
            finally:
                process.shutdown(wait=False, cancel_futures=True)
            self.extracted += 1
            return result
