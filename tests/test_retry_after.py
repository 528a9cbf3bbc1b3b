"""Retry-After on 429 and 503: parsed (seconds or an HTTP date), capped, and honoured per domain
in a real crawl against servers that record when each request arrived."""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from newscrawl.middlewares.retryafter import parse_retry_after
from tests.crawling import run_crawl
from tests.support.hostile_pages import article, render

# Log lines carry their epoch time: the test compares them with the servers' clocks.
ALLOWED = {
    "NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true",
    "LOG_FORMAT": "%(created)f [%(name)s] %(levelname)s: %(message)s",
}
LIMITED = "/news/2026/03/01/limited-story-number-one"


def test_parse_retry_after_seconds_and_dates() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(" 7 ") == 7.0
    now = time.time()
    assert parse_retry_after(email.utils.formatdate(now + 30, usegmt=True), now=now) == pytest.approx(
        30, abs=1
    )
    assert parse_retry_after(email.utils.formatdate(now - 30, usegmt=True), now=now) == 0.0
    assert parse_retry_after("tomorrow") is None
    assert parse_retry_after("-5") is None


@dataclass
class Recorded:
    """Requests one server received: (wall-clock time, path)."""

    hits: list[tuple[float, str]] = field(default_factory=list)

    def times(self, path: str | None = None) -> list[float]:
        return [t for t, p in self.hits if path is None or p == path]


@contextmanager
def news_server(
    host: str, paths: list[str], answer: dict[str, Any], chain: int = 0
) -> Iterator[tuple[str, Recorded]]:
    """A server on ``host`` with a homepage linking ``paths`` and the first of ``chain`` listing
    pages, each linking the next (so the crawl asks for them one after another, each answered
    after 0.3 s); ``answer[path]`` is (status, Retry-After) for the first request of that path."""
    recorded = Recorded()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with lock:
                first = self.path not in {p for _, p in recorded.hits}
                recorded.hits.append((time.time(), self.path))
            if self.path == "/" or self.path.startswith("/list/"):
                n = int(self.path.rsplit("/", 1)[1]) if self.path != "/" else 0
                time.sleep(0.3 if n else 0)
                shown = (paths if n == 0 else []) + ([f"/list/{n + 1}"] if n < chain else [])
                links = "".join(f'<a href="{p}">story</a>' for p in shown)
                body, status, headers = (
                    f'<html><head><meta property="og:type" content="website"></head><body>{links}</body></html>',
                    200,
                    {},
                )
            elif self.path in paths:
                status, retry_after = answer.get(self.path, (200, None)) if first else (200, None)
                headers = {"Retry-After": retry_after} if retry_after else {}
                body = (
                    render(
                        article(
                            self.path, f"Story at {self.path.rsplit('/', 1)[1]}", "2026-03-01T09:00:00+00:00"
                        )
                    )
                    if status == 200
                    else "busy"
                )
            else:
                body, status, headers = "not found", 404, {}
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    stopper = threading.Timer(120, server.shutdown)  # stops by itself whatever happens
    stopper.daemon = True
    thread.start()
    stopper.start()
    try:
        yield f"http://{host}:{server.server_address[1]}", recorded
    finally:
        stopper.cancel()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def pause_started(log: str) -> float:
    """When the crawl paused the domain (the epoch time of its log line)."""
    line = next(line for line in log.splitlines() if "pausing its domain" in line)
    return float(line.split(" ", 1)[0])


def story(n: int) -> str:
    return f"/news/2026/03/01/limited-story-number-{n}" if n > 1 else LIMITED


def test_429_pauses_its_domain_only_and_the_retry_waits(tmp_path: Path) -> None:
    paths = [story(n) for n in range(1, 5)]
    others = [f"/news/2026/03/02/patient-story-number-{n}" for n in range(1, 7)]
    with (
        news_server("127.0.0.1", paths, {LIMITED: (429, "2")}, chain=20) as (busy_url, busy),
        news_server("127.0.0.2", others, {}, chain=20) as (calm_url, calm),
    ):
        result = run_crawl(
            "news",
            tmp_path / "data",
            arguments={"start_urls": f"{busy_url}/,{calm_url}/"},
            settings={**ALLOWED, "DEPTH_LIMIT": "0"},
        )
    paused_at = pause_started(result.log)
    first, retry = busy.times(LIMITED)[:2]
    assert retry - first >= 1.9 and retry - paused_at >= 1.9, "the retry waited for Retry-After"
    # Requests already on their way when the crawl read the 429 may still arrive; the listing
    # chain (one page at a time, 0.3 s each) stops for the pause, then goes on.
    during = [p for t, p in busy.hits if paused_at + 0.1 < t < paused_at + 1.9]
    assert len([p for p in during if p.startswith("/list/")]) <= 1, "the busy domain's chain paused"
    assert set(during) <= {*paths, *(p for p in during if p.startswith("/list/"))}
    assert any(t >= paused_at + 1.9 for t in busy.times("/list/20")), "its listing pages went on after"
    assert any(paused_at < t < paused_at + 1.9 for t in calm.times()), "the other domain went on meanwhile"
    assert len(result.records) == len(paths) + len(others)
    assert {p for _, p in calm.hits} >= {f"/list/{n}" for n in range(1, 21)}
    assert result.manifest["counts"]["retry_after"]["honoured"] == 1


def test_503_with_an_http_date_and_the_cap(tmp_path: Path) -> None:
    date = email.utils.formatdate(time.time() + 3, usegmt=True)
    answers = {story(1): (503, date), story(2): (429, "3600")}
    with news_server("127.0.0.1", [story(1), story(2)], answers) as (url, recorded):
        result = run_crawl(
            "news",
            tmp_path / "data",
            arguments={"start_urls": f"{url}/"},
            settings={
                **ALLOWED,
                "NEWSCRAWL_RETRY_AFTER_MAX": "4",
                "AUTOTHROTTLE_ENABLED": "true",
                "AUTOTHROTTLE_START_DELAY": "0.1",
            },
        )
    dated = recorded.times(story(1))
    assert dated[1] - dated[0] >= 1.5  # the date was 3 s ahead, to the second
    capped = recorded.times(story(2))
    assert 3.5 <= capped[1] - capped[0] < 30, "an hour asked, the cap (4 s) honoured"
    assert result.manifest["counts"]["retry_after"]["capped"] == 1
    assert result.manifest["counts"]["retry_after"]["backoff_delay_s"] >= 1  # AutoThrottle backed off
    assert len(result.records) == 2
