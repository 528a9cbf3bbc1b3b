"""Append-only JSON Lines files whose every line is a complete record."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any


def dumps_line(record: Any) -> bytes:
    """One record as one UTF-8 JSON line (newline included)."""
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


class JsonLinesWriter:
    """Writes whole lines to one file; each line reaches the OS at once, and disk at every fsync.

    A line is written with a single ``write`` of the complete bytes on an unbuffered file,
    so a process killed at any moment leaves only complete lines behind (the OS never shows
    part of one ``write`` of a regular file to a later reader after the process dies, except
    when the disk itself fails, which ``fsync`` narrows to the last batch).
    """

    def __init__(self, path: Path, fsync_every: int = 50) -> None:
        self.path = path
        self.fsync_every = max(1, fsync_every)
        self.count = 0
        self._pending = 0
        self._handle: IO[bytes] | None = None

    def _open(self) -> IO[bytes]:
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = open(self.path, "ab", buffering=0)  # noqa: SIM115 - closed in close()
        return self._handle

    def write(self, record: Any) -> None:
        """Append one record as a complete line."""
        data = dumps_line(record)
        handle = self._open()
        written = handle.write(data)
        if written != len(data):
            raise OSError(f"short write to {self.path}: {written} of {len(data)} bytes")
        self.count += 1
        self._pending += 1
        if self._pending >= self.fsync_every:
            self.sync()

    def sync(self) -> None:
        """Force written lines to disk."""
        if self._handle is not None and self._pending:
            os.fsync(self._handle.fileno())
            self._pending = 0

    def close(self) -> None:
        """Sync and close the file."""
        if self._handle is not None:
            self.sync()
            self._handle.close()
            self._handle = None
