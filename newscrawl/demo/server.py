"""The bundled demo news site, served over real HTTP on the loopback interface.

``DemoServer`` serves ``newscrawl/demo/site/`` from a daemon thread; run
``python -m newscrawl.demo.server [--port N]`` to serve it in the foreground (the first
line printed is the base URL).
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import signal
import sys
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType, TracebackType
from urllib.parse import unquote, urlsplit

from newscrawl.demo.routes import DEFAULT_CONTENT_TYPES, ROUTES, TEXT_SUFFIXES, Route

logger = logging.getLogger(__name__)

SITE_DIR = Path(__file__).resolve().parent / "site"
"""Directory holding the demo site's files."""

BASE_PLACEHOLDER = b"{{BASE}}"

NOT_FOUND_PAGE = (
    b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Page not found</title></head>'
    b"<body><h1>404 Not Found</h1><p>The page you requested does not exist.</p>"
    b'<p><a href="/">Back to the homepage</a></p></body></html>\n'
)


@dataclass(frozen=True)
class Resolved:
    """A response ready to send: status, headers and body."""

    status: int
    headers: dict[str, str]
    body: bytes


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    demo: DemoServer


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "HarbourLedgerDemo/1.0"
    timeout = 30  # seconds an idle keep-alive connection may hold a thread

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, *, send_body: bool) -> None:
        demo = self.server.demo
        path = urlsplit(self.path).path or "/"
        demo.record_hit(path)
        resolved = demo.resolve(self.path, dict(self.headers.items()))
        self.send_response(resolved.status)
        for name, value in resolved.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body and resolved.body:
            self.wfile.write(resolved.body)

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("%s - %s", self.address_string(), format % args)


class DemoServer:
    """The demo news site on a local port, in a daemon thread.

    >>> with DemoServer() as server:  # doctest: +SKIP
    ...     urlopen(server.base_url + "/robots.txt")
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        site_dir: Path | None = None,
        routes: Mapping[str, Route] | None = None,
    ) -> None:
        self.site_dir = (site_dir or SITE_DIR).resolve()
        self.routes: Mapping[str, Route] = ROUTES if routes is None else routes
        self.hits: Counter[str] = Counter()
        """Requests received per URL path (query string excluded)."""
        self._hits_lock = threading.Lock()
        self._httpd = _HTTPServer((host, port), _Handler)
        self._httpd.demo = self
        self.host = host
        self.port = int(self._httpd.server_address[1])
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="demo-site", daemon=True)
        self._thread.start()
        logger.debug("demo site serving %s at %s", self.site_dir, self.base_url)

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT``, without a trailing slash."""
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        """Absolute URL of a site path such as ``/feed.xml``."""
        return self.base_url + path

    def stop(self) -> None:
        """Stop serving and close the socket (idempotent)."""
        if self._thread.is_alive():
            self._httpd.shutdown()
            self._thread.join(timeout=5)
        self._httpd.server_close()

    def __enter__(self) -> DemoServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def record_hit(self, path: str) -> None:
        """Count one request for ``path``."""
        with self._hits_lock:
            self.hits[path] += 1

    def reset_hits(self) -> None:
        """Forget all counted requests."""
        with self._hits_lock:
            self.hits.clear()

    # -- request resolution (no I/O on sockets: easy to test) -------------------------------

    def resolve(self, raw_path: str, headers: Mapping[str, str]) -> Resolved:
        """Build the response for a request target such as ``/x?utm_source=a``."""
        split = urlsplit(raw_path)
        path = unquote(split.path) or "/"
        file = self._find_file(path)
        if isinstance(file, str):  # a directory requested without its trailing slash
            location = file + (f"?{split.query}" if split.query else "")
            return _simple(HTTPStatus.MOVED_PERMANENTLY, b"", extra={"Location": location})
        if file is None:
            return _simple(HTTPStatus.NOT_FOUND, NOT_FOUND_PAGE)
        route = self.routes.get(path, Route())
        body = file.read_bytes()
        if file.suffix in TEXT_SUFFIXES:
            body = body.replace(BASE_PLACEHOLDER, self.base_url.encode("ascii"))
        if route.truncate_after is not None:
            marker = route.truncate_after.encode("utf-8")
            cut = body.find(marker)
            if cut >= 0:
                body = body[: cut + len(marker)]
        status = route.status or HTTPStatus.OK
        mtime = int(file.stat().st_mtime)
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        headers_out = {
            "Content-Type": route.content_type
            or DEFAULT_CONTENT_TYPES.get(file.suffix, "application/octet-stream"),
            "Last-Modified": formatdate(mtime, usegmt=True),
            "ETag": etag,
            "Cache-Control": "no-cache",
        }
        if status == HTTPStatus.OK and _not_modified(headers, etag, mtime):
            return Resolved(
                HTTPStatus.NOT_MODIFIED, {k: headers_out[k] for k in ("ETag", "Last-Modified")}, b""
            )
        headers_out["Content-Length"] = str(len(body))
        return Resolved(status, headers_out, body)

    def _find_file(self, path: str) -> Path | str | None:
        """The file serving ``path``; a str is a redirect target; None means 404."""
        parts = [p for p in path.split("/") if p]
        if any(p in {".", ".."} or "\\" in p or "\x00" in p for p in parts):
            return None
        candidate = self.site_dir.joinpath(*parts)
        try:
            candidate = candidate.resolve()
        except (OSError, RuntimeError):
            return None
        if not candidate.is_relative_to(self.site_dir):
            return None
        if path.endswith("/") or not parts:
            index = candidate / "index.html"
            return index if index.is_file() else None
        if candidate.is_dir():
            return path + "/" if (candidate / "index.html").is_file() else None
        if candidate.is_file():
            return candidate
        html = candidate.with_name(candidate.name + ".html")
        return html if html.is_file() else None


def _simple(status: int, body: bytes, *, extra: dict[str, str] | None = None) -> Resolved:
    headers = {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body))}
    headers.update(extra or {})
    return Resolved(status, headers, body)


def _not_modified(headers: Mapping[str, str], etag: str, mtime: int) -> bool:
    """RFC 9110 conditional GET: If-None-Match wins over If-Modified-Since."""
    lowered = {k.lower(): v for k, v in headers.items()}
    inm = lowered.get("if-none-match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or etag in tags
    ims = lowered.get("if-modified-since")
    if ims:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError, IndexError):
            return False
        return mtime <= since.timestamp()
    return False


def main(argv: list[str] | None = None) -> int:
    """Serve the demo site in the foreground until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m newscrawl.demo.server", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to bind (default: a free port)")
    args = parser.parse_args(argv)
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    with DemoServer(args.host, args.port) as server:
        print(server.base_url, flush=True)
        print("Serving The Harbour Ledger demo site; Ctrl+C to stop.", file=sys.stderr, flush=True)
        while not stop.wait(0.5):
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
