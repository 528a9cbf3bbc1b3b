"""Downloads that end early, named precisely.

- **Too large while streaming**: Scrapy's HTTP handler cancels a download once more than
  ``DOWNLOAD_MAXSIZE`` bytes arrived (a response without Content-Length), and the request
  fails with an empty ``DownloadCancelledError``. This middleware counts the bytes each
  download received (the ``bytes_received`` signal) and turns that cancellation into
  :class:`~newscrawl.middlewares.refused.ResponseTooLarge` (not retried: it would be as large
  again).
- **Truncated bodies**: with ``NEWSCRAWL_KEEP_TRUNCATED_PAGES`` a response that lost data
  (fewer bytes than its Content-Length) reaches the spider flagged ``dataloss`` instead of
  failing; the spider keeps it only when it looks complete (see
  :func:`newscrawl.spiders.pages.looks_complete`).
"""

from __future__ import annotations

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadCancelledError
from scrapy.http import Response

from newscrawl.middlewares.refused import ResponseTooLarge


class DownloadLimitsMiddleware:
    """Downloader middleware (after ``RetryMiddleware``): names downloads cut at the size limit;
    lets truncated responses through when ``NEWSCRAWL_KEEP_TRUNCATED_PAGES`` is set."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.maxsize = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        self.keep_truncated = crawler.settings.getbool("NEWSCRAWL_KEEP_TRUNCATED_PAGES")
        self.received: dict[str, int] = {}  # bytes so far, by URL, of downloads in flight

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DownloadLimitsMiddleware:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.bytes_received, signal=signals.bytes_received)
        return middleware

    def bytes_received(self, data: bytes, request: Request, **_: object) -> None:
        self.received[request.url] = self.received.get(request.url, 0) + len(data)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if self.keep_truncated:
            request.meta.setdefault("download_fail_on_dataloss", False)
        self.received.pop(request.url, None)
        return None

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        self.received.pop(request.url, None)
        return response

    def process_exception(self, request: Request, exception: Exception, spider: Spider | None = None) -> None:
        received = self.received.pop(request.url, 0)
        limit = int(request.meta.get("download_maxsize", self.maxsize) or 0)
        if isinstance(exception, DownloadCancelledError) and limit and received > limit:
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("newscrawl/downloads/too_large_while_streaming")
            raise ResponseTooLarge(
                f"{received} bytes received, more than DOWNLOAD_MAXSIZE ({limit}), "
                "with no Content-Length announcing it; download cancelled"
            ) from exception
        return None
