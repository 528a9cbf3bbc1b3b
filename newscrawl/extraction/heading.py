"""Which heading elements show the article's headline.

Most pages show it in their first h1. Some set the h1 as the last item of the breadcrumb trail
(Home > Section > headline, in small type) and show the headline itself in the heading that
follows, an h2 of the article header, often with a kicker of its own: that h1 is a label of
the trail, not the heading the reader reads. A trail item is an h1 inside a ``<nav>``, inside an
element the markup names a breadcrumb (class, id, ARIA label, data attribute, BreadcrumbList
microdata), or an item of a list whose items before it are links.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.normalize.text import clean_space

if TYPE_CHECKING:
    from newscrawl.extraction.document import Document

MAX_TRAIL_DEPTH = 4
MIN_TRAIL_LINKS = 2
MAX_TRAIL_CHARS = 120
MAX_HEADINGS_AFTER_TRAIL = 3
_H1 = etree.XPath("//h1")
_AFTER = etree.XPath("following::*[self::h1 or self::h2]")
_OUTSIDE_ARTICLE = frozenset(("a", "nav", "aside", "footer", "button", "form", "figure"))


def page_headings(tree: etree._Element, limit: int = 10) -> list[etree._Element]:
    """The page's headline headings, in page order: its h1s that are not trail items, and in
    place of the first h1 when that one is a trail item, the heading that follows it."""
    found: list[etree._Element] = []
    for index, h1 in enumerate(_H1(tree)[:limit]):
        if not in_trail(h1):
            found.append(h1)
        elif index == 0:
            after = heading_after_trail(h1)
            if after is not None:
                found.append(after)
    return found


def doc_headings(doc: Document) -> list[etree._Element]:
    """:func:`page_headings` of the page, found once (the headline, its kicker and variants and
    the standfirst all start from them)."""
    return doc.memo("page_headings", lambda: page_headings(doc.tree))


def trail_texts(tree: etree._Element, limit: int = 3) -> list[str]:
    """The text of the page's h1s that are trail items."""
    return [clean_space(h.text_content()) for h in _H1(tree)[:limit] if in_trail(h)]


def in_trail(h1: etree._Element) -> bool:
    """Whether the h1 is an item of a breadcrumb trail or a navigation bar."""
    for depth, node in enumerate(h1.iterancestors()):
        if depth >= MAX_TRAIL_DEPTH:
            break
        if node.tag == "nav" or _names_breadcrumb(node):
            return True
        if _ends_link_list(node, h1):
            return True
    return _names_breadcrumb(h1)


def heading_after_trail(h1: etree._Element) -> etree._Element | None:
    """The first h1 or h2 after a trail h1 that is not itself in a link, a navigation bar, an
    aside, a figure or a footer: the heading of the article header."""
    for heading in _AFTER(h1)[:MAX_HEADINGS_AFTER_TRAIL]:
        if in_trail(heading) or any(a.tag in _OUTSIDE_ARTICLE for a in heading.iterancestors()):
            continue
        if clean_space(heading.text_content()):
            return heading
    return None


def _names_breadcrumb(node: etree._Element) -> bool:
    return any("breadcrumb" in str(value).casefold() for value in node.attrib.values())


def _ends_link_list(node: etree._Element, h1: etree._Element) -> bool:
    """Whether ``node`` is a list item holding the h1 after two or more items that are links
    (``<li><a>Home</a></li><li><a>Section</a></li><li><h1>…</h1></li>``)."""
    if (
        node.tag != "li"
        or _has_word(node.text)
        or any(
            _has_word(el.tail) for el in h1.iterancestors() if el is not node and node in el.iterancestors()
        )
    ):
        return False
    before = list(node.itersiblings(preceding=True))
    return len(before) >= MIN_TRAIL_LINKS and all(
        li.find(".//a") is not None and len(clean_space(li.text_content())) <= MAX_TRAIL_CHARS
        for li in before
    )


def _has_word(text: str | None) -> bool:
    return bool(text) and any(ch.isalnum() for ch in text or "")
