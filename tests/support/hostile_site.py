"""A hostile news site on 127.0.0.1: 15 normal articles and a set of broken or malicious URLs.

Everything is linked from the homepage, the sitemap (declared in a garbage robots.txt) and the
feed, as a careless or hostile web would serve it: a server that drips bytes (slowloris), one
that never answers, connection resets, bodies shorter than their Content-Length, 5xx, 429/503
with ``Retry-After``, redirect chains past the limit and loops, a gzip bomb, billion-laughs
XML, pages declared UTF-8 whose bytes are windows-1252, NUL bytes, 100,000 nested divs, a page
of 200,000 links, a feed of 100,000 items, invalid JSON-LD, binary files served as text/html,
a URL longer than 2,083 characters and 30 MB without a Content-Length.

:data:`CASES` says, for each path, what a correct crawl makes of it. The server is a real
socket server (so it can reset or stall connections); it listens on loopback only, every slow
loop is bounded, and it stops by itself after ``lifetime`` seconds.
"""

from __future__ import annotations

import email.utils
import random
import socket
import socketserver
import struct
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from tests.support.multisite import entity_bomb
from tests.support.sitegen import Article, FixtureSite, render_article

TITLE = "The Hostile Gazette"
HTML = "text/html; charset=utf-8"
LONG_URL_PATH = "/news/2026/02/17/very-long-url-story-" + "x" * 2100
HUGE_LINKS = 200_000
HUGE_FEED_ITEMS = 100_000
DEEP_DIVS = 100_000
UNBOUNDED_BYTES = 30 * 1024 * 1024
REDIRECT_CHAIN = 25  # Scrapy's REDIRECT_MAX_TIMES is 20
RETRY_AFTER_S = 1


@dataclass(frozen=True)
class Case:
    """What a correct crawl makes of one URL: ``outcome`` is "article", "reject", "non_article"
    or "source"; ``reason`` the reject's reason."""

    outcome: str
    reason: str | None = None


def normal_path(i: int) -> str:
    return f"/news/2026/03/{i:02d}/normal-story-number-{i}"


NORMAL = tuple(normal_path(i) for i in range(1, 16))
HOSTILE: dict[str, Case] = {
    "/news/2026/02/01/slowloris-drip-story": Case("reject", "timeout"),
    "/news/2026/02/02/never-answering-story": Case("reject", "timeout"),
    "/news/2026/02/03/connection-reset-story": Case("reject", "connection_reset"),
    "/news/2026/02/04/truncated-body-story": Case("reject", "truncated"),
    "/news/2026/02/18/truncated-midway-story": Case("reject", "truncated"),
    "/news/2026/02/05/server-error-story": Case("reject", "http_500"),
    "/news/2026/02/19/garbage-status-line-story": Case("reject", "bad_http_response"),
    "/news/2026/02/06/rate-limited-story": Case("article"),  # 429 first, then the page
    "/news/2026/02/07/unavailable-story": Case("reject", "http_503"),  # 503 with a date, always
    "/news/2026/02/08/redirect-chain-story": Case("reject", "redirect_limit"),
    "/news/2026/02/09/redirect-loop-story": Case("reject", "redirect_loop"),
    "/news/2026/02/10/gzip-bomb-story": Case("reject", "decompression_bomb"),
    "/news/2026/02/11/wrong-charset-story": Case("article"),
    "/news/2026/02/12/nul-bytes-story": Case("article"),
    "/news/2026/02/13/deeply-nested-story": Case("article"),
    "/news/2026/02/14/invalid-jsonld-story": Case("article"),
    "/news/2026/02/15/binary-as-html-story": Case("reject", "not_html"),
    "/news/2026/02/16/huge-page-without-length-story": Case("reject", "response_too_large"),
    LONG_URL_PATH: Case("reject", "url_too_long"),
    "/sitemap-laughs.xml": Case("reject", "bad_sitemap"),
    "/feed-laughs.xml": Case("reject", "bad_feed"),
    "/links/huge": Case("non_article"),
    "/feed-huge.xml": Case("source"),
}
CASES: dict[str, Case] = {**{p: Case("article") for p in NORMAL}, **HOSTILE}
WRONG_CHARSET_TEXT = ("Café owners", "Élise Fournier")


