"""A loopback site with oversized discovery sources: a page of many links and a huge feed.

``with BigSourcesSite(links=200_000, feed_items=100_000) as site:`` serves, at ``site.origin``:

- ``/``: a homepage announcing ``/feed.xml`` and linking to ``/archive/all`` and a few articles;
- ``/archive/all``: a listing page with ``links`` distinct on-site article links;
- ``/feed.xml``: an RSS feed of ``feed_items`` dated items (an hour apart, newest first);
- ``/sitemap.xml`` (listed in robots.txt when ``sitemap_urls`` > 0): a sitemap of that many URLs;
- any ``/news/…``, ``/stories/…`` or ``/map/…`` path: a small article page of its own;
- anything else: 404.

The big documents are built once, when the server starts. The server listens on 127.0.0.1 only,
answers from daemon threads, and shuts itself down after ``lifetime`` seconds at the latest.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

HOMEPAGE_ARTICLES = 3
_NEWEST = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def link_page(count: int) -> bytes:
    """An HTML listing page with ``count`` distinct relative article links."""
    rows = "\n".join(
        f'<li><a href="/news/linked-story-number-{i}-of-the-day">Story {i}</a></li>' for i in range(count)
    )
    return (
        "<!doctype html><html><head><title>Everything we ever published</title>"
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "CollectionPage",'
        ' "name": "All stories"}</script></head><body>'
        f"<h1>All stories</h1><ul>\n{rows}\n</ul></body></html>"
    ).encode()


def feed(origin: str, count: int) -> bytes:
    """An RSS 2.0 feed of ``count`` items, each an hour older than the one before."""
    items = []
    for i in range(count):
        day = _NEWEST - timedelta(hours=i)
        items.append(
            f"<item><title>Feed story {i}</title><link>{origin}/stories/story-from-the-feed-number-{i}</link>"
            f"<pubDate>{format_datetime(day)}</pubDate></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Big feed</title>'
        f"<link>{origin}/</link>{''.join(items)}</channel></rss>"
    ).encode()


def sitemap(origin: str, count: int) -> bytes:
    """A sitemap of ``count`` URLs with lastmod dates."""
    rows = "".join(
        f"<url><loc>{origin}/map/story-listed-in-the-sitemap-{i}</loc>"
        f"<lastmod>{(_NEWEST - timedelta(hours=i)).isoformat()}</lastmod></url>"
        for i in range(count)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'
    ).encode()


def homepage() -> bytes:
    articles = "".join(
        f'<li><a href="/news/homepage-story-number-{i}-of-the-day">Home story {i}</a></li>'
        for i in range(HOMEPAGE_ARTICLES)
    )
    return (
        '<!doctype html><html><head><title>Big Sources News</title><link rel="alternate"'
        ' type="application/rss+xml" href="/feed.xml"></head><body><h1>Big Sources News</h1>'
        f'<ul>{articles}</ul><p><a href="/archive/all">All stories</a></p></body></html>'
    ).encode()


def article(path: str) -> bytes:
    """A small article page for ``path`` (its headline names the path)."""
    slug = path.rstrip("/").rsplit("/", 1)[-1]
    words = " ".join(f"Paragraph words about {slug.replace('-', ' ')} number {n}." for n in range(12))
    return (
        f"<!doctype html><html lang='en'><head><title>{slug}</title>"
        f'<meta property="og:title" content="Story {slug}">'
        '<meta property="article:published_time" content="2026-11-29T10:00:00Z">'
        f"</head><body><article><h1>Story {slug}</h1><p>{words}</p><p>{words}</p></article>"
        "</body></html>"
    ).encode()


class BigSourcesSite:
    """The site, served on 127.0.0.1 while the ``with`` block runs (see the module docstring)."""

    def __init__(
        self, *, links: int = 200_000, feed_items: int = 100_000, sitemap_urls: int = 0, lifetime: float = 600
    ) -> None:
        self.links, self.feed_items, self.sitemap_urls, self.lifetime = (
            links,
            feed_items,
            sitemap_urls,
            lifetime,
        )
        self.hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._documents: dict[str, tuple[bytes, str]] = {}
        self._server: ThreadingHTTPServer | None = None
        self._timer: threading.Timer | None = None

    @property
    def origin(self) -> str:
        assert self._server is not None, "the site is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def _build(self) -> None:
        robots = "User-agent: *\nAllow: /\n"
        if self.sitemap_urls:
            robots += f"Sitemap: {self.origin}/sitemap.xml\n"
            self._documents["/sitemap.xml"] = (sitemap(self.origin, self.sitemap_urls), "application/xml")
        self._documents["/robots.txt"] = (robots.encode(), "text/plain")
        self._documents["/"] = (homepage(), "text/html; charset=utf-8")
        self._documents["/archive/all"] = (link_page(self.links), "text/html; charset=utf-8")
        self._documents["/feed.xml"] = (feed(self.origin, self.feed_items), "application/rss+xml")

    def answer(self, path: str) -> tuple[int, bytes, str]:
        """(status, body, content type) for ``path``."""
        with self._lock:
            self.hits[path] += 1
        if path in self._documents:
            body, kind = self._documents[path]
            return 200, body, kind
        if path.startswith(("/news/", "/stories/", "/map/")):
            return 200, article(path), "text/html; charset=utf-8"
        return 404, b"not found", "text/plain"

    def __enter__(self) -> BigSourcesSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                status, body, kind = site.answer(self.path.split("?", 1)[0])
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: ``hits`` keeps what tests need."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._build()
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self._timer = threading.Timer(self.lifetime, self._server.shutdown)
        self._timer.daemon = True
        self._timer.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        self._server = self._timer = None
