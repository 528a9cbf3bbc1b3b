"""Requests travel between workers as JSON: newscrawl's own spider requests survive the trip."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
import scrapy
from scrapy.http import HtmlResponse, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler

import newscrawl.settings
from newscrawl.discovery import SourceEntry
from newscrawl.frontier.codec import (
    UnserializableRequest,
    decode_value,
    encode_value,
    request_from_json,
    request_to_json,
)
from newscrawl.spiders.news import NewsSpider

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://news.example/world/a-1.html</loc><lastmod>2026-11-30T08:00:00+02:00</lastmod>
    <news:news><news:publication><news:name>Ex</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2026-11-29T10:00:00Z</news:publication_date><news:title>First</news:title>
      <news:keywords>one, two</news:keywords></news:news></url>
  <url><loc>https://news.example/world/b-2.html</loc></url>
</urlset>"""
FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Ex</title>
<item><title>Feed story</title><link>https://news.example/politics/c-3.html</link>
<pubDate>Mon, 30 Nov 2026 09:15:00 GMT</pubDate></item></channel></rss>"""
HOME = b"""<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>
<body><a href="/world/a-1.html">a</a><a href="/section/world">w</a></body></html>"""


@pytest.fixture
def spider() -> NewsSpider:
    project = {name: value for name, value in vars(newscrawl.settings).items() if name.isupper()}
    crawler = get_crawler(NewsSpider, {**project, "NEWSCRAWL_LEDGER_ENABLED": False})
    crawler._apply_settings()
    created = NewsSpider.from_crawler(crawler, start_urls="https://news.example/")
    assert isinstance(created, NewsSpider)
    return created


def _collect(outputs: Any) -> list[Any]:
    """Everything an async generator (a start method or a callback) yields."""

    async def collect() -> list[Any]:
        return [output async for output in outputs]

    return asyncio.run(collect())


def _start_requests(spider: NewsSpider) -> list[Any]:
    return _collect(spider.start())


def newscrawl_requests(spider: NewsSpider) -> list[scrapy.Request]:
    """Requests the news spider really makes: start, robots, sitemap and feed entries, links."""
    requests: list[scrapy.Request] = _start_requests(spider)
    sitemap = XmlResponse("https://news.example/sitemap.xml", body=SITEMAP, request=requests[0])
    feed = XmlResponse("https://news.example/feed.xml", body=FEED)
    home = HtmlResponse("https://news.example/", body=HOME, request=requests[-1])
    requests += _collect(spider.parse_sitemap(sitemap))
    requests += _collect(spider.parse_feed(feed))
    requests += _collect(spider.follow_links(home))
    requests += list(spider.feed_links(home))
    return [r for r in requests if isinstance(r, scrapy.Request)]


def test_every_kind_of_newscrawl_request_round_trips(spider: NewsSpider) -> None:
    requests = newscrawl_requests(spider)
    entries = [r for r in requests if "newscrawl_entry" in r.meta]
    assert len(entries) == 3 and {r.callback for r in requests} >= {spider.parse_page, spider.parse_robots}
    for request in requests:
        text = request_to_json(request, spider)
        json.loads(text)  # plain JSON, no pickle anywhere
        back = request_from_json(text, spider)
        assert back.to_dict(spider=spider) == {
            **request.to_dict(spider=spider),
            "meta": {k: v for k, v in request.meta.items() if k != "is_start_request"},
        }
        assert back.callback == request.callback and back.errback == request.errback


def test_a_source_entry_keeps_its_dates_and_keywords(spider: NewsSpider) -> None:
    entry = next(r for r in newscrawl_requests(spider) if r.meta.get("newscrawl_entry"))
    back = request_from_json(request_to_json(entry, spider), spider)
    original: SourceEntry = entry.meta["newscrawl_entry"]
    restored: SourceEntry = back.meta["newscrawl_entry"]
    assert restored == original and restored.newest_date == original.newest_date
    assert isinstance(restored.keywords, tuple) and restored.published is not None
    assert back.priority == entry.priority


def test_tagged_values_decode_to_what_was_encoded() -> None:
    value = {
        "b": b"\x00\xff",
        "t": (1, "x", None),
        "when": datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
        "day": date(2026, 1, 2),
        "odd keys": {b"k": [1], "$dollar": 2},
        "nested": [{"$not-a-tag": True}],
    }
    assert decode_value(json.loads(json.dumps(encode_value(value)))) == value


def test_a_request_that_cannot_travel_is_refused_with_its_reason(spider: NewsSpider) -> None:
    with pytest.raises(UnserializableRequest, match="not an instance method"):
        request_to_json(scrapy.Request("https://news.example/x", callback=lambda r: None), spider)
    with pytest.raises(UnserializableRequest, match=r"\['socket'\] is a object"):
        request_to_json(scrapy.Request("https://news.example/x", meta={"socket": object()}), spider)
    text_response = TextResponse("https://news.example/", body=b"x")
    with pytest.raises(UnserializableRequest, match="TextResponse"):
        request_to_json(scrapy.Request("https://news.example/x", meta={"r": text_response}), spider)
