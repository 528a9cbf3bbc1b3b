"""Lists of teasers set inside the article: every item of the list is mostly the text of a link to
another story of the same site ("Kicker: <a>Title of another story</a>", a row of further
reading). They point the reader elsewhere and are not story text. A list of steps or facts, whose
items are sentences with a link here and there, a list of links to other sites (sources, shop
offers) and a menu of short section links are not such lists."""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extraction.text import host_of, links_to_site_page

_CHARS = etree.XPath("string-length(normalize-space())")
MIN_LINK_ITEMS = 2
MIN_ITEM_LINK_SHARE = 0.5
MIN_TEASER_LINK_CHARS = 15
# The label right above such a list ("Related", "Most read in Politics"): short, not a sentence.
MAX_LABEL_CHARS = 60


def teaser_lists(root: HtmlElement, url: str) -> list[HtmlElement]:
    """The ``ul``/``ol`` lists of ``root`` with ``MIN_LINK_ITEMS`` or more items, every one of
    them mostly (``MIN_ITEM_LINK_SHARE``) the text of links, one of them a title-long link to
    another page of the site at ``url``; with each, the label just above it."""
    host = host_of(url)
    if not host:
        return []
    page = urlsplit(url).path
    found = []
    for lst in root.iter("ul", "ol"):  # a few dozen per page; most fail on their first item
        if _teaser_items(lst, url, host, page) >= MIN_LINK_ITEMS:
            found.append(lst)
            label = lst.getprevious()
            if label is not None and _is_label(label):
                found.append(label)
    return found


def _teaser_items(lst: HtmlElement, url: str, host: str, page: str) -> int:
    """How many items ``lst`` has when every one is a link item and at least half of them are
    teasers (a title-long link), else 0; the items are read one at a time, so a list stops at
    its first item that is no link item. Short titles ("iOS 13: Maps") may stand among the
    teasers; a menu of nothing but short section links is not a teaser list."""
    if len(lst) < MIN_LINK_ITEMS:
        return 0  # fewer children than that, items or not
    count = teasers = 0
    most_short = len(lst) / 2  # children, so at least the items: more short ones decide it
    for li in lst.iterchildren("li"):
        kind = _link_item_kind(li, url, host, page)
        if kind is None:
            return 0
        count += 1
        teasers += kind
        if count - teasers > most_short:
            return 0
    return count if teasers >= max(MIN_LINK_ITEMS, count / 2) else 0


def _is_label(el: HtmlElement) -> bool:
    """A short line that is no sentence and holds no list: the title of the list below it."""
    if not isinstance(el.tag, str) or el.tag in ("ul", "ol", "li", "img", "br"):
        return False
    text = " ".join(el.text_content().split())
    return 0 < len(text) <= MAX_LABEL_CHARS and text[-1] not in ".!?" and el.find(".//li") is None


def _link_item_kind(li: HtmlElement, url: str, host: str, page: str) -> bool | None:
    """For an item that is mostly the text of links, one of them to another page of the site:
    whether such a link is title-long (a teaser). ``None`` for any other item."""
    links = [(a, n) for a in li.iter("a") if a.get("href") and (n := _CHARS(a))]
    if not links or sum(n for _, n in links) < MIN_ITEM_LINK_SHARE * _CHARS(li):
        return None
    by_length = sorted(links, key=lambda link: link[1] < MIN_TEASER_LINK_CHARS)  # title-long first
    for a, n in by_length:
        if links_to_site_page(a.get("href"), url, host, page):
            return n >= MIN_TEASER_LINK_CHARS
    return None
