"""The links of an HTML page, read a chunk at a time: lxml's HTML parser with a target that keeps
only ``<a>``/``<area>`` hrefs and ``<base>``, so no tree is built however many links there are;
and the ``<link rel="alternate">`` elements of its head, read until the body starts."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin

from lxml import etree

CHUNK_BYTES = 64 * 1024
_HTML_SPACE = " \t\n\r\x0c"
_LINK_TAGS = frozenset({"a", "area"})


class _LinkTarget:
    """Parser target: collects hrefs as the parser meets them."""

    def __init__(self) -> None:
        self.hrefs: list[str] = []
        self.base: str | None = None

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag in _LINK_TAGS:
            href = attrib.get("href")
            if href:
                self.hrefs.append(href)
        elif tag == "base" and self.base is None:
            self.base = attrib.get("href")

    def close(self) -> None:
        return None


class _AlternateTarget:
    """Parser target: collects ``(type, href)`` of ``<link rel="alternate">`` until ``<body>``."""

    def __init__(self) -> None:
        self.found: list[tuple[str, str]] = []
        self.in_body = False

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag == "body":
            self.in_body = True
        elif tag == "link" and not self.in_body:
            rel = (attrib.get("rel") or "").lower().split()
            href = (attrib.get("href") or "").strip(_HTML_SPACE)
            if "alternate" in rel and href:
                self.found.append(((attrib.get("type") or "").strip().lower(), href))

    def close(self) -> None:
        return None


def alternate_links(body: bytes, encoding: str | None = None) -> list[tuple[str, str]]:
    """``(type, href)`` of each ``<link rel="alternate">`` in the page's head, in page order
    (hrefs as written). The page is read a chunk at a time and no further than ``<body>``."""
    target = _AlternateTarget()
    parser = _parser(target, encoding)
    for chunk in _chunks(body):
        try:
            if chunk:
                parser.feed(chunk)
            else:
                parser.close()
        except etree.LxmlError:
            break
        if target.in_body:
            break
    return target.found


def _parser(target: _LinkTarget | _AlternateTarget, encoding: str | None) -> etree.HTMLParser:
    options = {"target": target, "no_network": True, "remove_comments": True}
    try:
        return etree.HTMLParser(encoding=encoding, **options)
    except LookupError:  # a charset lxml does not know: let libxml2 guess
        return etree.HTMLParser(**options)


def scan_links(body: bytes, page_url: str, encoding: str | None = None) -> Iterator[list[str]]:
    """The absolute http(s) URLs of the page's links, in page order, a batch per parsed chunk
    (relative to ``<base href>`` when the page has one; fragments kept, repeats kept)."""
    target = _LinkTarget()
    parser = _parser(target, encoding)
    base: str | None = None
    for chunk in _chunks(body):
        try:
            if chunk:
                parser.feed(chunk)
            else:
                parser.close()
        except etree.LxmlError:
            chunk = b""
        if base is None:  # <base> is in the <head>, within the first chunk
            base = page_url if target.base is None else _join(page_url, target.base) or page_url
        hrefs, target.hrefs = target.hrefs, []
        found = [url for url in (_join(base, href) for href in hrefs) if url]
        if found:
            yield found
        if not chunk:
            return


def _chunks(body: bytes) -> Iterator[bytes]:
    """The page in pieces of ``CHUNK_BYTES``, then b"" for its end."""
    for start in range(0, len(body), CHUNK_BYTES):
        yield body[start : start + CHUNK_BYTES]
    yield b""


def _join(base: str, href: str) -> str | None:
    href = href.strip(_HTML_SPACE)
    if not href or href.startswith("#"):
        return None
    try:
        url = urljoin(base, href)
    except ValueError:
        return None
    return url if url.startswith(("http://", "https://")) else None
