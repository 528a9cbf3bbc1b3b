"""Sitemaps, sitemap indexes and Google News sitemaps, with the dates and titles they give."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from newscrawl.discovery.entries import SourceEntry
from newscrawl.discovery.xml import SourceError, child_text, local_name, parse_xml
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
            published = child_text(child, "publication_date")
            title = child_text(child, "title")
            keywords = child_text(child, "keywords") or ""
            return published, title, tuple(k.strip() for k in keywords.split(",") if k.strip())
    return None, None, ()


def parse_sitemap(data: bytes) -> SitemapDocument:
    """Parse sitemap XML (gzipped or not); raises SourceError when it is not a sitemap."""
    parsed = parse_xml(data)
    root = parsed.root
    kind = local_name(root)
    if kind not in ("urlset", "sitemapindex"):
        what = " (an HTML page)" if kind in ("html", "head", "body") else ""
        raise SourceError(f"not a sitemap: root element <{kind or '?'}>{what}")
    document = SitemapDocument(is_index=kind == "sitemapindex", problem=parsed.problem)
    child_name = "sitemap" if document.is_index else "url"
    for element in root:
        if local_name(element) != child_name:
            continue
        loc = child_text(element, "loc")
        if not loc:
            continue
        lastmod = parse_source_date(child_text(element, "lastmod"))
        published_text, title, keywords = _news_fields(element)
        document.entries.append(
            SourceEntry(
                url=loc,
                published=parse_source_date(published_text),
                modified=lastmod,
                title=title,
                keywords=keywords,
            )
        )
    return document


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