_WORDS = tuple(
    [
        "council",
        "residents",
        "harbour",
        "budget",
        "district",
        "school",
        "bridge",
        "market",
        "station",
        "library",
        "ferry",
        "museum",
        "tram",
        "river",
        "park",
        "square",
        "hospital",
        "theatre",
        "stadium",
        "college",
        "airport",
        "factory",
        "village",
        "festival",
        "approved",
        "delayed",
        "welcomed",
        "opposed",
        "reviewed",
        "announced",
        "funded",
        "planned",
        "rebuilt",
        "opened",
        "closed",
        "Monday",
        "Tuesday",
        "spring",
        "autumn",
        "summer",
        "winter",
        "morning",
        "evening",
        "weekly",
        "yearly",
        "local",
        "regional",
    ]
)


def _paragraphs(topic: str, seed: int = 0) -> tuple[str, ...]:
    """Five paragraphs about ``topic``, worded differently for each ``seed`` (no near-duplicates)."""
    rng = random.Random(seed)
    return tuple(
        f"{lead} {topic}: " + " ".join(rng.choice(_WORDS) for _ in range(40)) + "."
        for lead in (
            "The council approved the first phase of",
            "Shop owners on the high street welcomed",
            "Opponents asked for an independent review of",
            "Engineers will publish a detailed survey of",
            "A public meeting will be held in every ward about",
        )
    )


def article(path: str, headline: str, published: str, author: str = "Ann Berry") -> Article:
    return Article(
        url=path,
        headline=headline,
        description=f"What the decision on {headline.lower()} means for residents.",
        author=author,
        section="Local",
        published=published,
        paragraphs=_paragraphs(headline.lower(), seed=sum(map(ord, path))),
    )


SITE = FixtureSite(name="hostile", title=TITLE, language="en", homepage="/")


def render(art: Article) -> str:
    return render_article(SITE, art)


def normal_page(path: str) -> bytes:
    i = int(path.rsplit("-", 1)[1])
    return render(article(path, f"Normal story number {i}", f"2026-03-{i:02d}T09:00:00+00:00")).encode()


def wrong_charset_page() -> bytes:
    """Declared UTF-8 (header and meta), encoded windows-1252."""
    art = Article(
        url="/news/2026/02/11/wrong-charset-story",
        headline="Café owners protest new terrace fees",
        description="Café owners say the fees are too high.",
        author="Élise Fournier",
        section="Local",
        published="2026-02-11T09:00:00+00:00",
        paragraphs=tuple(
            f"{p} Café owners, Élise Fournier reports, were not consulted."
            for p in _paragraphs("the terrace fees", seed=11)
        ),
    )
    return render(art).encode("windows-1252")


def nul_page() -> bytes:
    html = render(
        article("/news/2026/02/12/nul-bytes-story", "Harbour lights stay on", "2026-02-12T09:00:00+00:00")
    )
    return html.replace("<p>", "<p>\x00").replace("harbour", "har\x00bour").encode()


def deep_page() -> bytes:
    """The five paragraphs inside 100,000 nested divs."""
    html = render(
        article(
            "/news/2026/02/13/deeply-nested-story", "Deep valley bridge reopens", "2026-02-13T09:00:00+00:00"
        )
    )
    start, end = html.index('<div class="article-body">'), html.index("</article>")
    return (html[:start] + "<div>" * DEEP_DIVS + html[start:end] + "</div>" * DEEP_DIVS + html[end:]).encode()


def invalid_jsonld_page() -> bytes:
    html = render(
        article(
            "/news/2026/02/14/invalid-jsonld-story", "Market hall roof repaired", "2026-02-14T09:00:00+00:00"
        )
    )
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    return (
        html[:start]
        + '{"@type": "NewsArticle", "headline": "Market hall, "author": [,,]'
        + html[html.index("</script>", start) :]
    ).encode()


def truncated_page() -> bytes:
    path = "/news/2026/02/04/truncated-body-story"
    return render(article(path, "Ferry timetable changes", "2026-02-04T09:00:00+00:00")).encode()


