"""Per-path behaviour of the demo site, as data.

Every path not listed here is served plainly from ``site/``: status 200, a content type
guessed from the file name, ``{{BASE}}`` replaced in text files. The entries below are
the deliberate traps the crawler must cope with.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    """How one path deviates from plain file serving."""

    status: int | None = None
    """Force this status (the file, if any, is still used as the body)."""
    content_type: str | None = None
    """Content-Type header to send instead of the guessed one."""
    truncate_after: str | None = None
    """Serve the body only up to and including the first occurrence of this text."""
    note: str = ""


ROUTES: dict[str, Route] = {
    "/feed.xml": Route(content_type="application/rss+xml; charset=utf-8"),
    "/world/cafe-owners-brace-for-terrace-tax-20250718": Route(
        content_type="text/html; charset=iso-8859-1",
        note="declares iso-8859-1 in header and meta, but the bytes are UTF-8",
    ),
    "/world/ceasefire-talks-resume-in-geneva-20260210": Route(
        truncate_after='<meta property="og:title" content="Ceasefire talks res',
        note="response cut mid-tag inside <head>; no body text",
    ),
    "/business/market-wrap-20260115": Route(note="200 with an empty (zero-byte) body"),
}
"""Path (without query string) → behaviour. Keep in step with tests/fixtures/demo_expected.json."""

DEFAULT_CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}
"""File suffix → Content-Type; anything else is application/octet-stream."""

TEXT_SUFFIXES = frozenset({".html", ".xml", ".txt", ".json", ".css", ".js", ".svg"})
"""Files in which ``{{BASE}}`` is replaced by the server's base URL."""
