"""``NEWSCRAWL_WARC``: append every article page's request and response to rotating WARC files.

Files: ``<data dir>/warc/<run_id>-<n>.warc.gz`` (``<run_id>.<worker_id>-<n>`` for a worker of a
shared run; gzip per record), opened exclusively, so two
processes never share one, and a new one starts when ``NEWSCRAWL_WARC_MAX_SIZE`` is reached.
Each file starts with a ``warcinfo`` record.

Pages are those Scrapy hands to the spider's page callbacks (a homepage, or a URL that may be
an article), after redirects and decompression: the body is the decoded one, so
``Content-Encoding``/``Transfer-Encoding`` are dropped and ``Content-Length`` is the body's.
What the crawl knew about the page besides its response (its site, the sitemap/feed entry
that listed it, the site's time zone) goes into ``Newscrawl-*`` headers of the response
record, so that a re-extraction decides as the crawl did.

Durability, like the JSONL: each page's records reach the file in one ``write``, so a killed
process leaves complete records only (a torn last one is skipped with a warning by the
reader). The file is fsynced when it rotates, when the crawl closes (a new file's directory
entry too) and first thing in every commit of the store, before the ledger records the batch
(``CrawlState.sync_before_commit``): an article is in the ledger only once its page is
durable in the WARC.
"""

from __future__ import annotations

import io
import json
import logging
import os
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.extensions.crawlstate import CrawlState, crawl_state
from newscrawl.storage.jsonl import fsync_directory, make_dirs

logger = logging.getLogger(__name__)
# Spider callbacks that receive pages (everything else is robots.txt, sitemaps, feeds).
PAGE_CALLBACKS = frozenset({"parse_page", "parse_start"})
_DROPPED = {b"content-encoding", b"transfer-encoding", b"content-length"}
SOFTWARE = "newscrawl"


def http_headers(headers: Any) -> list[tuple[str, str]]:
    """Scrapy headers as (name, value) text pairs, without the transfer-level ones."""
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        if name.lower() not in _DROPPED
        for value in values
    ]


def entry_header(meta: dict[str, Any]) -> str | None:
    """The sitemap/feed entry a page came from, as JSON (None when it came from a link)."""
    entry = meta.get("newscrawl_entry")
    if entry is None:
        return None
    return json.dumps(
        {
            "hint": meta.get("newscrawl_hint", "sitemap"),
            "title": entry.title,
            "published": entry.published.isoformat() if entry.published else None,
            "modified": entry.modified.isoformat() if entry.modified else None,
            "keywords": list(entry.keywords),
        },
        ensure_ascii=True,
    )


class WarcFiles:
    """Rotating, exclusively created WARC files of one run."""

    def __init__(self, directory: Path, run_id: str, max_size: int, listing: list[str] | None = None) -> None:
        self.directory, self.run_id = directory, run_id
        self.listing = listing if listing is not None else []
        """Where each new file's path is also appended (the run manifest's list)."""
        self.max_size = max_size
        self.paths: list[Path] = []
        self._fd: int | None = None
        self._size = 0
        self._unsynced = 0
        self._number = 0

    def _open(self) -> None:
        new_dirs = make_dirs(self.directory)
        while True:
            self._number += 1
            path = self.directory / f"{self.run_id}-{self._number:05d}.warc.gz"
            try:
                self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
                break
            except FileExistsError:
                continue
        self.paths.append(path)
        self.listing.append(str(path))
        self._size = 0
        writer = WARCWriter(buffer := io.BytesIO(), gzip=True)
        info = {"software": SOFTWARE, "format": "WARC File Format 1.1", "run-id": self.run_id}
        writer.write_record(writer.create_warcinfo_record(path.name, info))
        self._write(buffer.getvalue())
        for directory in [self.directory, *new_dirs]:
            fsync_directory(directory)

    def _write(self, data: bytes) -> None:
        assert self._fd is not None
        written = os.write(self._fd, data)
        if written != len(data):
            raise OSError(f"short write to {self.paths[-1]}: {written} of {len(data)} bytes")
        self._size += written

    def append(self, data: bytes) -> None:
        """Append one page's records (complete gzip members) in a single write."""
        if self._fd is None:
            self._open()
        self._write(data)
        self._unsynced += 1
        if self._size >= self.max_size:
            self.close()

    def sync(self) -> None:
        """fsync the current file."""
        if self._fd is not None and self._unsynced:
            os.fsync(self._fd)
            self._unsynced = 0

    def close(self) -> None:
        """Sync and close the current file (the next page opens a new one)."""
        if self._fd is not None:
            self.sync()
            os.close(self._fd)
            self._fd = None


class WarcCaptureMiddleware:
    """Downloader middleware: archives the responses of pages (see the module docstring)."""

    def __init__(self, crawler: Crawler, state: CrawlState) -> None:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_WARC"):
            raise NotConfigured  # off by default: no message, so Scrapy logs no warning for it
        run = state.run
        self.crawler = crawler
        self.files = WarcFiles(
            run.data_dir / "warc",
            run.stem,  # <run_id>, or <run_id>.<worker_id> for a worker of a shared run
            max_size=settings.getint("NEWSCRAWL_WARC_MAX_SIZE"),
            listing=run.files.setdefault("warc", []),
        )
        state.sync_before_commit(self.files.sync)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        return cls(crawler, crawl_state(crawler))

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        callback = getattr(request.callback, "__name__", "")
        if callback in PAGE_CALLBACKS and response.status < 500 and response.status != 304:
            try:
                self.files.append(self.records(request, response))
                self.crawler.stats.inc_value("newscrawl/warc/pages")
            except OSError as exc:
                logger.error("Could not archive %s in WARC: %s", response.url, exc)
                self.crawler.stats.inc_value("newscrawl/errors/warc_write")
        return response

    def records(self, request: Request, response: Response) -> bytes:
        """The request and response records of one page, as gzip members."""
        writer = WARCWriter(buffer := io.BytesIO(), gzip=True)
        target = request.url
        path = request.url.split("/", 3)[3] if request.url.count("/") >= 3 else ""
        request_headers = StatusAndHeaders(
            f"{request.method} /{path} HTTP/1.1", http_headers(request.headers), is_http_request=True
        )
        request_record = writer.create_warc_record(
            target,
            "request",
            payload=io.BytesIO(request.body),
            length=len(request.body),
            http_headers=request_headers,
        )
        body = response.body
        status_line = f"{response.status} {_reason(response.status)}"
        headers = StatusAndHeaders(
            status_line, [*http_headers(response.headers), ("Content-Length", str(len(body)))], "HTTP/1.1"
        )
        spider = self.crawler.spider
        site_for = getattr(spider, "site_for", None)
        extra = {"Newscrawl-Site": site_for(response.url) if site_for else None,
                 "Newscrawl-Timezone": getattr(spider, "site_timezone", None),
                 "Newscrawl-Entry": entry_header(request.meta)}  # fmt: skip
        warc_headers = {k: v for k, v in extra.items() if v}
        response_record = writer.create_warc_record(
            response.url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers,
            warc_headers_dict=warc_headers,
        )  # fmt: skip
        response_record.rec_headers.add_header(
            "WARC-Concurrent-To", request_record.rec_headers["WARC-Record-ID"]
        )
        writer.write_record(request_record)
        writer.write_record(response_record)
        return buffer.getvalue()

    def spider_closed(self, spider: Any = None) -> None:
        self.files.close()


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
