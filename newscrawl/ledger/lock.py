"""An exclusive, non-blocking lock on a state directory (``fcntl.flock``).

The lock file holds the pid of its owner, for the error message. The kernel
releases the lock when its owner exits, even on SIGKILL, so a stale lock file
never blocks a later run.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from newscrawl.ledger.base import LedgerLockedError


class StateLock:
    """Hold ``path`` exclusively until :meth:`release`; raises LedgerLockedError when taken."""

    def __init__(self, path: Path, guarded: Path) -> None:
        self.path = path
        self._fd: int | None = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = os.pread(self._fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(self._fd)
            self._fd = None
            raise LedgerLockedError(f"another crawl is using {guarded} (pid {owner})") from None
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, f"{os.getpid()}\n".encode("ascii"), 0)

    def release(self) -> None:
        """Release the lock (idempotent)."""
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