def rate_limited_page() -> bytes:
    return render(
        article(
            "/news/2026/02/06/rate-limited-story", "Tram line extension opens", "2026-02-06T09:00:00+00:00"
        )
    ).encode()


def binary_body() -> bytes:
    """Bytes of a PNG-like binary file (served as text/html)."""
    noise = bytes((i * 7919 + 13) % 256 for i in range(40_000))
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise


def gzip_bomb() -> bytes:
    """64 MB of zeros, gzip-compressed to about 64 KB."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"\x00" * (1024 * 1024)
    return b"".join(compressor.compress(chunk) for _ in range(64)) + compressor.flush()


def feed_laughs() -> bytes:
    entities = ['<!ENTITY lol0 "lollollollollollollollollollol">']
    entities += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n' + "\n".join(entities) + "\n]>\n"
        '<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
        "<link>&lol9;</link></item></channel></rss>\n"
    ).encode()


def huge_links_page() -> bytes:
    links = "".join(f'<li><a href="/archive/p/{i}">Archive page {i}</a></li>' for i in range(HUGE_LINKS))
    return f"<!doctype html><html><head><title>All links</title></head><body><ul>{links}</ul></body></html>".encode()


def huge_feed() -> bytes:
    """100,000 items, all dated 2019 (outside a crawl since 2026-01-01)."""
    items = "".join(
        f"<item><title>Archive story {i}</title><link>{{ORIGIN}}/news/2019/05/01/archive-story-{i}</link>"
        "<pubDate>Wed, 01 May 2019 09:00:00 GMT</pubDate></item>"
        for i in range(HUGE_FEED_ITEMS)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Archive</title>{items}</channel></rss>'.encode()


def linked_paths() -> list[str]:
    """Everything the homepage, the sitemap and the feed list (pages, not sources)."""
    return [
        p for p, case in CASES.items() if case.outcome in ("article", "reject") and not p.endswith(".xml")
    ]


def homepage(origin: str) -> bytes:
    links = "".join(f'<li><a href="{p}">Story {n}</a></li>' for n, p in enumerate(linked_paths()))
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>The Hostile Gazette</title>'
        '<meta property="og:type" content="website">'
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "WebSite", '
        '"name": "The Hostile Gazette"}</script>'
        '<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
        '<link rel="alternate" type="application/rss+xml" href="/feed-laughs.xml">'
        '<link rel="alternate" type="application/rss+xml" href="/feed-huge.xml">'
        f"</head><body><h1>The Hostile Gazette</h1><ul>{links}</ul>"
        '<p><a href="/sections/more">More</a></p></body></html>'
    ).encode()


def section_page() -> bytes:
    return b'<!doctype html><html><head><title>More</title></head><body><a href="/links/huge">All links</a></body></html>'


def sitemap(origin: str) -> bytes:
    urls = "".join(f"<url><loc>{origin}{p}</loc></url>" for p in linked_paths())
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


def feed(origin: str) -> bytes:
    items = "".join(
        f"<item><title>Story {n}</title><link>{origin}{p}</link></item>" for n, p in enumerate(linked_paths())
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{TITLE}</title>{items}</channel></rss>'.encode()


def robots(origin: str) -> bytes:
    """Garbage with one usable Sitemap line (and two for bombs) among it."""
    noise = bytes((i * 131 + 7) % 251 for i in range(3000)).replace(b"\n", b" ")
    return (
        noise[:1000]
        + b"\nUser-agent: *\nDisallow\x00: /nothing\n{{{ not robots }}}\n"
        + f"Sitemap: {origin}/sitemap.xml\nSitemap: {origin}/sitemap-laughs.xml\n".encode()
        + noise[1000:]
        + b"\nCrawl-delay: banana\n"
    )


@dataclass
class HitLog:
    """Every request the server received: (monotonic time, path)."""

    hits: list[tuple[float, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str) -> None:
        with self.lock:
            self.hits.append((time.monotonic(), path))

    def counts(self) -> Counter[str]:
        with self.lock:
            return Counter(p for _, p in self.hits)

    def times(self, path: str) -> list[float]:
        with self.lock:
            return [t for t, p in self.hits if p == path]


class HostileSite:
    """``with HostileSite() as site:`` serves the site at ``site.origin`` until the block ends
    (or ``lifetime`` seconds pass)."""

    def __init__(self, lifetime: float = 600, host: str = "127.0.0.1", only: set[str] | None = None) -> None:
        self.lifetime = lifetime
        self.host = host
        self.only = only  # serve these paths only (404 for the rest): a test of a few cases
        self.log = HitLog()
        self.stopping = threading.Event()
        self._server: socketserver.ThreadingTCPServer | None = None
        self._threads: list[threading.Thread] = []
        self._cache: dict[str, bytes] = {}
        self._cache_lock = threading.Lock()

    @property
    def origin(self) -> str:
        assert self._server is not None, "the hostile site is not running"
        return f"http://{self.host}:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.origin + path

    def cached(self, name: str, build: Any) -> bytes:
        with self._cache_lock:
            if name not in self._cache:
                self._cache[name] = build()
            return self._cache[name]

    # --- the handlers ---------------------------------------------------------------------
    def respond(self, conn: socket.socket, path: str) -> None:
        """Answer one request on ``conn`` (each handler decides how badly)."""
        self.log.add(path)
        origin = self.origin
        send = self._send
        if self.only is not None and path not in self.only:
            send(conn, 404, b"<html><body>Not found</body></html>")
        elif path == "/":
            send(conn, 200, homepage(origin))
        elif path == "/robots.txt":
            send(conn, 200, robots(origin), "text/plain")
        elif path == "/sitemap.xml":
            send(conn, 200, sitemap(origin), "application/xml")
        elif path == "/sitemap-laughs.xml":
            send(conn, 200, entity_bomb(), "application/xml")
        elif path == "/feed.xml":
            send(conn, 200, feed(origin), "application/rss+xml")
        elif path == "/feed-laughs.xml":
            send(conn, 200, feed_laughs(), "application/rss+xml")
        elif path == "/feed-huge.xml":
            body = self.cached("feed-huge", huge_feed).replace(b"{ORIGIN}", origin.encode())
            send(conn, 200, body, "application/rss+xml")
        elif path == "/sections/more":
            send(conn, 200, section_page())
        elif path == "/links/huge":
            send(conn, 200, self.cached("links", huge_links_page))
        elif path in NORMAL:
            send(conn, 200, normal_page(path))
        elif path.startswith("/hop/chain/"):
            n = int(path.rsplit("/", 1)[1])
            send(conn, 302, b"", headers={"Location": f"/hop/chain/{n + 1}"} if n < REDIRECT_CHAIN else {})
        elif path == "/hop/loop-b":
            send(conn, 302, b"", headers={"Location": "/news/2026/02/09/redirect-loop-story"})
        else:
            self.respond_hostile(conn, path)

    def respond_hostile(self, conn: socket.socket, path: str) -> None:
        send = self._send
        slug = path.rsplit("/", 1)[-1]
        if slug == "slowloris-drip-story":
            self._drip(conn)
        elif slug == "never-answering-story":
            self.stopping.wait(60)  # holds the connection open, answers nothing
        elif slug == "connection-reset-story":
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()  # with a zero linger time: a TCP reset, no response at all
        elif slug == "truncated-body-story":  # the whole page, then a Content-Length 3 times as long
            body = truncated_page()
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                + f"Content-Length: {len(body) * 3}\r\nConnection: close\r\n\r\n".encode()
                + body
            )
        elif slug == "truncated-midway-story":
            body = normal_page(normal_path(2))
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                + body[: len(body) // 2]
            )
        elif slug == "garbage-status-line-story":
            conn.sendall(b"HTTX/9.9 banana\r\n\x00\x01\x02 not http at all\r\n\r\n")
        elif slug == "server-error-story":
            send(conn, 500, b"<html><body>Internal error</body></html>")
        elif slug == "rate-limited-story":
            if self.log.counts()[path] == 1:
                send(conn, 429, b"slow down", "text/plain", {"Retry-After": str(RETRY_AFTER_S)})
            else:
                send(conn, 200, rate_limited_page())
        elif slug == "unavailable-story":
            when = email.utils.formatdate(time.time() + RETRY_AFTER_S, usegmt=True)
            send(conn, 503, b"maintenance", "text/plain", {"Retry-After": when})
        elif slug == "redirect-chain-story":
            send(conn, 301, b"", headers={"Location": "/hop/chain/1"})
        elif slug == "redirect-loop-story":
            send(conn, 302, b"", headers={"Location": "/hop/loop-b"})
        elif slug == "gzip-bomb-story":
            send(conn, 200, self.cached("bomb", gzip_bomb), headers={"Content-Encoding": "gzip"})
        elif slug == "wrong-charset-story":
            send(conn, 200, wrong_charset_page())
        elif slug == "nul-bytes-story":
            send(conn, 200, nul_page())
        elif slug == "deeply-nested-story":
            send(conn, 200, self.cached("deep", deep_page))
        elif slug == "invalid-jsonld-story":
            send(conn, 200, invalid_jsonld_page())
        elif slug == "binary-as-html-story":
            send(conn, 200, binary_body())
        elif slug == "huge-page-without-length-story":
            self._unbounded(conn)
        else:
            send(conn, 404, b"<html><body>Not found</body></html>")

    def _send(
        self,
        conn: socket.socket,
        status: int,
        body: bytes,
        ctype: str = HTML,
        headers: dict[str, str] | None = None,
    ) -> None:
        head = [
            f"HTTP/1.1 {status} X",
            f"Content-Type: {ctype}",
            f"Content-Length: {len(body)}",
            "Connection: close",
        ]
        head += [f"{k}: {v}" for k, v in (headers or {}).items()]
        conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)

    def _drip(self, conn: socket.socket) -> None:
        """Headers then a body, one byte every 0.5 s, for at most 60 s."""
        data = (
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html><body>"
            + b"." * 200
        )
        deadline = time.monotonic() + 60
        for byte in data:
            if self.stopping.wait(0.5) or time.monotonic() > deadline:
                return
            conn.sendall(bytes([byte]))

    def _unbounded(self, conn: socket.socket) -> None:
        """30 MB of HTML with no Content-Length (the end is the closed connection)."""
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n\r\n<html><body>"
        )
        chunk = b"<p>" + b"filler text " * 5000 + b"</p>"
        sent = 0
        while sent < UNBOUNDED_BYTES and not self.stopping.is_set():
            conn.sendall(chunk)
            sent += len(chunk)

    # --- the server -----------------------------------------------------------------------
    def __enter__(self) -> HostileSite:
        site = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                conn: socket.socket = self.request
                conn.settimeout(max(1.0, site.lifetime))
                try:
                    request = b""
                    while b"\r\n\r\n" not in request and len(request) < 65536:
                        chunk = conn.recv(4096)
                        if not chunk:
                            return
                        request += chunk
                    line = request.split(b"\r\n", 1)[0].decode("latin-1")
                    parts = line.split(" ")
                    path = parts[1] if len(parts) >= 2 else "/"
                    site.respond(conn, path)
                except OSError:
                    pass  # the client went away (a timeout or a cancelled download)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True
            request_queue_size = 128

        self._server = Server((self.host, 0), Handler)
        serve = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True
        )
        watchdog = threading.Timer(self.lifetime, self.stop)
        watchdog.daemon = True
        self._threads = [serve, watchdog]
        serve.start()
        watchdog.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()
        for thread in self._threads:
            if isinstance(thread, threading.Timer):
                thread.cancel()
            thread.join(timeout=5)
        self._server = None


# How the tests and the benchmark crawl the site: short timeouts (the defaults stay polite), the
# huge link page's links one level past DEPTH_LIMIT, the huge feed's items before ``since``.
CRAWL_SETTINGS = {"NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true", "DOWNLOAD_TIMEOUT": "5", "DEPTH_LIMIT": "2"}


def crawl_arguments(site: HostileSite) -> dict[str, str]:
    return {"start_urls": f"{site.origin}/", "since": "2026-01-01"}
