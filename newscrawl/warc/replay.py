"""Re-extraction as a crawl whose downloads come from WARC files, never from the web.

:class:`ReextractSpider` is the crawl spider with archived pages as its only requests: each
page goes through the same page callback, loader, pipelines (validate → dedupe → store),
ledger and run manifest as in a crawl, and no links are followed. :class:`ArchiveReplayMiddleware`
answers every request from the archive and refuses any other request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from newscrawl.discovery.entries import SourceEntry
from newscrawl.export.progress import Progress
from newscrawl.extensions.rejects import send_reject
from newscrawl.items import ArticleItem, Reject
from newscrawl.spiders.base import ArticleCrawlSpider
from newscrawl.warc.reader import ArchivedPage, ReadReport, read_pages

ARCHIVED = "newscrawl_archived"


class ArchiveReplayMiddleware:
    """Downloader middleware: the response of a request is the archived page it carries."""

    def process_request(self, request: scrapy.Request, spider: Any = None) -> Response:
        page: ArchivedPage | None = request.meta.get(ARCHIVED)
        if page is None:
            raise IgnoreRequest(f"{request.url} is not in the archive (re-extraction never fetches)")
        headers = Headers(page.headers)
        cls = responsetypes.from_args(headers=headers, url=page.url, body=page.body)
        return cls(url=page.url, status=page.status, headers=headers, body=page.body, request=request)


def _moment(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _entry(page: ArchivedPage) -> SourceEntry:
    entry = page.entry or {}
    return SourceEntry(
        url=page.url,
        published=_moment(entry.get("published")),
        modified=_moment(entry.get("modified")),
        title=entry.get("title"),
        keywords=tuple(entry.get("keywords") or ()),
    )


def fetch_time(page: ArchivedPage) -> str | None:
    """The page's WARC-Date as a crawl time (UTC, ``+00:00``, to the second)."""
    if not page.date:
        return None
    moment = datetime.fromisoformat(page.date.replace("Z", "+00:00"))
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


class ReextractSpider(ArticleCrawlSpider):
    """Runs today's extraction over archived pages (``newscrawl reextract``)."""

    name = "reextract"
    custom_settings = {
        "ROBOTSTXT_OBEY": False,
        "NEWSCRAWL_WARC": False,  # the pages are archived already
        "DOWNLOADER_MIDDLEWARES": {"newscrawl.warc.replay.ArchiveReplayMiddleware": 1},
        "NEWSCRAWL_ALLOW_PRIVATE_HOSTS": True,  # nothing is connected to
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
    }

    def __init__(
        self, *args: Any, warc_files: list[str] | None = None, progress: Progress | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.warc_files = list(dict.fromkeys(Path(p) for p in warc_files or []))  # each file read once
        self.report = ReadReport()
        self.progress = progress
        self._sites: dict[str, str] = {}

    async def start(self) -> AsyncIterator[Any]:
        for path in self.warc_files:
            for page in read_pages(path, self.report):
                if 300 <= page.status < 400:
                    self.crawler.stats.inc_value("newscrawl/skipped/warc_redirect")
                    continue
                if page.site:
                    self._sites[page.url] = page.site
                if self.progress is not None:
                    self.progress.update(1)
                meta: dict[str, Any] = {ARCHIVED: page, "depth": 1}  # depth 1: a page, not a start
                if page.entry is not None:
                    meta.update(
                        newscrawl_entry=_entry(page), newscrawl_hint=page.entry.get("hint", "sitemap")
                    )
                yield scrapy.Request(
                    page.url, callback=self.parse_page, errback=self.on_error, meta=meta, dont_filter=True
                )
            if str(path) in self.report.problems:
                reason, problem = self.report.problems[str(path)]
                reject = Reject(url=path.resolve().as_uri(), reason=reason, detail=problem, fetched=False)
                send_reject(self.crawler, reject)  # the pages after the cut are lost: say so
        self.crawler.stats.set_value("newscrawl/warc/pages_read", self.report.pages)
        self.crawler.stats.set_value("newscrawl/warc/truncated_files", len(self.report.truncated))

    def site_for(self, url: str) -> str:
        """The site the crawl gave the page (recorded in the WARC), else the usual rule."""
        return self._sites.get(url) or super().site_for(url)

    async def follow_links(self, response: Response) -> AsyncIterator[scrapy.Request]:
        """No links are followed: only archived pages are extracted."""
        return
        yield

    def build_item(
        self, response: Response, fields: dict[str, Any], provenance: dict[str, str]
    ) -> ArticleItem:
        """The crawl's record of the page, with the archive's fetch time as ``crawled_at``."""
        page: ArchivedPage = response.meta[ARCHIVED]
        self.site_timezone = page.timezone
        item = super().build_item(response, fields, provenance)
        item.crawled_at = fetch_time(page) or item.crawled_at
        return item
