"""Precise reject reasons for downloads that end without a page: classification of Scrapy's and
Twisted's errors, the redirect guard, and the size limit while streaming."""

from __future__ import annotations

import re

import pytest
from scrapy import Request
from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadFailedError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response
from twisted.internet.error import ConnectionDone, ConnectionLost
from twisted.python.failure import Failure
from twisted.web.client import ResponseNeverReceived

from newscrawl.middlewares.downloads import DownloadLimitsMiddleware
from newscrawl.middlewares.redirects import RedirectGuardMiddleware
from newscrawl.middlewares.refused import RedirectLimit, RedirectLoop, ResponseTooLarge
from newscrawl.middlewares.revisit import AlreadyIngested
from newscrawl.spiders.failures import classify_failure, skip_reason
from tests.support.crawlers import project_crawler

URL = "https://news.example/2026/03/01/story"


def classify(error: BaseException) -> tuple[str, str]:
    failure = Failure(error)
    failure.request = Request(URL)  # type: ignore[attr-defined]
    reason, _, detail = classify_failure(failure)
    return reason, detail


def bomb() -> IgnoreRequest:
    from scrapy.utils._compression import _DecompressionMaxSizeExceeded

    try:
        try:
            raise _DecompressionMaxSizeExceeded(2000, 1000)
        except _DecompressionMaxSizeExceeded as exc:
            raise IgnoreRequest("Ignored response: exceeded DOWNLOAD_MAXSIZE during decompression.") from exc
    except IgnoreRequest as exc:
        return exc


def reset() -> DownloadFailedError:
    try:
        raise DownloadFailedError("[...]") from ResponseNeverReceived(
            [Failure(ConnectionLost("reset by peer"))]
        )
    except DownloadFailedError as exc:
        return exc


@pytest.mark.parametrize(
    ("error", "reason", "in_detail"),
    [
        (ResponseDataLossError(), "truncated", "Content-Length"),
        (reset(), "connection_reset", "ConnectionLost"),
        (ConnectionDone(), "connection_reset", "ConnectionDone"),
        (bomb(), "decompression_bomb", "decompression"),
        (RedirectLoop("redirect loop: a -> b -> a"), "redirect_loop", "a -> b -> a"),
        (RedirectLimit("more than 20 redirects"), "redirect_limit", "20"),
        (ResponseTooLarge("17000000 bytes received"), "response_too_large", "17000000"),
        (DownloadCancelledError(), "download_cancelled", "cancelled"),
        (IgnoreRequest(), "ignored", "IgnoreRequest"),
    ],
)
def test_reasons_are_precise_and_details_never_empty(
    error: BaseException, reason: str, in_detail: str
) -> None:
    got, detail = classify(error)
    assert got == reason
    assert in_detail in detail


def test_skip_reasons_name_the_middleware_decision() -> None:
    assert skip_reason(AlreadyIngested("x")) == "already_ingested"


def redirect(
    url: str, location: str, chain: list[str] | None = None, times: int = 0
) -> tuple[Request, Response]:
    meta = {"redirect_urls": chain, "redirect_times": times} if chain else {}
    request = Request(url, meta=meta)
    return request, Response(url, status=302, headers={"Location": location}, request=request)


def test_the_redirect_guard_refuses_loops_and_long_chains() -> None:
    guard = RedirectGuardMiddleware(max_redirects=3)
    request, response = redirect("https://a.example/b", "/a", chain=["https://a.example/a"], times=1)
    with pytest.raises(
        RedirectLoop, match=re.escape("a.example/a -> https://a.example/b -> https://a.example/a")
    ):
        guard.process_response(request, response)
    chain = [f"https://a.example/{n}" for n in range(3)]
    request, response = redirect("https://a.example/3", "/4", chain=chain, times=3)
    with pytest.raises(RedirectLimit):
        guard.process_response(request, response)
    request, response = redirect("https://a.example/1", "/2", chain=["https://a.example/0"], times=1)
    assert guard.process_response(request, response) is response  # an ordinary hop goes on


def test_a_download_cancelled_past_the_size_limit_is_too_large() -> None:
    crawler = project_crawler(DOWNLOAD_MAXSIZE=1000)
    middleware = DownloadLimitsMiddleware.from_crawler(crawler)
    request = Request(URL)
    middleware.process_request(request)
    for _ in range(3):
        middleware.bytes_received(b"x" * 400, request)
    with pytest.raises(ResponseTooLarge, match="1200 bytes received"):
        middleware.process_exception(request, DownloadCancelledError())
    other = Request(URL + "-2")
    middleware.bytes_received(b"x" * 10, other)
    assert middleware.process_exception(other, DownloadCancelledError()) is None  # not the size limit


def test_an_unreadable_answer_is_not_called_a_reset() -> None:
    from twisted.web._newclient import ParseError

    try:
        raise DownloadFailedError("[...]") from ResponseNeverReceived(
            [Failure(ParseError("wrong status line", b"HTTX"))]
        )
    except DownloadFailedError as exc:
        reason, detail = classify(exc)
    assert reason == "bad_http_response"
    assert "ParseError" in detail
