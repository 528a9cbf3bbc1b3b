"""Sitemaps, sitemap indexes and Google News sitemaps, with the dates and titles they give."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from newscrawl.discovery.entries import SourceEntry
from newscrawl.discovery.xml import SourceError, XmlStream, child_texts, local_name
from newscrawl.normalize.dates import parse_source_date


@dataclass
class SitemapDocument:
    """A parsed sitemap: either an index of other sitemaps or a list of pages."""

    is_index: bool
    entries: list[SourceEntry] = field(default_factory=list)
    problem: str | None = None
    """Set when the XML was malformed and only partly read."""


def _news_fields(url_element: etree._Element) -> tuple[str | None, str | None, tuple[str, ...]]:
    """(publication date, title, keywords) of a ``<news:news>`` block, if any."""
    for child in url_element:
        if local_name(child) == "news":
            texts = child_texts(child)
            keywords = texts.get("keywords", "")
            return (
                texts.get("publication_date"),
                texts.get("title"),
                tuple(k.strip() for k in keywords.split(",") if k.strip()),
            )
    return None, None, ()


class SitemapStream:
    """A sitemap read entry by entry (bounded memory): ``is_index`` at once, ``entries()`` as the
    document is parsed, ``problem`` once they are all read."""

    def __init__(self, data: bytes) -> None:
        self._xml = XmlStream(data)
        kind = self._xml.root_name
        if kind not in ("urlset", "sitemapindex"):
            what = " (an HTML page)" if kind in ("html", "head", "body") else ""
            raise SourceError(f"not a sitemap: root element <{kind or '?'}>{what}")
        self.is_index = kind == "sitemapindex"

    @property
    def problem(self) -> str | None:
        return self._xml.problem

    def entries(self) -> Iterator[SourceEntry]:
        """The listed URLs (child sitemaps for an index), in document order."""
        for element in self._xml.elements(frozenset({"sitemap" if self.is_index else "url"}), depth=1):
            texts = child_texts(element)
            loc = texts.get("loc")
            if not loc:
                continue
            published_text, title, keywords = _news_fields(element)
            yield SourceEntry(
                url=loc,
                published=parse_source_date(published_text),
                modified=parse_source_date(texts.get("lastmod")),
                title=title,
                keywords=keywords,
            )


def read_sitemap(data: bytes) -> SitemapStream:
    """Start reading sitemap XML (gzipped or not); raises SourceError when it is not a sitemap."""
    return SitemapStream(data)


def parse_sitemap(data: bytes) -> SitemapDocument:
    """Parse sitemap XML (gzipped or not) at once; raises SourceError when it is not a sitemap."""
    stream = read_sitemap(data)
    entries = list(stream.entries())
    return SitemapDocument(is_index=stream.is_index, entries=entries, problem=stream.problem)


def sitemaps_from_robots(text: str) -> list[str]:
    """The ``Sitemap:`` URLs a robots.txt declares, in order, without repeats.

    >>> sitemaps_from_robots("User-agent: *\\nSitemap: https://a.example/s.xml\\nsitemap:https://a.example/n.xml")
    ['https://a.example/s.xml', 'https://a.example/n.xml']
    """
    found: list[str] = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip() and value.strip() not in found:
            found.append(value.strip())
    return found
