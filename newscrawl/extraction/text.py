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


def links_to_site_page(href: str | None, url: str, host: str, page: str) -> bool:
    """Whether ``href`` (on the page at ``url``, whose host is ``host`` and path ``page``) leads
    to another page of the site: not the page itself, not its home."""
    from urllib.parse import urlsplit

    href = (href or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return False
    if href[0] == "/" and href[1:2] != "/":  # a path on the same host: no URL to resolve
        path = href.split("#", 1)[0].split("?", 1)[0]
        return path not in ("/", page)
    target = absolute(url, href)
    try:
        path = urlsplit(target).path
    except ValueError:
        return False
    return host_of(target) == host and path not in ("", "/", page)
