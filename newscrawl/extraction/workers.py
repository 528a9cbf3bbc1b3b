"""Extraction in worker processes, so that one crawl uses every core.

Scrapy runs a spider's callbacks in one thread, and extraction costs tens of milliseconds
of CPU per page: in-process, it caps a crawl at one core. With
``NEWSCRAWL_EXTRACT_WORKERS = N`` (N > 0) pages are extracted in a pool of N worker
processes while the crawl's process keeps downloading; 0 extracts in the crawl's process.
Extraction is pure (str in, plain data out), so nothing but the page and its site rules
crosses to a worker.

``NEWSCRAWL_EXTRACT_WORKERS = "auto"`` (the default) chooses the count from the usable
cores: see :func:`worker_count`. The pool starts with the first page a crawl extracts and
is reused until the crawl ends; extracting one page outside a crawl starts none.

``NEWSCRAWL_EXTRACT_TIMEOUT`` bounds one page's extraction, in-process or in a worker: a
timer signal interrupts it (on platforms with ``setitimer``, in the thread that runs Python's
signal handlers), and the page is rejected instead of holding up the crawl.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager, contextmanager
from functools import lru_cache
from types import FrameType
from typing import cast

from newscrawl.extraction import extract_page, warm_up
from newscrawl.extraction.result import PageExtraction
from newscrawl.sites.rules import SiteRule

logger = logging.getLogger(__name__)


class ExtractionCrashed(Exception):
    """A page's extraction killed the worker process that ran it alone (the page is rejected)."""


class ExtractionTimeout(Exception):
    """A page's extraction ran longer than ``NEWSCRAWL_EXTRACT_TIMEOUT`` (the page is rejected)."""


def _extract(html: str, url: str, rules: Sequence[SiteRule]) -> PageExtraction:
    return extract_page(html, url, rules)


# What a worker runs: a module-level function (it is sent to the workers by name).
Extractor = Callable[[str, str, Sequence[SiteRule]], PageExtraction]


def _on_deadline(signum: int, frame: FrameType | None) -> None:
    raise ExtractionTimeout("extraction took too long")


