"""Links to related articles the page lists (related, recommended, "read more" blocks)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from lxml import etree

from newscrawl.extraction.text import host_of

if TYPE_CHECKING:
    from newscrawl.extraction.document import Document

_RELATED = re.compile(
    r"related|recommend|read-?more|more-?(?:stories|articles|news)|also-?read|explore|further-?reading",
    re.IGNORECASE,
)
# Every word of _RELATED holds "re" (in any case; no other character matches r or e ignoring case):
# the class and id values without it are left out in C, before _RELATED reads the others.
_CLASS_AND_ID_VALUES = etree.XPath(
    "//body//*/@class[contains(translate(.,'RE','re'),'re')]"
    " | //body//*/@id[contains(translate(.,'RE','re'),'re')]"
)
_ARTICLE_PATH = re.compile(r"/[^/]*[-_][^/]*[-_][^/]*|/\d{4,}|\.html?$")
MAX_RELATED = 30


@lru_cache(maxsize=4096)
def _is_related(attrs: str) -> bool:
    return _RELATED.search(attrs) is not None


def related_urls(doc: Document) -> tuple[list[str], str] | None:
    """Absolute URLs of related articles on the same site, in page order."""
    host = host_of(doc.url)
    page = doc.url.split("#")[0]
    seen: set[str] = set()
    out: list[str] = []
    hrefs: set[str] = set()
    blocks: set[etree._Element] = set()
    for value in _CLASS_AND_ID_VALUES(doc.tree):
        if not _is_related(str(value)):  # a plain copy: the cache must not keep the tree
            continue
        block = value.getparent()
        if block in blocks:
            continue
        blocks.add(block)
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
