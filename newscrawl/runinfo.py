"""The identity of one crawl run (id, start time, data directory, files written)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path


def utc_now_iso() -> str:
    """The current UTC time, ISO 8601 with offset, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


RUN_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
"""What a run id may look like (it names files)."""


def new_run_id(now: datetime | None = None) -> str:
    """A sortable, unique run id such as ``20241230T091500Z-3f9a1c``."""
    now = now or datetime.now(UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


@dataclass
class RunInfo:
    """Run id, start time and data directory of the current crawl, and the files it wrote."""

    run_id: str
    data_dir: Path
    started_at: str = field(default_factory=utc_now_iso)
    files: dict[str, list[str]] = field(default_factory=lambda: {"articles": [], "rejects": []})
    ledger_complete: bool = False
    """True once every written record is in the ledger (set when the store pipeline closes)."""
    worker_id: str | None = None
    """This worker's id in a shared run (None: the run has one process, the embedded mode)."""

    @property
    def stem(self) -> str:
        """What this process's output files are named by: ``<run_id>``, or ``<run_id>.<worker_id>``
        for a worker of a shared run (each worker writes files of its own)."""
        return self.run_id if self.worker_id is None else f"{self.run_id}.{self.worker_id}"

    @property
    def manifest_path(self) -> Path:
        """``runs/<run_id>.json``, or ``runs/<run_id>/<worker_id>.json`` for a worker of a shared run."""
        runs = self.data_dir / "runs"
        return (
            runs / f"{self.run_id}.json"
            if self.worker_id is None
            else runs / self.run_id / f"{self.worker_id}.json"
        )
