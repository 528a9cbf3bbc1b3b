"""newscrawl: news websites in, a clean, deduplicated JSON Lines dataset of articles out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newscrawl.normalize.loader import PageHints
    from newscrawl.sites.rules import SiteRule

__version__ = "0.1.0"
__all__ = ["__version__", "extract"]


def extract(
    html: str | bytes,
    url: str,
    *,
    rules: Sequence[SiteRule] | None = None,
    hints: PageHints | None = None,
) -> dict[str, Any]:
    """Extract the schema-v1 fields of one article page (state fields are null).

    Never raises on bad HTML: returns what it can, with an empty ``article_body``
    when the page holds no article. ``rules`` and ``hints``: see :func:`newscrawl.api.extract`.
    """
    from newscrawl.api import extract as _extract

    return _extract(html, url, rules=rules, hints=hints)
