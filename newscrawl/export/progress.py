"""Progress of a long command: a tqdm bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import IO, Any


class Progress:
    """Counts work done; shows a bar when ``stream`` is a terminal, else a line at most every
    ``interval`` seconds (and one at the end)."""

    def __init__(self, desc: str, total: int | None, unit: str, *, stream: IO[str] | None = None,
                 interval: float = 5.0) -> None:  # fmt: skip
        self.desc, self.total, self.unit = desc, total, unit
        self.stream = stream or sys.stderr
        self.interval = interval
        self.done = 0
        self.note = ""
        self._last = 0.0
        self._shown = -1
        self._bar: Any = None
        if self.stream.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=desc, unit=unit, file=self.stream)

    def update(self, n: int = 1, note: str = "") -> None:
        """Record ``n`` more units done; ``note`` says what (e.g. records so far)."""
        self.done += n
        self.note = note or self.note
        if self._bar is not None:
            self._bar.update(n)
            if note:
                self._bar.set_postfix_str(note, refresh=False)
        elif time.monotonic() - self._last >= self.interval:
            self._line()

    def _line(self) -> None:
        self._last, self._shown = time.monotonic(), self.done
        total = f"/{self.total}" if self.total is not None else ""
        note = f" ({self.note})" if self.note else ""
        print(f"{self.desc}: {self.done}{total} {self.unit}{note}", file=self.stream, flush=True)

    def close(self) -> None:
        """End the bar, or print the last line."""
        if self._bar is not None:
            self._bar.close()
        elif self._shown != self.done:
            self._line()
