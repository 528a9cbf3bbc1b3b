"""URLs over ``URLLENGTH_LIMIT`` (2,083 characters by default) as rejects.

Scrapy's ``UrlLengthMiddleware`` (a spider middleware) drops such a request with a stat only;
this subclass takes its place and records each one as a reject ``url_too_long``.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.http import Response
from scrapy.spidermiddlewares.urllength import UrlLengthMiddleware

from newscrawl.extensions.rejects import send_reject
from newscrawl.items import Reject
from newscrawl.normalize.urls import registered_domain


class RejectingUrlLengthMiddleware(UrlLengthMiddleware):
    """Spider middleware: a request whose URL is too long is dropped and rejected (``url_too_long``)."""

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        processed = super().get_processed_request(request, response)
        rejected: set[str] = self.__dict__.setdefault("_rejected", set())
        if processed is None and request.url not in rejected:  # once per URL, however often linked
            rejected.add(request.url)
            site_for = getattr(self.crawler.spider, "site_for", registered_domain)
            send_reject(
                self.crawler,
                Reject(
                    url=request.url,
                    reason="url_too_long",
                    detail=f"URL of {len(request.url)} characters, over URLLENGTH_LIMIT ({self.maxlength})",
                    status=None,
                    site=site_for(request.url),
                    fetched=False,
                ),
            )
        return processed
