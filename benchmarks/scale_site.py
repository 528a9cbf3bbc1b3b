"""A generated local news web for ``scale_bench.py``: several sites on loopback addresses.

Each site is served on its own loopback address (``127.0.0.2``, ``127.0.0.3``, …; all of
127.0.0.0/8 is the loopback interface on Linux) by a threaded HTTP server, so Scrapy keeps one
download slot per site, as in a crawl of many sites. A site has a homepage (announcing its RSS
feed), section listings, "about" pages, ``robots.txt`` (naming its sitemap), a sitemap with
``lastmod`` dates, a feed of its latest articles and its share of the N article pages. Article ``k`` of every site
is dated ``k`` days back, so the frontier's "newest first" order takes turns between the sites.
Every article has its own text (seeded pseudo-words), so none is a duplicate or a
near-duplicate of another, and a page layout with navigation, a sidebar and a footer.

Every response can be delayed (``delay`` seconds, like a real site's response time); every
request is counted per URL. The servers are daemon threads stopped on exit, and in any case
after ``lifetime`` seconds.
"""

from __future__ import annotations

import html
import json
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

SECTIONS = ("world", "business", "science", "culture")
ABOUT = ("us", "terms", "privacy")
NEWEST = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
FEED_SIZE = 20
_SYLLABLES = (
    "ka", "lo", "min", "ter", "sa", "ve", "dor", "pri", "nu", "gal", "res",
    "to", "mar", "chi", "fen", "ob", "ul", "ran", "se", "da", "pe", "vi",
)  # fmt: skip
_WORDS = [
    a + b + c for a in _SYLLABLES[:12] for b in _SYLLABLES[6:18] for c in ("", "n", "s", "l")
]  # 576 pseudo-words


def _sentence(rng: random.Random) -> str:
    words = rng.choices(_WORDS, k=rng.randint(9, 22))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 5)))


