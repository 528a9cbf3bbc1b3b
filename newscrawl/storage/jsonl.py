"""Output files whose every line is a complete JSON record, whenever the process dies."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import IO, Any, Protocol


def dumps_line(record: Any) -> bytes:
    """One record as one UTF-8 JSON line (newline included)."""
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


class RecordWriter(Protocol):
    """Appends records; ``sync`` makes everything written so far durable."""

    path: Path
    count: int

    def write(self, record: Any) -> None: ...
    def sync(self) -> None: ...
    def close(self) -> None: ...


def make_dirs(path: Path) -> list[Path]:
    """Create ``path`` and missing parents; returns the parents of the directories created."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    path.mkdir(parents=True, exist_ok=True)
    return [p.parent for p in missing]


def fsync_directory(path: Path) -> None:
    """Make a rename or a new file in ``path`` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class JsonLinesWriter:
    """Appends whole lines to one ``.jsonl`` file.

    Each line goes to the OS in a single ``write`` of its complete bytes on an unbuffered
    file, so a process killed at any moment leaves only complete lines; ``sync`` (fsync)
    makes them survive a machine crash too.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._dirty = False
        self._new_file = False
        self._new_dirs: list[Path] = []
        self._handle: IO[bytes] | None = None

    def write(self, record: Any) -> None:
        """Append one record as a complete line."""
        data = dumps_line(record)
        if self._handle is None:
            self._new_dirs = make_dirs(self.path.parent)
            self._new_file = not self.path.exists()
            self._handle = open(self.path, "ab", buffering=0)  # noqa: SIM115 - closed in close()
        start = self._handle.seek(0, os.SEEK_END)
        try:
            written = self._handle.write(data)
            if written != len(data):
                raise OSError(f"short write to {self.path}: {written} of {len(data)} bytes")
        except OSError:
            self._handle.truncate(start)  # never leave a torn line for the next write to extend
            raise
        self.count += 1
        self._dirty = True

    def sync(self) -> None:
        """Force written lines to disk."""
        if self._handle is not None and self._dirty:
            os.fsync(self._handle.fileno())
            if self._new_file:  # the file's name, and any directory made for it, must last too
                for directory in [self.path.parent, *self._new_dirs]:
                    fsync_directory(directory)
                self._new_file, self._new_dirs = False, []
            self._dirty = False

    def close(self) -> None:
        """Sync and close the file."""
        if self._handle is not None:
            self.sync()
            self._handle.close()
            self._handle = None


class GzipBatchWriter:
    """Writes each batch as its own ``<stem>-<n>.jsonl.gz`` file: temporary file, fsync, rename.

    A batch file either exists complete or not at all; ``path`` names the first one.
    """

    def __init__(self, path: Path) -> None:
        self.stem = path.name.removesuffix(".jsonl.gz").removesuffix(".jsonl")
        self.directory = path.parent
        self.path = self.directory / f"{self.stem}-1.jsonl.gz"
        self.paths: list[Path] = []
        self.count = 0
        self._batch: list[bytes] = []

    def write(self, record: Any) -> None:
        """Buffer one record until the next ``sync``."""
        self._batch.append(dumps_line(record))
        self.count += 1

    def sync(self) -> None:
        """Write the buffered records as one new, complete batch file."""
        if not self._batch:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self.directory / f"{self.stem}-{len(self.paths) + 1}.jsonl.gz"
        tmp = target.with_name(target.name + ".tmp")
        with open(tmp, "wb") as raw:
            with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
                handle.write(b"".join(self._batch))
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, target)
        fsync_directory(self.directory)
        self.paths.append(target)
        self._batch.clear()

    def close(self) -> None:
        """Write the last batch."""
        self.sync()


def open_writer(path: Path, compress: bool) -> RecordWriter:
    """A writer for ``path``: appended lines, or gzip batch files when ``compress``."""
    return GzipBatchWriter(path) if compress else JsonLinesWriter(path)


def read_records(path: Path) -> list[dict[str, Any]]:
    """Every complete record of a ``.jsonl`` or ``.jsonl.gz`` file (a torn last line is skipped)."""
    data = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
    records = []
    for line in data.splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    return records
