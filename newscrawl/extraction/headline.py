"""The visible headline, without the site-name suffix."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extraction.metadata import section
from newscrawl.extraction.sitenames import is_site, key, site_keys
from newscrawl.extraction.structured import text_value
from newscrawl.extraction.text import clean_space

if TYPE_CHECKING:
    from newscrawl.extraction.document import Document

_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|/|:|»|«)\s+|\s*[|ㅣ｜]\s*")
_H1 = etree.XPath("//h1")


def strip_section(title: str, section: str | None) -> str:
    """Remove a trailing "-Section" / " | Section" naming the article's section."""
    if not section or len(section) > 40:
        return title
    pattern = re.compile(rf"\s*[-–—|:/·ㅣ]\s*{re.escape(section.strip())}\s*$", re.IGNORECASE)
    stripped = pattern.sub("", title)
    return stripped if len(stripped) >= 10 else title


def strip_site_name(title: str, keys: set[str]) -> str:
    """Remove a leading or trailing " | Site" / " - Site" segment naming the site."""
    title = clean_space(title)
    for _ in range(2):
        parts = _SEPARATORS.split(title)
        if len(parts) < 2:
            break
        matches = list(_SEPARATORS.finditer(title))
        if is_site(parts[-1], keys):
            title = title[: matches[-1].start()].strip()
        elif is_site(parts[0], keys):
            title = title[matches[0].end() :].strip()
        else:
            break
    return title


def agrees(a: str, b: str) -> bool:
    """Whether two headline candidates name the same headline (equal, or one contains the other)."""
    ka, kb = key(a), key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long_ = sorted((ka, kb), key=len)
    return len(short) >= 0.6 * len(long_) and short in long_


def headline_variants(doc: Document) -> list[str]:
    """Every headline-like text of the page (structured headline, og:title, visible h1s): a body
    paragraph repeating one of them near the top is not body text."""
    keys = site_keys(doc)
    out: list[str] = []
    found = doc.article_node
    if found is not None:
        out.append(text_value(found[0].get("headline")))
    out.extend(strip_site_name(v, keys) for v in doc.meta.get("og:title", [])[:1])
    out.extend(clean_space(h.text_content()) for h in _H1(doc.tree)[:3])
    return [v for v in dict.fromkeys(out) if v]


def headline(doc: Document) -> tuple[str, str] | None:
    """The article headline and its source; the visible h1 wins when it agrees with metadata."""
    keys = site_keys(doc)
    meta: list[tuple[str, str]] = []
    found = doc.article_node
    if found is not None:
        node, source = found
        value = text_value(node.get("headline")) or text_value(node.get("name"))
        if value:
            meta.append((strip_site_name(value, keys), source))
    for name in ("og:title", "twitter:title", "title", "dc.title", "parsely-title", "sailthru.title"):
        for value in doc.meta.get(name, [])[:1]:
            source = "opengraph" if name.startswith("og:") else "meta"
            meta.append((strip_site_name(value, keys), source))
    found_section = section(doc)
    if found_section:
        meta = [(strip_section(text, found_section[0]), source) for text, source in meta]
    h1s = [clean_space(h.text_content()) for h in _H1(doc.tree)[:10]]
    h1s = [h for h in h1s if 3 <= len(h) <= 400]
    for text, _ in meta:
        for h1 in h1s:
            if agrees(h1, text):
                return h1, "dom"
    if meta and meta[0][0]:
        return meta[0]
    if h1s:
        return h1s[0], "dom"
    if doc.title:
        return strip_site_name(doc.title, keys), "dom"
    return None