@dataclass
class SiteStats:
    """What the servers saw: requests per (host, path), and when the first and last came."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    timeline: list[tuple[float, str, str]] = field(default_factory=list)
    first: float | None = None
    last: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hit(self, host: str, path: str) -> None:
        now = time.monotonic()
        with self.lock:
            self.counts[(host, path)] += 1
            self.timeline.append((now, host, path))
            self.first = now if self.first is None else self.first
            self.last = now

    def reset(self) -> None:
        with self.lock:
            self.counts.clear()
            self.timeline.clear()
            self.first = self.last = None


class NewsWeb:
    """``with NewsWeb(pages=600, hosts=8, delay=0.2) as web:`` serves ``web.homepages()``."""

    def __init__(self, pages: int, hosts: int = 8, *, delay: float = 0.0, lifetime: float = 3600.0) -> None:
        if not 1 <= hosts <= 250:
            raise ValueError("hosts must be between 1 and 250 (127.0.0.2 onwards)")
        self.hosts = [f"127.0.0.{2 + n}" for n in range(hosts)]
        self.delay = delay
        self.lifetime = lifetime
        self.stats = SiteStats()
        self.port = 0
        self._servers: list[ThreadingHTTPServer] = []
        self._timer: threading.Timer | None = None
        self._serving = False
        self._rendered: dict[tuple[str, str], tuple[int, str, bytes]] = {}
        # the N pages dealt out in turn: site h gets pages h, h + hosts, ... as its articles 0, 1, ...
        self._articles = {host: list(range(len(range(h, pages, hosts)))) for h, host in enumerate(self.hosts)}

    # --- the pages -----------------------------------------------------------------------
    def origin(self, host: str) -> str:
        return f"http://{host}:{self.port}"

    def homepages(self) -> list[str]:
        return [self.origin(host) + "/" for host in self.hosts]

    def article_path(self, k: int) -> str:
        day = NEWEST - timedelta(days=k)
        return f"/{SECTIONS[k % len(SECTIONS)]}/{day:%Y/%m/%d}/story-{k:05d}-report"

    def page_paths(self, host: str) -> list[str]:
        """Every page of one site (robots.txt aside)."""
        fixed = ["/", "/sitemap.xml", "/feed.xml", *(f"/section/{s}/" for s in SECTIONS)]
        fixed += [f"/about/{n}" for n in ABOUT]
        return fixed + [self.article_path(k) for k in self._articles[host]]

    def all_pages(self) -> set[tuple[str, str]]:
        return {(host, path) for host in self.hosts for path in self.page_paths(host)}

    @property
    def article_count(self) -> int:
        return sum(len(ks) for ks in self._articles.values())

    def _chrome(self, host: str, title: str, body: str, head: str = "") -> str:
        nav = "".join(f'<li><a href="/section/{s}/">{s.title()}</a></li>' for s in SECTIONS)
        footer = "".join(f'<li><a href="/about/{n}">About {n}</a></li>' for n in ABOUT)
        return (
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<meta name="viewport" content="width=device-width">{head}</head><body>'
            f'<header><a class="logo" href="/">The {host} Courier</a><nav><ul>{nav}</ul></nav></header>'
            f"{body}<footer><ul>{footer}</ul><p>© The {host} Courier</p></footer></body></html>"
        )

    def article(self, host: str, k: int) -> str:
        rng = random.Random(f"{host}/{k}")
        headline = " ".join(rng.choices(_WORDS, k=7)).capitalize()
        author = f"{rng.choice(_WORDS).title()} {rng.choice(_WORDS).title()}"
        published = (NEWEST - timedelta(days=k)).isoformat()
        url = self.origin(host) + self.article_path(k)
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": headline,
            "datePublished": published,
            "author": [{"@type": "Person", "name": author}],
            "publisher": {"@type": "Organization", "name": f"The {host} Courier"},
            "mainEntityOfPage": url,
        }
        head = (
            f'<link rel="canonical" href="{url}"><meta property="og:type" content="article">'
            f'<meta property="og:title" content="{html.escape(headline)}"><meta property="og:url" content="{url}">'
            f'<meta property="article:published_time" content="{published}">'
            f'<script type="application/ld+json">{json.dumps(data)}</script>'
        )
        paragraphs = "".join(f"<p>{_paragraph(rng)}</p>" for _ in range(rng.randint(8, 12)))
        others = [j for j in (k - 2, k - 1, k + 1, k + 2) if 0 <= j < len(self._articles[host])]
        related = "".join(f'<li><a href="{self.article_path(j)}">Story {j}</a></li>' for j in others)
        body = (
            f'<main><article><h1>{html.escape(headline)}</h1><p class="byline">By {author}</p>'
            f'<time datetime="{published}">{published[:10]}</time><div class="article-body">{paragraphs}</div>'
            f"</article><aside><h2>Most read</h2><ul>{related}</ul></aside></main>"
        )
        return self._chrome(host, headline, body, head)

    def listing(self, host: str, section: str | None) -> str:
        ks = [k for k in self._articles[host] if section is None or SECTIONS[k % len(SECTIONS)] == section]
        if section is None:
            ks = ks[:FEED_SIZE]
        items = "".join(f'<li><a href="{self.article_path(k)}">Story {k} of {host}</a></li>' for k in ks)
        title = (section or "home").title()
        head = '<link rel="alternate" type="application/rss+xml" href="/feed.xml">' if section is None else ""
        return self._chrome(host, title, f"<main><h1>{title}</h1><ul>{items}</ul></main>", head)

    def sitemap(self, host: str) -> str:
        entries = "".join(
            f"<url><loc>{self.origin(host)}{self.article_path(k)}</loc>"
            f"<lastmod>{(NEWEST - timedelta(days=k)).isoformat()}</lastmod></url>"
            for k in self._articles[host]
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
        )

    def feed(self, host: str) -> str:
        items = "".join(
            f"<item><title>Story {k}</title><link>{self.origin(host)}{self.article_path(k)}</link>"
            f"<pubDate>{(NEWEST - timedelta(days=k)):%a, %d %b %Y %H:%M:%S} +0000</pubDate></item>"
            for k in self._articles[host][:FEED_SIZE]
        )
        return (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>{host}</title>{items}</channel></rss>'
        )

    def respond(self, host: str, path: str) -> tuple[int, str, str]:
        """(status, content type, body) of one request."""
        if path == "/robots.txt":
            return 200, "text/plain", f"User-agent: *\nAllow: /\nSitemap: {self.origin(host)}/sitemap.xml\n"
        if path == "/sitemap.xml":
            return 200, "application/xml", self.sitemap(host)
        if path == "/feed.xml":
            return 200, "application/rss+xml", self.feed(host)
        if path == "/":
            return 200, "text/html; charset=utf-8", self.listing(host, None)
        for name in ABOUT:
            if path == f"/about/{name}":
                text = (
                    f"<main><h1>About {name}</h1><p>The {host} Courier is a fictional newspaper.</p></main>"
                )
                return 200, "text/html; charset=utf-8", self._chrome(host, f"About {name}", text)
        for section in SECTIONS:
            if path == f"/section/{section}/":
                return 200, "text/html; charset=utf-8", self.listing(host, section)
        if path.endswith("-report") and "/story-" in path:
            k = int(path.rsplit("/story-", 1)[1].split("-", 1)[0])
            if k in range(len(self._articles[host])) and path == self.article_path(k):
                return 200, "text/html; charset=utf-8", self.article(host, k)
        return 404, "text/plain", "not found"

    def response(self, host: str, path: str) -> tuple[int, str, bytes]:
        """The response to one request: rendered before serving for every page of the web."""
        found = self._rendered.get((host, path))
        if found is None:
            status, ctype, text = self.respond(host, path)
            found = (status, ctype, text.encode("utf-8"))
        return found

    # --- serving -------------------------------------------------------------------------
    def __enter__(self) -> NewsWeb:
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                address: Any = self.server.server_address
                host = str(address[0])
                web.stats.hit(host, self.path)
                if web.delay:
                    time.sleep(web.delay)
                status, ctype, body = web.response(host, self.path)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the counts are what the benchmark reads."""

        for _attempt in range(20):
            try:
                self._bind(Handler)
                break
            except OSError:  # the port chosen on the first address is taken on another one
                self._close()
        else:
            raise RuntimeError("could not bind one port on every loopback address")
        for host, path in [*self.all_pages(), *((host, "/robots.txt") for host in self.hosts)]:
            status, ctype, text = self.respond(host, path)  # the server's CPU goes to serving only
            self._rendered[(host, path)] = (status, ctype, text.encode("utf-8"))
        for server in self._servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()
        self._serving = True
        self._timer = threading.Timer(self.lifetime, self._close)
        self._timer.daemon = True
        self._timer.start()
        return self

    def _bind(self, handler: type[BaseHTTPRequestHandler]) -> None:
        first = ThreadingHTTPServer((self.hosts[0], 0), handler)
        self._servers = [first]
        self.port = int(first.server_address[1])
        for host in self.hosts[1:]:
            self._servers.append(ThreadingHTTPServer((host, self.port), handler))
        for server in self._servers:
            server.daemon_threads = True

    def _close(self) -> None:
        servers, self._servers = self._servers, []
        serving, self._serving = self._serving, False
        for server in servers:
            if serving:
                server.shutdown()
            server.server_close()

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._close()
