"""Redirect loops and over-long redirect chains as rejects, not silent drops.

Scrapy's ``RedirectMiddleware`` follows a redirect by scheduling a new request: a loop's
request for a URL already fetched is then dropped by the dupefilter without a trace, and a
chain past ``REDIRECT_MAX_TIMES`` ends in a bare ``IgnoreRequest``. This middleware sits just
before it (it sees the 3xx response first) and refuses both with their own reason:
:class:`~newscrawl.middlewares.refused.RedirectLoop` when the target is a URL of the chain so
far, :class:`~newscrawl.middlewares.refused.RedirectLimit` when one more hop would pass the
limit. Redirects to a page the crawl requested by another way are reported by
:class:`~newscrawl.extensions.accounting.RequestAccounting` (the dupefilter drops those).
"""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from w3lib.url import canonicalize_url, safe_url_string

from newscrawl.middlewares.refused import RedirectLimit, RedirectLoop

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


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
