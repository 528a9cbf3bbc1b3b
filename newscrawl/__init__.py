"""newscrawl: news websites in, a clean, deduplicated JSON Lines dataset of articles out."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "extract"]


def extract(html: str | bytes, url: str) -> dict[str, Any]:
    """Extract the schema-v1 fields of one article page (state fields are null).

    Never raises on bad HTML: returns what it can, with an empty ``article_body``
    when the page holds no article.
    """
    from newscrawl.api import extract as _extract

    return _extract(html, url)
