"""A crawl extension for ``hostile_bench.py --stalltrace``: where the reactor thread was when it
stalled.

A looping call ticks every 50 ms on the reactor; a watcher thread samples the reactor thread's
stack every 20 ms while a tick is overdue, and when a stall longer than ``STALLTRACE_MIN_S``
(default 0.3 s) ends, logs its length and the stacks it saw most; garbage collections longer
than a tenth of that are logged too (a collection holds the reactor without a Python frame). Benchmarks only; not a
newscrawl component.
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
import time
import traceback
from collections import Counter
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.asyncio import create_looping_call

logger = logging.getLogger("stalltrace")

TICK_S = 0.05
SAMPLE_S = 0.02
FRAMES = 14


class StallTrace:
    def __init__(self, crawler: Crawler) -> None:
        self.min_stall = crawler.settings.getfloat("STALLTRACE_MIN_S", 0.3)
        self.last = time.monotonic()
        self.reactor_thread = threading.get_ident()
        self.stop = threading.Event()
        self._call: Any = None
        self._gc_started = 0.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StallTrace:
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider: Any) -> None:
        self.reactor_thread = threading.get_ident()
        self.last = time.monotonic()
        self._call = create_looping_call(self.tick)
        self._call.start(TICK_S, now=False)
        threading.Thread(target=self.watch, daemon=True, name="stalltrace").start()
        gc.callbacks.append(self.on_gc)

    def on_gc(self, phase: str, info: dict[str, int]) -> None:
        """Logs each garbage collection that took longer than a tenth of ``STALLTRACE_MIN_S``."""
        if phase == "start":
            self._gc_started = time.monotonic()
            return
        took = time.monotonic() - self._gc_started
        if took >= self.min_stall / 10:
            logger.warning(
                "stalltrace: gc of generation %d took %.2f s (%d collected; %d objects tracked)",
                info["generation"],
                took,
                info["collected"],
                len(gc.get_objects(info["generation"])),
            )

    def tick(self) -> None:
        self.last = time.monotonic()

    def watch(self) -> None:
        samples: Counter[str] = Counter()
        started: float | None = None
        while not self.stop.wait(SAMPLE_S):
            late = time.monotonic() - self.last - TICK_S
            if late > self.min_stall / 2:
                started = started if started is not None else self.last + TICK_S
                frame = sys._current_frames().get(self.reactor_thread)
                if frame is not None:
                    stack = traceback.extract_stack(frame)[-FRAMES:]
                    samples["".join(traceback.format_list(stack))] += 1
            elif started is not None:
                length = self.last - started
                if length >= self.min_stall:
                    top = "\n".join(f"-- {n} samples:\n{s}" for s, n in samples.most_common(3))
                    logger.warning("stalltrace: reactor stalled %.2f s\n%s", length, top)
                samples.clear()
                started = None

    def closed(self, spider: Any) -> None:
        self.stop.set()
        if self.on_gc in gc.callbacks:
            gc.callbacks.remove(self.on_gc)
        if self._call is not None and self._call.running:
            self._call.stop()
