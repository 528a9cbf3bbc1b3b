"""The identity of one crawl run, shared by every component of a crawler."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def utc_now_iso() -> str:
    """The current UTC time, ISO 8601 with offset, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


_RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def new_run_id(now: datetime | None = None) -> str:
    """A sortable, unique run id such as ``20241230T091500Z-3f9a1c``."""
    now = now or datetime.now(UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


@dataclass
class RunInfo:
    """Run id, start time and data directory of the current crawl."""

    run_id: str
    data_dir: Path
    started_at: str = field(default_factory=utc_now_iso)
    files: dict[str, list[str]] = field(default_factory=lambda: {"articles": [], "rejects": []})
    ledger_complete: bool = False
    """True once every written record is in the ledger (set by the store pipeline at the end)."""


def get_run_info(crawler: Any) -> RunInfo:
    """The crawler's RunInfo, created on first use from its settings."""
    info = getattr(crawler, "_newscrawl_run", None)
    if info is None:
        settings = crawler.settings
        info = RunInfo(
            run_id=settings.get("NEWSCRAWL_RUN_ID") or new_run_id(),
            data_dir=Path(settings.get("NEWSCRAWL_DATA_DIR") or "data"),
        )
        if not _RUN_ID.fullmatch(info.run_id):
            raise SystemExit(
                f"newscrawl: NEWSCRAWL_RUN_ID={info.run_id!r}: use letters, digits, '.', '_' and '-' only"
                " (it names files), starting with a letter or digit"
            )
        if (info.data_dir / "runs" / f"{info.run_id}.json").exists():
            raise SystemExit(
                f"newscrawl: run id {info.run_id} was used before in {info.data_dir}; give a new one"
            )
        crawler._newscrawl_run = info
    return info
