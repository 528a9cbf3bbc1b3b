"""Small text helpers of the field extractors: structured-data text, hosts, links. Whitespace and
comparison keys are :mod:`newscrawl.normalize.text`'s."""

from __future__ import annotations

import html
import re

from newscrawl.normalize.text import clean_space

_TAGS = re.compile(r"<[^>]{0,500}>")


def plain(text: str | None) -> str:
    """Text from a structured-data value that may carry HTML tags or entities."""
    if not text:
        return ""
    if "<" in text:
        text = _TAGS.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return clean_space(text)


def host_of(url: str | None) -> str:
    """The lowercased host of ``url`` without "www.", "" when it has none or is malformed."""
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def absolute(base: str | None, href: str) -> str:
    """``href`` resolved against ``base``; ``href`` unchanged when either is malformed."""
    from urllib.parse import urljoin

    href = href.strip()
    try:
        return urljoin(base or "", href)
    except ValueError:
        return href
