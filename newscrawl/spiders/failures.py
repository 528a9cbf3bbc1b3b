"""Failed requests: what went wrong (:func:`classify_failure`), and whether it is a reject, a
normal absence (robots.txt, a guessed feed path) or a skip decided by a middleware."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

from newscrawl.middlewares.address_guard import PrivateAddressRefused, UnresolvableHost
from newscrawl.middlewares.resolver import refused_address
from newscrawl.middlewares.skipped import SkippedRequest
from newscrawl.spiders.core import SpiderCore

PRIVATE_HINT = " (to crawl a site on this machine or network, set -s NEWSCRAWL_ALLOW_PRIVATE_HOSTS=true)"


class FailureHandling(SpiderCore):
    """Errbacks: a failed page or source is a reject with its reason; skips are not."""

    def on_error(self, failure: Failure) -> None:
        """A request that failed (HTTP error, DNS, timeout, refused address): record a reject."""
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(SkippedRequest):
            return  # dropped on purpose by a middleware, which counted it; nothing was fetched
        reason, status, detail = classify_failure(failure)
        if reason == "robots_disallowed":
            self.crawler.stats.inc_value("newscrawl/skipped/robots_disallowed")
            return
        if request.meta.get("newscrawl_start") or request.meta.get("newscrawl_source"):
            hint = PRIVATE_HINT if reason == "private_address" else ""
            self.logger.warning("Start URL or source failed: %s: %s%s", request.url, detail, hint)
        else:
            self.logger.info("Failed %s: %s", request.url, detail)
        self.reject(request.url, reason, detail, status, fetched=False)

    def on_source_error(self, failure: Failure) -> None:
        """A missing robots.txt or guessed feed is normal: count it, do not record a reject."""
        guessed = failure.request.meta.get("newscrawl_guessed")  # type: ignore[attr-defined]
        self.crawler.stats.inc_value(
            f"newscrawl/sources/{'guessed_feed_absent' if guessed else 'robots_unavailable'}"
        )


def classify_failure(failure: Failure) -> tuple[str, int | None, str]:
    """(reason, HTTP status, detail) of a failed request.

    Scrapy's own download exceptions and the Twisted errors they wrap are both recognised.
    """
    if failure.check(HttpError):
        response = failure.value.response  # type: ignore[union-attr]
        return f"http_{response.status}", response.status, f"HTTP status {response.status}"
    detail = str(failure.value)
    if failure.check(PrivateAddressRefused):
        return "private_address", None, detail
    if failure.check(CannotResolveHostError, DNSLookupError, UnresolvableHost):
        request = getattr(failure, "request", None)
        host = urlsplit(request.url).hostname if request is not None else None
        address = refused_address(host)
        if address is not None:
            return "private_address", None, f"host {host} resolves to non-public address {address}"
        return "dns_error", None, detail
    if failure.check(DownloadCancelledError) and "max size" in detail.lower():
        return "response_too_large", None, detail
    if failure.check(DownloadTimeoutError, TimeoutError, TCPTimedOutError):
        return "timeout", None, detail
    if failure.check(DownloadConnectionRefusedError, ConnectionRefusedError):
        return "connection_refused", None, detail
    if failure.check(IgnoreRequest):
        if "robots" in detail.lower():
            return "robots_disallowed", None, detail
        return "ignored", None, detail
    return "download_error", None, f"{type(failure.value).__name__}: {failure.value}"
