"""A test-only Scrapy download handler that sends every request to one local HTTP server.

Site profiles name real hosts over https. In tests, this handler (enabled with
``-s DOWNLOAD_HANDLERS='{"http": "tests.support.localweb.LocalWebDownloadHandler", "https": ...}'``
and ``-s LOCALWEB_ORIGIN=http://127.0.0.1:PORT``) sends each request over real HTTP
to that origin, with the original host in ``X-Original-Host`` and the original
path and query unchanged, and gives the spider the response under the original URL.
Everything else (middlewares, robots.txt, redirects, size limits) is Scrapy's own.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

ORIGINAL_HOST_HEADER = "X-Original-Host"
ORIGINAL_SCHEME_HEADER = "X-Original-Scheme"
HANDLER_PATH = "tests.support.localweb.LocalWebDownloadHandler"


def local_url(origin: str, url: str) -> str:
    """The URL on the local server that stands in for ``url``.

    >>> local_url("http://127.0.0.1:8000", "https://www.example.org/a/b?x=1#top")
    'http://127.0.0.1:8000/a/b?x=1'
    """
    parts = urlsplit(url)
    return origin.rstrip("/") + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class LocalWebDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler, pointed at ``LOCALWEB_ORIGIN`` whatever the request's host."""

    def __init__(self, crawler: Crawler) -> None:
        origin = crawler.settings.get("LOCALWEB_ORIGIN")
        if not origin:
            raise NotConfigured("LOCALWEB_ORIGIN is not set")
        super().__init__(crawler)
        self.origin = str(origin)

    async def download_request(self, request: Request) -> Response:
        parts = urlsplit(request.url)
        headers = request.headers.copy()
        headers[ORIGINAL_HOST_HEADER] = (parts.hostname or "").lower()
        headers[ORIGINAL_SCHEME_HEADER] = parts.scheme
        local = request.replace(url=local_url(self.origin, request.url), headers=headers)
        response = await super().download_request(local)
        return response.replace(url=request.url)


def crawl_settings(origin: str) -> dict[str, str]:
    """The ``-s`` settings that route a crawl to the local server at ``origin``."""
    handlers = f'{{"http": "{HANDLER_PATH}", "https": "{HANDLER_PATH}"}}'
    return {
        "DOWNLOAD_HANDLERS": handlers,
        "LOCALWEB_ORIGIN": origin,
        "NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true",
    }
