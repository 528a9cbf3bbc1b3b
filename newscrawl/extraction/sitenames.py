"""The names a page gives its site, as comparison keys (for stripping title suffixes and spotting
bylines that only name the publisher). The key and the comparison themselves are
:func:`newscrawl.normalize.headline.key` and :func:`~newscrawl.normalize.headline.is_site`."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from lxml import etree

from newscrawl.extraction.text import host_of
from newscrawl.normalize.headline import MAX_SITE_WORDS, is_site, key
from newscrawl.normalize.text import clean_space

if TYPE_CHECKING:
    from newscrawl.extraction.document import Document

__all__ = ["MAX_SITE_WORDS", "home_linked_headings", "is_site", "key", "site_keys"]

_H1_WITH_LINK = etree.XPath("//h1[.//a]")
_HOME_PATHS = frozenset({"", "/", "/index.html", "/index.htm", "/index.php"})
MAX_LOGO_HEADINGS = 3
_GENERIC_SLD = frozenset(
    {"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "go", "nic", "ltd", "plc"}
)


def _registered_label(host: str) -> list[str]:
    """The registrable label and the full registrable domain of ``host`` (example, example.co.uk)."""
    labels = [p for p in host.split(".") if p]
    if len(labels) < 2:
        return labels
    suffix = 2 if len(labels) >= 3 and labels[-2] in _GENERIC_SLD and len(labels[-1]) == 2 else 1
    name = labels[-suffix - 1]
    return [name, ".".join(labels[-suffix - 1 :])]


def site_keys(doc: Document) -> set[str]:
    """Comparison keys of the site's names, including the registered-domain label (computed once
    per document: the headline, its variants and the authors all use them)."""
    cached: set[str] | None = doc.__dict__.get("_site_keys")
    if cached is None:
        cached = doc.__dict__["_site_keys"] = _site_keys(doc)
    return cached


def _site_keys(doc: Document) -> set[str]:
    # a "name" longer than a site name is a page's title given as the site's name
    names = [*doc.site_names, *home_linked_headings(doc)]
    keys = {key(n) for n in names if len(n.split()) <= MAX_SITE_WORDS}
    host = host_of(doc.url)
    keys.add(key(host))
    keys.update(key(label) for label in _registered_label(host))
    return {k for k in keys if len(k) >= 3}


def home_linked_headings(doc: Document) -> list[str]:
    """Texts of h1s that are one link to the site's home page and nothing else: the site title
    a theme sets in an h1 on every page ("<h1><a href="/">Site</a></h1>"), not a headline."""
    names: list[str] = []
    host = host_of(doc.url)
    if not host:
        return names
    for h1 in _H1_WITH_LINK(doc.tree)[:MAX_LOGO_HEADINGS]:
        links = h1.findall(".//a")
        text = clean_space(h1.text_content())
        if (
            len(links) == 1
            and text
            and clean_space(links[0].text_content()) == text
            and _is_home(doc.url, (links[0].get("href") or "").strip(), host)
        ):
            names.append(text)
    return names


def _is_home(page: str, href: str, host: str) -> bool:
    """Whether ``href`` (on ``page``) is the home page of ``host``."""
    if not href:
        return False
    try:
        target = urlsplit(urljoin(page, href))
    except ValueError:
        return False
    return host_of(target.geturl()) == host and target.path in _HOME_PATHS and not target.query
