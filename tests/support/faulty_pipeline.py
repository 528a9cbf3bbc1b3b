"""An item pipeline that fails on purpose, for tests of what a failing pipeline leaves behind.

Settings: ``TEST_FAULT_URL_PART`` (items whose URL contains it fail), ``TEST_FAULT_KIND``
(``bug``: a ``RuntimeError`` every time; ``outage``: a ``LedgerUnavailableError`` the first time
only, as a Redis outage would, remembered in the file ``TEST_FAULT_MARKER`` so that it happens
once across the workers of a shared run; ``endless_outage``: a ``LedgerUnavailableError`` every
time; ``redis_refuses``: a Redis error that time does not cure, out of memory)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newscrawl.ledger import LedgerUnavailableError
from newscrawl.settings import ITEM_PIPELINES


def pipelines_with_fault() -> str:
    """``ITEM_PIPELINES`` (as an ``-s`` value): newscrawl's, with this one before the dedupe step."""
    return json.dumps({**ITEM_PIPELINES, f"{__name__}.FaultyPipeline": 150})


class FaultyPipeline:
    def __init__(self, part: str, kind: str, marker: str) -> None:
        self.part, self.kind, self.marker = part, kind, Path(marker) if marker else None

    @classmethod
    def from_crawler(cls, crawler: Any) -> FaultyPipeline:
        get = crawler.settings.get
        return cls(
            get("TEST_FAULT_URL_PART", ""), get("TEST_FAULT_KIND", "bug"), get("TEST_FAULT_MARKER", "")
        )

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not self.part or self.part not in str(item.url):
            return item
        if self.kind == "bug":
            raise RuntimeError(f"a bug in a pipeline, on {item.url}")
        if self.kind == "endless_outage":
            raise LedgerUnavailableError("lost the Redis ledger (a test outage that never ends)")
        if self.kind == "redis_refuses":
            from redis.exceptions import ResponseError

            raise ResponseError("OOM command not allowed when used memory > 'maxmemory'.")
        assert self.marker is not None
        try:
            with self.marker.open("x"):
                pass
        except FileExistsError:
            return item  # the outage is over
        raise LedgerUnavailableError("lost the Redis ledger (a test outage)")
