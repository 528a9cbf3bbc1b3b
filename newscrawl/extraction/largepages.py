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
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newscrawl import settings as defaults
from newscrawl.extraction.result import PageExtraction
from newscrawl.extraction.workers import (
    ExtractionCrashed,
    ExtractionTimeout,
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
        :class:`~newscrawl.extraction.workers.ExtractionCrashed` if the process dies on it. The
        child stops itself at the deadline; one that cannot (a long call in C, a platform without
        ``setitimer``) is killed :data:`KILL_GRACE_S` later."""
        async with self._one_at_a_time:
            # spawn, not fork: the crawl's process runs threads (DNS, the reactor's pool).
            context = multiprocessing.get_context("spawn")
            receiver, sender = context.Pipe(duplex=False)
            page_in, page_out = context.Pipe(duplex=False)
            child = context.Process(
                target=_extract_in_child, args=(page_in, sender, function, timeout), daemon=True
            )
            deadline = time.monotonic() + timeout + KILL_GRACE_S if timeout > 0 else None
            sending: asyncio.Future[Any] | None = None
            receiving: asyncio.Future[Any] | None = None
            try:
                with main_script_hidden(function):  # the child does not run the crawl's script
                    child.start()
                sender.close()
                page_in.close()
                # The page goes after the start, from a thread: as an argument of the process it
                # would be written by start() itself, which then waits (the reactor with it) until
                # the child has imported the extraction libraries and reads it.
                sending = asyncio.ensure_future(
                    asyncio.to_thread(_send_page, page_out, (html, url, tuple(rules)))
                )
                await asyncio.wait({sending}, timeout=_left(deadline))
                outcome: Any = sending.result() if sending.done() else _NO_ANSWER
                if outcome is None:
                    receiving = asyncio.ensure_future(asyncio.to_thread(_receive, receiver, _left(deadline)))
                    outcome = await receiving
            finally:
                sender.close()  # (again: start() may have failed, a function that cannot be sent)
                page_in.close()
                if child.pid is not None:
                    if child.is_alive():
                        child.kill()
                    await asyncio.to_thread(child.join, 10)
                # threads still sending or receiving end with the child (EPIPE, EOF): then close
                threads = [f for f in (sending, receiving) if f is not None]
                if threads:
                    await asyncio.wait(threads)
                page_out.close()
                receiver.close()
            if outcome is _NO_ANSWER:
                raise ExtractionTimeout(f"extraction took more than {timeout:g} s (process killed): {url}")
            if outcome is _DIED:
                raise ExtractionCrashed(f"the one-off extraction process died on this large page: {url}")
            done, value = outcome
            if not done:
                raise value
            self.extracted += 1
            return value


# Seconds the parent waits past the timeout (the child starts and imports in them too) before
# it kills a child that did not stop itself.
KILL_GRACE_S = 10.0
_NO_ANSWER, _DIED = object(), object()


def _left(deadline: float | None) -> float | None:
    """Seconds until ``deadline`` (None: no deadline)."""
    return None if deadline is None else max(0.0, deadline - time.monotonic())


def _send_page(page_out: Any, page: tuple[str, str, tuple[SiteRule, ...]]) -> object | None:
    """Hands the child its page; ``_DIED`` if it exited before reading it."""
    try:
        page_out.send(page)
    except OSError:
        return _DIED
    return None


def _receive(receiver: Any, wait: float | None) -> Any:
    """The child's answer, ``_NO_ANSWER`` after ``wait`` seconds, ``_DIED`` if it exited without one."""
    try:
        if not receiver.poll(wait):
            return _NO_ANSWER
        return receiver.recv()
    except (EOFError, OSError):
        return _DIED


def _extract_in_child(page_in: Any, sender: Any, function: Extractor, timeout: float) -> None:
    """The one-off process: read the page, extract, send ``(True, result)`` or
    ``(False, exception)``, exit."""
    html, url, rules = page_in.recv()
    page_in.close()
    try:
        answer: tuple[bool, object] = (True, extract_with_deadline(function, timeout, html, url, rules))
    except Exception as exc:
        answer = (False, exc)
    try:
        sender.send(answer)
    except Exception as exc:  # an exception that cannot be pickled
        sender.send((False, ExtractionCrashed(f"{type(exc).__name__}: {exc}")))
    finally:
        sender.close()
