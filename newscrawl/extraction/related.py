"""Links to related articles the page lists (related, recommended, "read more" blocks)."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from lxml import etree

from newscrawl.extraction.text import host_of

if TYPE_CHECKING:
    from newscrawl.extraction.document import Document

_CLASS_AND_ID_VALUES = etree.XPath("//body//*/@class | //body//*/@id")
_RELATED = re.compile(
    r"related|recommend|read-?more|more-?(?:stories|articles|news)|also-?read|explore|further-?reading",
    re.IGNORECASE,
)
_ARTICLE_PATH = re.compile(r"/[^/]*[-_][^/]*[-_][^/]*|/\d{4,}|\.html?$")
MAX_RELATED = 30


def _related_blocks(doc: Document) -> list[etree._Element]:
    """The elements whose class or id names a related-links block, in page order. The values are
    searched joined by NUL (which no attribute holds and no match crosses), in one regex scan."""
    values = _CLASS_AND_ID_VALUES(doc.tree)
    starts = [0, *accumulate(len(value) + 1 for value in values)]
    blocks: dict[etree._Element, None] = {}
    for match in _RELATED.finditer("\x00".join(values)):
        blocks.setdefault(values[bisect_right(starts, match.start()) - 1].getparent())
    return list(blocks)


def related_urls(doc: Document) -> tuple[list[str], str] | None:
    """Absolute URLs of related articles on the same site, in page order."""
    host = host_of(doc.url)
    page = doc.url.split("#")[0]
    seen: set[str] = set()
    out: list[str] = []
    hrefs: set[str] = set()
    for block in _related_blocks(doc):
        for a in block.iter("a"):
            href = (a.get("href") or "").strip()
            if not href or href in hrefs or href.startswith(("#", "javascript:", "mailto:")):
                continue
            hrefs.add(href)  # nested blocks list the same links again
            try:
                url = urljoin(doc.url, href).split("#")[0]
            except ValueError:
                continue
            if url == page or url in seen or not url.startswith("http"):
                continue
            if host and host_of(url) != host:
                continue
            try:
                path = urlsplit(url).path
            except ValueError:
                continue
            if not _ARTICLE_PATH.search(path):
                continue
            seen.add(url)
            out.append(url)
            if len(out) >= MAX_RELATED:
                return out, "dom"
    return (out, "dom") if out else None
