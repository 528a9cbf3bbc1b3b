"""A generated news site with many topic (listing) pages, served over loopback HTTP.

The homepage links to ``topics`` topic pages; each topic page links to a few articles; an
optional sitemap lists the articles. Pages are rendered on request with
:mod:`tests.support.sitegen` from a model the test may change between crawls (add an article to
a topic), and the server counts the requests of each path. The server thread is a daemon and
stops by itself after ``lifetime`` seconds.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from tests.support.sitegen import (
    Article,
    FixtureSite,
    OtherPage,
    Source,
    render_article,
    render_homepage,
    render_other,
    render_sitemap,
)

PARAGRAPH = (
    "The harbour council met on {day} to discuss story {n}, and members said the plan would change"
    " how the district's ferries, buses and trains share the waterfront over the next decade. Local"
    " traders asked for a clear timetable, while residents wanted more room for walking and cycling"
    " along the quay, and the mayor promised a public consultation before any contract is signed."
)


def topic_path(k: int) -> str:
    return f"/topics/topic-{k}/"


def article_path(n: int) -> str:
    return f"/news/2026/03/{1 + n % 28:02d}/harbour-story-{n}.html"


@dataclass
class ListingSite:
    """The site model: ``links[k]`` are the article numbers topic ``k`` links to."""

    topics: int
    links: dict[int, list[int]]
    in_sitemap: set[int] = field(default_factory=set)
    hits: Counter[str] = field(default_factory=Counter)
    lifetime: float = 600.0

    def __post_init__(self) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._lock = threading.Lock()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def articles(self) -> set[int]:
        return {n for numbers in self.links.values() for n in numbers}

    def topic_hits(self) -> int:
        """How many topic-page requests the server answered."""
        with self._lock:
            return sum(hits for path, hits in self.hits.items() if path.startswith("/topics/"))

    def reset_hits(self) -> None:
        with self._lock:
            self.hits.clear()

    # --- rendering ------------------------------------------------------------------------
    def _fixture(self) -> FixtureSite:
        base = self.base_url
        return FixtureSite(
            name="harbour",
            title="Harbour Times",
            language="en",
            homepage=base + "/",
            homepage_links=tuple(base + topic_path(k) for k in range(self.topics)),
        )

    def _article(self, n: int) -> Article:
        day = f"2026-03-{1 + n % 28:02d}"
        return Article(
            url=self.base_url + article_path(n),
            headline=f"Harbour council weighs waterfront plan, story {n}",
            description=f"Story {n} about the waterfront plan.",
            author="Ana Reyes",
            section="Local",
            published=f"{day}T08:00:00+00:00",
            paragraphs=tuple(PARAGRAPH.format(day=day, n=f"{n}-{i}") for i in range(3)),
        )

    def render(self, path: str) -> tuple[bytes, str] | None:
        site, base = self._fixture(), self.base_url
        if path == "/":
            return render_homepage(site).encode(), "text/html; charset=utf-8"
        if path == "/robots.txt":
            sitemap = f"Sitemap: {base}/sitemap.xml\n" if self.in_sitemap else ""
            return f"User-agent: *\nAllow: /\n{sitemap}".encode(), "text/plain"
        if path == "/sitemap.xml" and self.in_sitemap:
            source = Source(
                base + "/sitemap.xml",
                "sitemap",
                tuple(base + article_path(n) for n in sorted(self.in_sitemap)),
            )
            site.articles = tuple(self._article(n) for n in sorted(self.in_sitemap))
            return render_sitemap(site, source).encode(), "application/xml"
        for k in range(self.topics):
            if path == topic_path(k):
                links = tuple(base + article_path(n) for n in self.links.get(k, ()))
                page = OtherPage(base + path, "tag", f"Topic {k}", f"Stories about topic {k}.", links)
                return render_other(site, page).encode(), "text/html; charset=utf-8"
        for n in self.articles():
            if path == article_path(n):
                return render_article(site, self._article(n)).encode(), "text/html; charset=utf-8"
        return None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                with site._lock:
                    site.hits[path] += 1
                found = site.render(path)
                body, ctype = found if found is not None else (b"not found", "text/plain")
                self.send_response(200 if found is not None else 404)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler

    # --- lifetime -------------------------------------------------------------------------
    def __enter__(self) -> ListingSite:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self._timer = threading.Timer(self.lifetime, self._server.shutdown)
        self._timer.daemon = True
        self._timer.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._timer.cancel()
        self._server.shutdown()
        self._server.server_close()
