"""Links: a URL written in a page (an image source, a related link) made absolute against the
page URL, or refused when it is no http(s) address. URL identity (canonical URLs, domains) is
:mod:`newscrawl.normalize.urls`'s."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from newscrawl.normalize.text import clean_space

__all__ = ["absolute_url"]

_DROPPED_SCHEMES = frozenset({"javascript", "data", "mailto", "tel", "sms", "about", "blob", "file"})


def absolute_url(value: str, base: str) -> str | None:
    """Join ``value`` against the page URL ``base``; ``None`` for javascript:, data:, mailto: and the like.

    >>> absolute_url("../b.jpg?x=1", "https://example.com/news/a/")
    'https://example.com/news/b.jpg?x=1'
    >>> absolute_url("javascript:void(0)", "https://example.com/") is None
    True
    """
    value = clean_space(value)
    if not value or value.startswith("#"):
        return None
    try:
        joined = urljoin(base, value)
        scheme = urlsplit(joined).scheme.lower()
        netloc = urlsplit(joined).netloc
    except ValueError:
        return None
    if scheme in _DROPPED_SCHEMES or scheme not in {"http", "https"} or not netloc:
        return None
    return joined.replace(" ", "%20")
