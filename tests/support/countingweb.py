"""A small local site that counts every request, for the shared-frontier tests.

``/index`` links every page ``/p/<n>``; each page links a few others (so pages are found many
times, by several workers); ``slow`` paths answer after a delay; ``failing`` paths answer 500
until they are allowed again. Served on 127.0.0.1 by a daemon thread, stopped on exit.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A killed worker drops its connections: that is what the tests do, not an error."""


class CountingSite:
    """``with CountingSite(pages=200) as site:`` serves at ``site.origin``; ``site.counts`` counts."""

    def __init__(self, pages: int = 50, *, delay: float = 0.0, articles: bool = False) -> None:
        self.pages = pages
        self.articles = articles
        self.delay = delay
        self.slow: dict[str, float] = {}
        self.failing: set[str] = set()
        self.counts: Counter[str] = Counter()
        self.order: list[str] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._origin = ""

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:PORT`` (still known after the server stopped)."""
        assert self._origin, "the site is not running"
        return self._origin

    def page_paths(self) -> list[str]:
        return [f"/p/{n}" for n in range(self.pages)]

    def body(self, path: str) -> bytes:
        if path == "/index":
            links = self.page_paths()
        elif path.startswith("/p/"):
            n = int(path.rsplit("/", 1)[1])
            links = [f"/p/{(n * 7 + k) % self.pages}" for k in (1, 2, 3)]
        else:
            links = []
        anchors = "".join(f'<a href="{href}">{href}</a>\n' for href in links)
        if self.articles and path.startswith("/p/"):
            return _article(path, anchors).encode()
        if self.articles and path == "/index":
            return _listing(links).encode()
        return (
            f"<html><head><title>{path}</title></head><body><h1>{path}</h1>{anchors}</body></html>".encode()
        )

    def __enter__(self) -> CountingSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                path = self.path
                with site._lock:
                    site.counts[path] += 1
                    site.order.append(path)
                    failing = path in site.failing
                time.sleep(site.slow.get(path, site.delay))
                known = path == "/index" or path in site.page_paths() or path in site.slow
                status = 500 if failing else (200 if known else 404)
                body = site.body(path) if status == 200 else b"no"
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the counts keep what tests need."""

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        host, port = self._server.server_address[:2]
        self._origin = f"http://{host!s}:{port}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        self._server = None


_WORDS = [
    "harbour",
    "council",
    "river",
    "valley",
    "market",
    "school",
    "bridge",
    "station",
    "festival",
    "museum",
    "orchard",
]


def _article(path: str, anchors: str) -> str:
    """A small article page (about 2 KB), its words drawn from the path so no two are alike."""
    n = int(path.rsplit("/", 1)[1])
    paragraphs = "".join(
        "<p>" + " ".join(_WORDS[(n * 31 + k * 7 + i * i) % len(_WORDS)] for i in range(40)) + f" {n}-{k}.</p>"
        for k in range(4)
    )
    return (
        f'<html lang="en"><head><title>Story {n}</title><meta property="og:type" content="article">'
        f'<meta property="article:published_time" content="2025-03-01T10:00:00Z"></head>'
        f"<body><article><h1>Story number {n} of the harbour</h1>{paragraphs}</article>"
        f"<nav>{anchors}</nav></body></html>"
    )


def _listing(links: list[str]) -> str:
    """The index as a listing page: a CollectionPage of story links."""
    items = "".join(
        f'<li><a href="{href}">Story number {href.rsplit("/", 1)[1]} of the harbour</a></li>'
        for href in links
    )
    return (
        '<html lang="en"><head><title>Harbour news</title><script type="application/ld+json">'
        '{"@context": "https://schema.org", "@type": "CollectionPage", "name": "Harbour news"}</script>'
        f"</head><body><h1>Harbour news</h1><ul>{items}</ul></body></html>"
    )
