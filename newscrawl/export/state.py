"""The export state file ``<out>/_newscrawl_export.json``: what earlier exports wrote.

- ``files``: source JSONL file (relative to the data directory) → records already exported;
  files only grow (appended lines) or are immutable (gzip batches), so the next export reads
  each from there on.
- ``latest`` (latest-revision mode): canonical URL → the key of the row exported for it
  (revision, crawled_at, run_id) and the Parquet file (relative to ``out``) that holds it.
- ``sequence``: number of the last export; export ``n`` writes ``part-<n>-*.parquet`` files
  only, so the files of an export interrupted before its state was saved are recognizable.

Written atomically (temporary file, fsync, rename) after the export's data files.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STATE_FILE = "_newscrawl_export.json"
FORMAT = 1


class ExportStateError(ValueError):
    """The output directory holds an export made differently (or a broken state file)."""


@dataclass
class ExportState:
    mode: str
    sequence: int = 0
    files: dict[str, int] = field(default_factory=dict)
    latest: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, out: Path, mode: str) -> ExportState:
        """The state of ``out``, or a fresh one; an export of another mode is an error."""
        path = out / STATE_FILE
        if not path.exists():
            return cls(mode=mode)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            state = cls(data["mode"], int(data["sequence"]), dict(data["files"]), dict(data["latest"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise ExportStateError(f"{path}: unreadable export state ({exc})") from exc
        if state.mode != mode:
            raise ExportStateError(
                f"{out} holds a {state.mode!r} export; export {mode!r} into another directory"
            )
        return state

    def save(self, out: Path) -> None:
        """Write the state durably."""
        path = out / STATE_FILE
        tmp = path.with_name(path.name + ".tmp")
        data = {"format": FORMAT, "mode": self.mode, "sequence": self.sequence, "files": self.files,
                "latest": self.latest}  # fmt: skip
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
