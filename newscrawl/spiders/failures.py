"""Failed requests: what went wrong (:func:`classify_failure`), and whether it is a reject, a
normal absence (robots.txt, a guessed feed path) or a skip decided by a middleware."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectionDone,
    ConnectionLost,
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure
from twisted.web.client import ResponseFailed

from newscrawl.middlewares.address_guard import PrivateAddressRefused, UnresolvableHost
from newscrawl.middlewares.refused import RefusedDownload
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
            # dropped on purpose by a middleware, which counted it; nothing was fetched
            self.settle(request.url, f"skipped/{skip_reason(failure.value)}")
            return
        reason, status, detail = classify_failure(failure)
        if reason == "robots_disallowed":
            self.crawler.stats.inc_value("newscrawl/skipped/robots_disallowed")
            self.settle(request.url, "skipped/robots_disallowed")
            return
        if request.meta.get("newscrawl_start") or request.meta.get("newscrawl_source"):
            hint = PRIVATE_HINT if reason == "private_address" else ""
            self.logger.warning("Start URL or source failed: %s: %s%s", request.url, detail, hint)
        else:
            self.logger.info("Failed %s: %s", request.url, detail)
        chain = request.meta.get("redirect_urls")
        url = str(chain[0]) if chain and failure.check(RefusedDownload) else request.url
        self.reject(url, reason, detail, status, fetched=False)

    def on_source_error(self, failure: Failure) -> None:
        """A missing robots.txt or guessed feed is normal: count it, do not record a reject."""
        request = failure.request  # type: ignore[attr-defined]
        absence = "guessed_feed_absent" if request.meta.get("newscrawl_guessed") else "robots_unavailable"
        self.crawler.stats.inc_value(f"newscrawl/sources/{absence}")
        self.settle(request.url, f"skipped/{absence}")


def skip_reason(exception: BaseException | None) -> str:
    """The skip reason of a middleware's :class:`SkippedRequest`: its class name in snake case
    (``AlreadyIngested`` -> ``already_ingested``)."""
    name = type(exception).__name__
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def classify_failure(failure: Failure) -> tuple[str, int | None, str]:
    """(reason, HTTP status, detail) of a failed request.

    Scrapy's own download exceptions and the Twisted errors they wrap are both recognised;
    the detail always says what happened (never an empty exception message).
    """
    if failure.check(HttpError):
        response = failure.value.response  # type: ignore[union-attr]
        return f"http_{response.status}", response.status, f"HTTP status {response.status}"
    detail = str(failure.value)
    if failure.check(RefusedDownload):
        return failure.value.reason, None, detail  # type: ignore[union-attr]
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
        return "response_too_large", None, detail  # announced by Content-Length
    if failure.check(DownloadTimeoutError, TimeoutError, TCPTimedOutError):
        return "timeout", None, detail
    if failure.check(DownloadConnectionRefusedError, ConnectionRefusedError):
        return "connection_refused", None, detail
    if failure.check(ResponseDataLossError):
        return (
            "truncated",
            None,
            (
                "the connection closed before the whole body arrived (fewer bytes than its "
                "Content-Length); set NEWSCRAWL_KEEP_TRUNCATED_PAGES to keep complete-looking pages"
            ),
        )
    if failure.check(DownloadFailedError, ResponseFailed, ConnectionLost, ConnectionDone):
        inner = underlying_error(failure.value)
        description = f"{type(inner).__name__}: {inner}".rstrip(": ")
        if isinstance(inner, ConnectionLost | ConnectionDone):
            return "connection_reset", None, f"the server closed or reset the connection: {description}"
        return "bad_http_response", None, f"the server's answer could not be read: {description}"
    if failure.check(IgnoreRequest):
        if "robots" in detail.lower():
            return "robots_disallowed", None, detail
        if is_decompression_bomb(failure.value):
            return "decompression_bomb", None, detail
        return "ignored", None, detail or type(failure.value).__name__
    if failure.check(DownloadCancelledError):
        return "download_cancelled", None, "the download was cancelled before it finished"
    return "download_error", None, f"{type(failure.value).__name__}: {failure.value}".rstrip(": ")


def is_decompression_bomb(exception: BaseException | None) -> bool:
    """Whether Scrapy's HttpCompressionMiddleware refused the response because it decompressed
    past DOWNLOAD_MAXSIZE (its IgnoreRequest is raised from a private ``_DecompressionMaxSizeExceeded``)."""
    cause = exception.__cause__ if exception is not None else None
    return cause is not None and type(cause).__name__ == "_DecompressionMaxSizeExceeded"


def underlying_error(value: BaseException | None) -> BaseException | None:
    """The error under Scrapy's DownloadFailedError and Twisted's ResponseFailed wrappers (which
    hold lists of failures)."""
    if isinstance(value, DownloadFailedError) and value.__cause__ is not None:
        value = value.__cause__
    reasons = getattr(value, "reasons", None)
    if reasons:
        first = reasons[0]
        return getattr(first, "value", first)
    return value
