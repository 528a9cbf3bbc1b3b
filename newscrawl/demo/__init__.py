"""The bundled demo news site ("The Harbour Ledger") used by ``make demo`` and the end-to-end tests."""

from __future__ import annotations

from newscrawl.demo.server import DemoServer

__all__ = ["DemoServer"]
