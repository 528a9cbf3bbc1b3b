"""Sitemap, feed, robots.txt and URL-shape parsing, including hostile inputs."""

from __future__ import annotations

import doctest
import gzip
import json

import pytest

import newscrawl.discovery.entries
import newscrawl.discovery.sitemaps
import newscrawl.discovery.sniff
import newscrawl.discovery.urlshape
from newscrawl.discovery import SourceKind, parse_feed, parse_sitemap, sniff_source
from newscrawl.discovery.sitemaps import sitemaps_from_robots
from newscrawl.discovery.urlshape import looks_like_article_url
from newscrawl.discovery.xml import SourceError, gunzip_bounded, parse_xml

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://n.example/world/harbour-strike-ends-after-talks</loc>
    <lastmod>2025-03-02T10:00:00+01:00</lastmod>
    <news:news>
      <news:publication><news:name>N</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2025-03-01T08:30:00+01:00</news:publication_date>
      <news:title>Harbour strike ends after talks</news:title>
      <news:keywords>labour, ports ,strikes</news:keywords>
    </news:news>
  </url>
  <url><loc>https://n.example/plain</loc></url>
  <url><lastmod>2025-01-01</lastmod></url>
</urlset>"""


@pytest.mark.parametrize(
    "module",
    [
        newscrawl.discovery.entries,
        newscrawl.discovery.sitemaps,
        newscrawl.discovery.sniff,
        newscrawl.discovery.urlshape,
    ],
)
def test_doctests(module: object) -> None:
    assert doctest.testmod(module).failed == 0  # type: ignore[arg-type]


def test_news_sitemap_keeps_publication_date_title_and_keywords() -> None:
    document = parse_sitemap(NEWS_SITEMAP)
    assert not document.is_index
    assert [e.url for e in document.entries] == [
        "https://n.example/world/harbour-strike-ends-after-talks",
        "https://n.example/plain",
    ]
    entry = document.entries[0]
    assert entry.published is not None and entry.published.isoformat() == "2025-03-01T08:30:00+01:00"
    assert entry.modified is not None and entry.modified.isoformat() == "2025-03-02T10:00:00+01:00"
    assert entry.title == "Harbour strike ends after talks"
    assert entry.keywords == ("labour", "ports", "strikes")
    assert document.entries[1].published is None


def test_sitemap_index_gzipped() -> None:
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://n.example/a.xml.gz</loc><lastmod>2024-05-01</lastmod></sitemap>
    <sitemap><loc>https://n.example/b.xml</loc></sitemap></sitemapindex>"""
    document = parse_sitemap(gzip.compress(index))
    assert document.is_index
    assert [e.url for e in document.entries] == ["https://n.example/a.xml.gz", "https://n.example/b.xml"]


def test_html_served_as_sitemap_is_refused() -> None:
    with pytest.raises(SourceError, match="not a sitemap"):
        parse_sitemap(b"<html><body><a href='/x'>x</a></body></html>")


def test_truncated_sitemap_is_read_in_part_with_its_problem() -> None:
    document = parse_sitemap(
        NEWS_SITEMAP[: NEWS_SITEMAP.index(b"<url><loc>https://n.example/plain")] + b"<url><lo"
    )
    assert document.problem is not None and document.problem.startswith("malformed XML")
    assert [e.url for e in document.entries] == ["https://n.example/world/harbour-strike-ends-after-talks"]
    assert parse_sitemap(NEWS_SITEMAP).problem is None


def test_html_as_sitemap_says_so() -> None:
    with pytest.raises(SourceError, match="an HTML page"):
        parse_sitemap(b"<!DOCTYPE html><html><head><title>x</title></head><body><p>hi<br></body></html>")


def test_invalid_xml_is_refused() -> None:
    with pytest.raises(SourceError):
        parse_sitemap(b"\x00\x01 not xml at all")


def test_entity_declarations_are_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
            for i in range(1, 10)
        )
        + b"]><urlset><url><loc>https://n.example/&lol9;</loc></url></urlset>"
    )
    with pytest.raises(SourceError, match="entity declarations are refused"):
        parse_sitemap(bomb)


def test_gzip_bomb_is_refused_without_unbounded_read() -> None:
    bomb = gzip.compress(b"<" + b"a" * (2 * 1024 * 1024))
    with pytest.raises(SourceError, match="expands past"):
        gunzip_bounded(bomb, limit=1024 * 1024)


def test_huge_document_is_refused_without_parsing() -> None:
    huge = NEWS_SITEMAP.replace(
        b"</urlset>", b"<url><loc>https://n.example/x</loc></url>" * 5000 + b"</urlset>"
    )
    with pytest.raises(SourceError, match="larger than"):
        parse_xml(huge, limit=100_000)
    assert len(parse_xml(huge).root) == 5003


