"""A hostile news site on 127.0.0.1: 15 normal articles and a set of broken or malicious URLs.

Everything is linked from the homepage, the sitemap (declared in a garbage robots.txt) and the
feed, as a careless or hostile web would serve it: a server that drips bytes (slowloris), one
that never answers, connection resets, bodies shorter than their Content-Length, 5xx, 429/503
with ``Retry-After``, redirect chains past the limit and loops, a gzip bomb, billion-laughs
XML, pages declared UTF-8 whose bytes are windows-1252, NUL bytes, 100,000 nested divs, a page
of 200,000 links, a feed of 100,000 items, invalid JSON-LD, binary files served as text/html,
a URL longer than 2,083 characters and 30 MB without a Content-Length.

:data:`tests.support.hostile_pages.CASES` says, for each path, what a correct crawl makes of
it. The server is a real socket server (so it can reset or stall connections); it listens on
loopback only, every slow loop is bounded, and it stops by itself after ``lifetime`` seconds.
"""

from __future__ import annotations

import email.utils
import socket
import socketserver
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from tests.support.hostile_pages import (
    HTML,
    NORMAL,
    REDIRECT_CHAIN,
    RETRY_AFTER_S,
    UNBOUNDED_BYTES,
    binary_body,
    deep_page,
    feed,
    feed_laughs,
    gzip_bomb,
    homepage,
    huge_feed,
    huge_links_page,
    invalid_jsonld_page,
    normal_page,
    normal_path,
    nul_page,
    rate_limited_page,
    robots,
    section_page,
    sitemap,
    truncated_page,
    wrong_charset_page,
)
from tests.support.multisite import entity_bomb


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


# How the tests and the benchmark crawl the site: short timeouts and one retry (the defaults stay
# polite; a stalling page costs a timeout per attempt), the huge link page's links one level
# past DEPTH_LIMIT, the huge feed's items before ``since``.
# Listing pages are read on every run here (NEWSCRAWL_LISTING_REVISIT off): the re-run must meet
# every hostile URL again, not only the listings that are due.
CRAWL_SETTINGS = {
    "NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true",
    "DOWNLOAD_TIMEOUT": "5",
    "RETRY_TIMES": "1",
    "DEPTH_LIMIT": "2",
    "NEWSCRAWL_LISTING_REVISIT": "false",
}


def crawl_arguments(site: HostileSite) -> dict[str, str]:
    return {"start_urls": f"{site.origin}/", "since": "2026-01-01"}
