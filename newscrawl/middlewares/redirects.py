"""Redirect loops and over-long redirect chains as rejects, not silent drops.

Scrapy's ``RedirectMiddleware`` follows a redirect by scheduling a new request: a loop's
request for a URL already fetched is then dropped by the dupefilter without a trace, and a
chain past ``REDIRECT_MAX_TIMES`` ends in a bare ``IgnoreRequest``. This middleware sits just
before it (it sees the 3xx response first) and refuses both with their own reason:
:class:`~newscrawl.middlewares.refused.RedirectLoop` when the target is a URL of the chain so
far, :class:`~newscrawl.middlewares.refused.RedirectLimit` when one more hop would pass the
limit. Redirects to a page the crawl requested by another way are reported by
:class:`~newscrawl.extensions.accounting.RequestAccounting` (the dupefilter drops those).

:class:`HeadMetaRefreshMiddleware` replaces Scrapy's ``MetaRefreshMiddleware``, which reads
``response.text`` to find a ``<meta http-equiv="refresh">`` in the first 4,096 characters: that
decodes the whole body and keeps the text on the response for as long as the response lives
(11 MB more for a 11 MB page while its links are followed). It reads the same head only.
"""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Response
from w3lib.url import canonicalize_url, safe_url_string

from newscrawl.extraction.encoding import body_encoding
from newscrawl.middlewares.refused import RedirectLimit, RedirectLoop

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Bytes of a page in which a meta refresh is looked for (Scrapy reads 4,096 characters, and a
# character is at most 4 bytes in UTF-8).
META_REFRESH_HEAD_BYTES = 4 * 4096


def redirect_target(response: Response) -> str | None:
    """The absolute URL a 3xx response points to (None without a usable Location)."""
    location = response.headers.get("Location")
    if response.status not in REDIRECT_STATUSES or not location:
        return None
    try:
        return safe_url_string(urljoin(response.url, location.decode("latin-1")))
    except ValueError:
        return None


def redirect_chain(request: Request) -> list[str]:
    """The URLs of ``request``'s redirect chain so far, the request's own last."""
    return [*request.meta.get("redirect_urls", ()), request.url]


class RedirectGuardMiddleware:
    """Downloader middleware (just before ``RedirectMiddleware``): loops and chains past the limit
    are refused with their reason."""

    def __init__(self, max_redirects: int) -> None:
        self.max_redirects = max_redirects

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectGuardMiddleware:
        return cls(crawler.settings.getint("REDIRECT_MAX_TIMES"))

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        if request.meta.get("dont_redirect") or response.status in request.meta.get(
            "handle_httpstatus_list", ()
        ):
            return response
        target = redirect_target(response)
        if target is None:
            return response
        chain = redirect_chain(request)
        try:
            looped = canonicalize_url(target) in {canonicalize_url(url) for url in chain}
        except ValueError:  # a malformed target: Scrapy's RedirectMiddleware decides
            return response
        if looped:
            raise RedirectLoop(f"redirect loop: {' -> '.join([*chain, target])}")
        ttl = request.meta.get("redirect_ttl", self.max_redirects)
        if request.meta.get("redirect_times", 0) + 1 > self.max_redirects or ttl <= 0:
            raise RedirectLimit(
                f"more than {self.max_redirects} redirects (REDIRECT_MAX_TIMES) from {chain[0]}; "
                f"the last to {target}"
            )
        return response


class HeadMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta refresh redirects, found in the head of the page without decoding all of it."""

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if not isinstance(response, HtmlResponse) or len(response.body) <= META_REFRESH_HEAD_BYTES:
            return super().process_response(request, response)
        # Built anew, with its encoding: ``response.replace`` reads ``response.encoding``, which
        # decodes the whole page when no charset is declared.
        ctype = (response.headers.get("Content-Type") or b"").decode("latin-1")
        head = HtmlResponse(
            response.url,
            status=response.status,
            headers=response.headers,
            body=response.body[:META_REFRESH_HEAD_BYTES],
            request=response.request,
            encoding=body_encoding(response.body, ctype),
        )
        result = super().process_response(request, head)
        return response if result is head else result