def test_rss_feed() -> None:
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>
    <item><title>One</title><link>https://n.example/one-story-here-now</link>
      <pubDate>Mon, 30 Dec 2024 09:15:00 +0000</pubDate><category>Politics</category></item>
    <item><title>No link</title></item>
    <item><guid>https://n.example/guid-only-story-link</guid></item>
    </channel></rss>"""
    entries = parse_feed(rss).entries
    assert [e.url for e in entries] == [
        "https://n.example/one-story-here-now",
        "https://n.example/guid-only-story-link",
    ]
    assert (
        entries[0].published is not None and entries[0].published.isoformat() == "2024-12-30T09:15:00+00:00"
    )
    assert entries[0].keywords == ("Politics",)


def test_atom_feed_prefers_alternate_link() -> None:
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>N</title>
    <entry><title>A</title><link rel="self" href="https://n.example/self"/>
      <link rel="alternate" href="https://n.example/a-story"/>
      <published>2025-01-02T03:04:05Z</published><updated>2025-01-03T00:00:00Z</updated></entry></feed>"""
    (entry,) = parse_feed(atom).entries
    assert entry.url == "https://n.example/a-story"
    assert entry.modified is not None and entry.modified.day == 3


def test_json_feed() -> None:
    feed = {"version": "https://jsonfeed.org/version/1.1", "items": [
        {"id": "1", "url": "https://n.example/j", "date_published": "2025-02-01T00:00:00Z", "tags": ["x"]},
        {"id": "2"},
    ]}  # fmt: skip
    (entry,) = parse_feed(json.dumps(feed).encode()).entries
    assert entry.url == "https://n.example/j" and entry.keywords == ("x",)


def test_broken_feeds_raise_source_error() -> None:
    for data in (b"{not json", b"<html></html>", b"", b'{"items": 3}'):
        with pytest.raises(SourceError):
            parse_feed(data)


def test_sniff_source_kinds() -> None:
    assert sniff_source(NEWS_SITEMAP) is SourceKind.SITEMAP
    assert sniff_source(gzip.compress(NEWS_SITEMAP)) is SourceKind.SITEMAP
    assert sniff_source(b'<?xml version="1.0"?>\n<!-- c --><feed xmlns="x"/>') is SourceKind.FEED
    assert sniff_source(b'{"version": "x", "items": []}', "application/feed+json") is SourceKind.FEED
    assert sniff_source(b"\n\n<!DOCTYPE html>\n<html lang=en>") is SourceKind.HTML
    assert sniff_source(b"\x89PNG\r\n") is SourceKind.UNKNOWN


def test_robots_sitemaps() -> None:
    text = "User-agent: *\nDisallow: /search\nSitemap: https://n.example/s.xml\n# Sitemap: no\nSITEMAP: https://n.example/t.xml"
    assert sitemaps_from_robots(text) == ["https://n.example/s.xml", "https://n.example/t.xml"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://n.example/2025/03/01/strike", True),
        ("https://n.example/world/europe/harbour-strike-ends-after-long-talks", True),
        ("https://n.example/news/article-123456", True),
        ("https://n.example/", False),
        ("https://n.example/world/", False),
        ("https://n.example/tag/harbour-strike-ends-after-talks", False),
        ("https://n.example/video/harbour-strike-ends-after-talks", False),
        ("https://n.example/images/harbour-strike-ends-after-talks.jpg", False),
    ],
)
def test_article_url_shape(url: str, expected: bool) -> None:
    assert looks_like_article_url(url) is expected


def test_links_are_scanned_in_chunks_without_a_tree() -> None:
    from newscrawl.discovery.links import CHUNK_BYTES, scan_links

    filler = "<p>" + "x" * (CHUNK_BYTES - 10) + "</p>"  # puts a link across a chunk boundary
    page = (
        '<html><head><base href="/section/"></head><body>'
        '<a href=" one ">1</a><a href="#top">top</a><a href="mailto:a@n.example">m</a>'
        f'{filler}<a href="https://other.example/x">x</a><area href="two#frag">'
        '<a href="javascript:void(0)">j</a><a>no href</a></body></html>'
    ).encode()
    batches = list(scan_links(page, "https://n.example/page", "utf-8"))
    assert [url for batch in batches for url in batch] == [
        "https://n.example/section/one",
        "https://other.example/x",
        "https://n.example/section/two#frag",
    ]
    assert len(batches) >= 2  # found as the chunks were parsed, not at the end


def test_feed_stream_reads_past_a_broken_item_and_clears_what_it_read() -> None:
    from newscrawl.discovery import read_feed

    items = "".join(
        f"<item><title>T{n} {'& B' if n == 3 else ''}</title><link>https://n.example/s{n}</link></item>"
        for n in range(6)
    )
    stream = read_feed(f"<rss><channel><title>N</title>{items}</channel></rss>".encode())
    urls = []
    for entry in stream.entries():
        urls.append(entry.url)
    assert urls == [f"https://n.example/s{n}" for n in range(6)]  # recovered from the bare "&"
    assert stream.problem is not None and stream.problem.startswith("malformed XML, read in part")
    assert read_feed(b"<rss><channel></channel></rss>").problem is None


def test_sitemap_stream_keeps_memory_bounded_by_clearing_entries() -> None:
    from newscrawl.discovery import read_sitemap

    rows = "".join(f"<url><loc>https://n.example/p{n}</loc></url>" for n in range(20_000))
    stream = read_sitemap(
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'.encode()
    )
    widest = seen = 0
    for element in stream._xml.elements(frozenset({"url"}), depth=1):
        seen += 1
        before = element.getprevious()
        assert before is None or (len(before) == 0 and before.getprevious() is None)  # read ones dropped
        parent = element.getparent()
        widest = max(widest, len(parent) if parent is not None else 0)
    assert seen == 20_000
    assert widest < 2_000  # only the parser's read-ahead is in the tree, never the whole sitemap