def extract_with_deadline(
    function: Extractor, timeout: float, html: str, url: str, rules: Sequence[SiteRule]
) -> PageExtraction:
    """``function(html, url, rules)``, interrupted by :class:`ExtractionTimeout` after ``timeout``
    seconds (no limit when 0, without ``setitimer``, or outside the main thread)."""
    if (
        timeout <= 0
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        return function(html, url, rules)
    previous = signal.signal(signal.SIGALRM, _on_deadline)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return function(html, url, rules)
    except ExtractionTimeout:
        raise ExtractionTimeout(f"extraction took more than {timeout:g} s: {url}") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def extract_in_worker(
    function: Extractor, timeout: float, html: str, url: str, rules: Sequence[SiteRule]
) -> PageExtraction:
    """What a worker runs for one page: the extraction, then, if the worker has grown, the memory
    its parse trees held is given back to the system (a large page's trees otherwise stay in
    the worker's heap)."""
    try:
        return extract_with_deadline(function, timeout, html, url, rules)
    finally:
        release_memory_when_grown()


# A trim walks the whole heap and the next page faults its pages in again (about 2.5 ms a
# page, 6% of a worker's CPU, when done after every page): done once the worker's resident
# size has grown by this much since the last one.
TRIM_AFTER_GROWTH = 16 * 2**20
_resident_after_trim = 0


def release_memory_when_grown(growth: int = TRIM_AFTER_GROWTH) -> bool:
    """:func:`release_free_memory` if this process's resident size grew by ``growth`` bytes
    since the last time (always where the size cannot be read); True if it ran."""
    global _resident_after_trim
    resident = resident_bytes()
    if resident is not None and resident - _resident_after_trim < growth:
        return False
    release_free_memory()
    _resident_after_trim = resident_bytes() or 0
    return True


def resident_bytes() -> int | None:
    """This process's resident size (Linux's ``/proc/self/statm``), None where unknown."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def release_free_memory() -> None:
    """Return the C heap's free memory to the system (glibc's ``malloc_trim``; about 0.5 ms; a
    no-op elsewhere)."""
    trim = _malloc_trim()
    if trim is not None:
        try:
            trim(0)
        except Exception:  # never the reason a page's extraction is lost
            logger.debug("malloc_trim failed", exc_info=True)


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return cast(Callable[[int], int], ctypes.CDLL(None).malloc_trim)
    except Exception:  # not glibc (AttributeError), or no C library by that name (Windows: TypeError)
        return None


AUTO = "auto"
QUEUED_PER_WORKER = 2


def usable_cores() -> int:
    """Cores this process may run on (its affinity set where the platform has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def worker_count(setting: str | int | None, cores: int | None = None) -> int:
    """Worker processes for a ``NEWSCRAWL_EXTRACT_WORKERS`` value ("auto", "", None or a
    negative number mean automatic).

    Automatic: one worker per usable core when there are at least two, so that extraction
    (most of a page's CPU) uses every core while the crawl's own process, which needs a
    fraction of one, downloads and writes between them; none on a single core, where a pool
    would only add the cost of sending pages to it.

    >>> worker_count("auto", cores=4), worker_count("auto", cores=1), worker_count("0", cores=4)
    (4, 0, 0)
    """
    text = str(setting).strip().lower() if setting is not None else ""
    if text in ("", AUTO):
        number = -1
    else:
        try:
            number = int(text)
        except ValueError:
            raise ValueError(
                f'NEWSCRAWL_EXTRACT_WORKERS must be "auto" or a whole number, not {setting!r}'
            ) from None
    if number >= 0:
        return number
    available = usable_cores() if cores is None else cores
    return available if available >= 2 else 0


@contextmanager
def main_script_hidden(function: Callable[..., object]) -> Iterator[None]:
    """While workers are started: a spawned process runs the parent's main script first (for a
    crawl, the ``scrapy`` command: Scrapy and Twisted, tens of MB per worker that extraction
    never uses) unless the main module looks like neither a script nor ``-m`` module. Hidden
    only when ``function`` does not live in that main module."""
    main = sys.modules.get("__main__")
    if main is None or getattr(function, "__module__", None) == "__main__":
        yield
        return
    saved: dict[str, object] = {n: main.__dict__[n] for n in ("__file__", "__spec__") if n in main.__dict__}
    main.__dict__.pop("__file__", None)
    main.__spec__ = None
    try:
        yield
    finally:
        main.__dict__.update(saved)


class ExtractionWorkers:
    """Runs :func:`~newscrawl.extraction.extract_page` in-process or in a process pool."""

    def __init__(self, workers: int, function: Extractor | None = None, timeout: float = 0) -> None:
        self.workers = max(0, workers)
        self.function: Extractor = function or _extract
        self.timeout = max(0.0, timeout)
        self._pool: ProcessPoolExecutor | None = None
        self._slots: tuple[asyncio.AbstractEventLoop, asyncio.Semaphore] | None = None
        self.restarts = 0

    def warm_up(self) -> None:
        """In-process extraction loads its libraries now (see :func:`~newscrawl.extraction.warm_up`);
        pool workers load them in their own processes."""
        if self.workers == 0 and self.function is _extract:
            warm_up()

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Held while a page is decoded and extracted: with workers, at most
        ``QUEUED_PER_WORKER`` pages per worker are in flight, so the pages a fast download
        keeps bringing wait as their response bodies, not also as decoded text and as copies
        queued for the pool."""
        if self.workers == 0:
            yield
            return
        loop = asyncio.get_running_loop()
        if self._slots is None or self._slots[0] is not loop:  # a semaphore serves one loop
            self._slots = (loop, asyncio.Semaphore(QUEUED_PER_WORKER * self.workers))
        async with self._slots[1]:
            yield

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: the crawl's process runs threads (DNS, the reactor's pool).
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
            logger.info("Extracting pages in a pool of %d extraction workers", self.workers)
        return self._pool

    async def extract(self, html: str, url: str, rules: Sequence[SiteRule] = ()) -> PageExtraction:
        """The page's extraction; raises :class:`ExtractionCrashed` if a worker dies on it alone.

        When a worker dies, every page in flight in the pool fails with it. Each is then tried
        once more in a worker of its own, so only the page that kills a worker by itself is lost.
        """
        if self.workers == 0:
            return extract_with_deadline(self.function, self.timeout, html, url, rules)
        pool = self._executor()
        try:
            return await self._submit(pool, html, url, tuple(rules))
        except BrokenProcessPool:
            logger.warning("An extraction worker died while extracting %s; trying it alone", url)
            self._restart(pool)
        return await self._extract_alone(html, url, tuple(rules))

    async def _extract_alone(self, html: str, url: str, rules: tuple[SiteRule, ...]) -> PageExtraction:
        solo = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        try:
            return await self._submit(solo, html, url, rules)
        except BrokenProcessPool:
            raise ExtractionCrashed(
                f"the extraction worker died on this page, also alone: {url} (if every page fails so,"
                " a script starting the crawl needs an `if __name__ == '__main__':` guard)"
            ) from None
        finally:
            solo.shutdown(wait=False, cancel_futures=True)

    async def _submit(
        self, pool: ProcessPoolExecutor, html: str, url: str, rules: tuple[SiteRule, ...]
    ) -> PageExtraction:
        with main_script_hidden(self.function):  # a worker starts, if one is needed, in submit
            future = pool.submit(extract_in_worker, self.function, self.timeout, html, url, rules)
        return await asyncio.wrap_future(future)

    def _restart(self, broken: ProcessPoolExecutor) -> None:
        """Replace a broken pool (once, whichever page noticed first)."""
        if self._pool is broken:
            self._pool = None
            self.restarts += 1
            broken.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the workers (waits for the extractions in flight)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
