"""Small text helpers of the field extractors: structured-data text, hosts, links. Whitespace and
comparison keys are :mod:`newscrawl.normalize.text`'s."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from newscrawl.normalize.text import clean_space

_TAGS = re.compile(r"<[^>]{0,500}>")
# Elements that start a line of their own: their text never runs into their neighbours'.
_BLOCK_TAGS = frozenset(
    {
        *("p", "div", "section", "article", "aside", "header", "footer", "blockquote", "figcaption"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd"),
        *("table", "tr", "td", "th", "br"),
    }
)


def plain(text: str | None) -> str:
    """Text from a structured-data value that may carry HTML tags or entities."""
    if not text:
        return ""
    if "<" in text:
        text = _TAGS.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return clean_space(text)


def block_text(el: etree._Element) -> str:
    """The text of ``el`` with whitespace folded, a space between the texts of its block
    elements (two subtitles ``<h2>A</h2><h2>B</h2>`` read "A B", not "AB")."""
    if not any(isinstance(child.tag, str) and child.tag in _BLOCK_TAGS for child in el.iterdescendants()):
        return clean_space(el.text_content())
    parts: list[str] = []
    _collect_text(el, parts)
    return clean_space("".join(parts))


# Text nodes of page text (not of code) holding a string: the start of a text looked for.
_TEXT_HOLDING = etree.XPath(
    ".//text()[contains(., $needle)][not(ancestor::script or ancestor::style or ancestor::template)]"
)
START_KEY_CHARS = 24
SHORT_START_CHARS = 10


def text_nodes_with_start(root: etree._Element, text: str) -> list[Any]:
    """The text nodes under ``root`` (outside scripts and styles) that hold the start of
    ``text``: its first ``START_KEY_CHARS`` characters, or, when no node holds them (inline
    markup, a line break or a block boundary fall among them), its first ``SHORT_START_CHARS``.
    Each hit is a "smart" string: ``getparent()`` gives its element."""
    start = clean_space(text)
    for size in (START_KEY_CHARS, SHORT_START_CHARS):
        needle = start[:size]
        if not needle:
            return []
        hits: list[Any] = _TEXT_HOLDING(root, needle=needle)
        if hits:
            return hits
    return []


def _collect_text(el: etree._Element, parts: list[str]) -> None:
    """Append the texts of ``el`` and its descendants (no tail of ``el``), blocks set apart."""
    parts.append(el.text or "")
    for child in el:
        if isinstance(child.tag, str):
            block = child.tag in _BLOCK_TAGS
            if block:
                parts.append(" ")
            _collect_text(child, parts)
            if block:
                parts.append(" ")
        parts.append(child.tail or "")


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
    href = (href or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return False
    if href[0] == "/" and href[1:2] != "/":  # a path on the same host: no URL to resolve
        path = href.split("#", 1)[0].split("?", 1)[0]
        return path not in ("/", page)
    split = _split_plain_url(href)
    if split is None:
        target = absolute(url, href)
        try:
            target_host, path = host_of(target), urlsplit(target).path
        except ValueError:
            return False
    else:
        target_host, path = split
    return target_host == host and path not in ("", "/", page)


def _split_plain_url(href: str) -> tuple[str, str] | None:
    """(host without "www.", path) of an absolute or scheme-relative http(s) URL with a plain
    host (no user, no IPv6 literal), read without urllib (pages link hundreds of them); ``None``
    for any other reference, which is resolved the slow way."""
    lowered = href[:8].lower()
    if lowered.startswith("https://"):
        rest = href[8:]
    elif lowered.startswith("http://"):
        rest = href[7:]
    elif href.startswith("//"):
        rest = href[2:]
    else:
        return None
    end = len(rest)
    for mark in "/?#":
        found = rest.find(mark)
        if 0 <= found < end:
            end = found
    authority = rest[:end]
    if not authority or any(c in authority for c in "@[]%\\ ") or any(c in href for c in "\t\r\n"):
        return None
    hostname = authority.split(":", 1)[0].lower()
    path = rest[end:].split("#", 1)[0].split("?", 1)[0]
    return hostname.removeprefix("www."), path
