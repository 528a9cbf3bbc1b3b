"""The bundled demo news site ("The Harbour Ledger") used by ``make demo`` and the end-to-end tests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newscrawl.demo.server import DemoServer

__all__ = ["DemoServer"]


def __getattr__(name: str) -> Any:
    # Imported lazily so that ``python -m newscrawl.demo.server`` does not import the module twice.
    if name == "DemoServer":
        from newscrawl.demo.server import DemoServer

        return DemoServer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
