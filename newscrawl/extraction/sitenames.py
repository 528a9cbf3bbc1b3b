"""The names a page gives its site, as comparison keys (for stripping title suffixes and spotting
bylines that only name the publisher). The key and the comparison themselves are
:func:`newscrawl.normalize.headline.key` and :func:`~newscrawl.normalize.headline.is_site`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl.extraction.text import host_of
from newscrawl.normalize.headline import MAX_SITE_WORDS, is_site, key

if TYPE_CHECKING:
    from newscrawl.extraction.document import Document

__all__ = ["MAX_SITE_WORDS", "is_site", "key", "site_keys"]

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
    keys = {key(n) for n in doc.site_names if len(n.split()) <= MAX_SITE_WORDS}
    host = host_of(doc.url)
    keys.add(key(host))
    keys.update(key(label) for label in _registered_label(host))
    return {k for k in keys if len(k) >= 3}
