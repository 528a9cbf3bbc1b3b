"""A local HTTP server that serves fixture sites by the ``X-Original-Host`` header.

A fixture site is a directory ``<root>/<host>/`` holding its files and a
``_routes.json`` that maps each ``path?query`` the site answers to a file, a
content type, and optionally a status and extra headers. Unknown paths get 404.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from tests.support.localweb import ORIGINAL_HOST_HEADER

ROUTES_FILE = "_routes.json"


@dataclass
class RequestLog:
    """Every (host, path) the server was asked for, in order."""

    entries: list[tuple[str, str]] = field(default_factory=list)
    times: list[float] = field(default_factory=list)  # when each entry came (time.monotonic)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, host: str, path: str) -> None:
        with self.lock:
            self.entries.append((host, path))
            self.times.append(time.monotonic())

    def paths(self, host: str) -> list[str]:
        """The paths requested from ``host``."""
        with self.lock:
            return [p for h, p in self.entries if h == host]


def load_routes(site_dir: Path) -> dict[str, dict[str, Any]]:
    """A site's routes (empty when it has none)."""
    path = site_dir / ROUTES_FILE
    if not path.is_file():
        return {}
    routes: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return routes


class FixtureWeb:
    """``with FixtureWeb(root) as web:`` serves every site under ``root`` at ``web.origin``."""

    def __init__(self, root: Path, delay: float = 0.0) -> None:
        self.root = Path(root)
        self.delay = delay  # seconds each answer waits (a slower site, for tests that kill a worker)
        self.log = RequestLog()
        # path prefix -> (status, headers) answered, without a body, to the first request under it
        self.first_answers: dict[str, tuple[int, dict[str, str]]] = {}
        self._routes: dict[str, dict[str, dict[str, Any]]] = {}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:PORT`` of the running server."""
        assert self._server is not None, "the fixture server is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def routes(self, host: str) -> dict[str, dict[str, Any]]:
        """The routes of ``host`` (read once)."""
        if host not in self._routes:
            self._routes[host] = load_routes(self.root / host)
        return self._routes[host]

    def __enter__(self) -> FixtureWeb:
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                host = (self.headers.get(ORIGINAL_HOST_HEADER) or "").lower()
                web.log.add(host, self.path)
                if web.delay:
                    time.sleep(web.delay)
                prefix = next((p for p in list(web.first_answers) if self.path.startswith(p)), "")
                first = web.first_answers.pop(prefix, None) if prefix else None  # once, across threads
                if first is not None:
                    self._send(first[0], b"", first[1])
                    return
                route = web.routes(host).get(self.path)
                if route is None:
                    self._send(404, b"not found", {"Content-Type": "text/plain"})
                    return
                body = (web.root / host / route["file"]).read_bytes() if route.get("file") else b""
                headers = {"Content-Type": route.get("type", "text/html; charset=utf-8")}
                headers.update(route.get("headers", {}))
                self._send(int(route.get("status", 200)), body, headers)

            def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the request log keeps what tests need."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None
