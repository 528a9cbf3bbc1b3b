"""Discovery work in bounded slices: a page of 200,000 links or a feed of 100,000 items is read
and scheduled a slice at a time, the reactor running (downloads read, timeouts fired) between
slices; and its per-URL counts are added to the stats in bulk."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from scrapy.utils.asyncio import is_asyncio_available
from twisted.internet.task import deferLater

# Longest a discovery callback works before it lets the reactor run (seconds).
SLICE_SECONDS = 0.05


async def reactor_turn() -> None:
    """Let the reactor run once (read what arrived, fire what is due), then go on."""
    if is_asyncio_available():
        await asyncio.sleep(0)
        return
    from twisted.internet import reactor

    await deferLater(reactor, 0, lambda: None)


class Slicer:
    """``await slicer.pause_if_due()`` in a long loop: a reactor turn every ``budget`` seconds."""

    def __init__(self, budget: float = SLICE_SECONDS) -> None:
        self.budget = budget
        self.pauses = 0
        self._since = time.monotonic()

    async def pause_if_due(self) -> bool:
        """Whether it paused."""
        if time.monotonic() - self._since < self.budget:
            return False
        await reactor_turn()
        self.pauses += 1
        self._since = time.monotonic()
        return True


class Tally:
    """Per-URL counts (``newscrawl/<key>`` and its per-site twin), added to the stats at
    :meth:`flush`; a URL's site is looked up once per host (``site_for`` depends on the host)."""

    def __init__(self, stats: Any, site_for: Callable[[str], str]) -> None:
        self._stats = stats
        self._site_for = site_for
        self._sites: dict[str, str] = {}
        self.counts: Counter[tuple[str, str]] = Counter()

    def add(self, key: str, url: str) -> None:
        try:
            host = urlsplit(url).netloc
        except ValueError:
            host = url
        site = self._sites.get(host)
        if site is None:
            site = self._sites[host] = self._site_for(url)
        self.counts[key, site] += 1

    def total(self, key: str) -> int:
        return sum(n for (name, _), n in self.counts.items() if name == key)

    def flush(self) -> None:
        for (key, site), n in self.counts.items():
            self._stats.inc_value(f"newscrawl/{key}", n)
            self._stats.inc_value(f"newscrawl/by_site/{site}/{key}", n)
        self.counts.clear()
