"""Revisits: whether a page ingested before is downloaded again, and conditionally.

A downloader middleware in the manner of Scrapy's ``HttpCacheMiddleware``, with the ledger as
the store. The spider builds plain requests; on those it marks ``meta["newscrawl_candidate"]``
(pages that may be articles; ``meta["newscrawl_entry"]`` is the sitemap/feed entry listing the
page, if any, and ``meta["newscrawl_site"]`` the record's site) this middleware

- looks the URL up in the ledger (:meth:`~newscrawl.ledger.Ledger.for_request`); unknown: the
  request goes on;
- known, and the revisit policy (``NEWSCRAWL_REVISIT_POLICY``, against the entry's newest
  date) says not to fetch again: the request is dropped (:class:`AlreadyIngested`), counted
  ``skipped/seen`` and logged;
- known and due: counted ``revisits/scheduled``, sent with ``If-None-Match`` /
  ``If-Modified-Since`` from the validators of the last response;
- a ``304 Not Modified`` answer: the ledger notes the fetch (so the policy's clock restarts),
  counted ``revisits/not_modified``, and the response goes no further (:class:`NotModified`).

Without a ledger (``NEWSCRAWL_LEDGER_ENABLED=false``) the middleware is not enabled.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response

from newscrawl.discovery import SourceEntry
from newscrawl.extensions.accounting import send_outcome
from newscrawl.extensions.crawlstate import crawl_state
from newscrawl.ledger import Ledger, LedgerEntry, parse_policy
from newscrawl.ledger.policy import should_refetch
from newscrawl.middlewares.skipped import SkippedRequest
from newscrawl.normalize.urls import canonicalize_url

logger = logging.getLogger(__name__)

CANDIDATE = "newscrawl_candidate"
REVISIT = "newscrawl_revisit"
CHECKED = "newscrawl_ledger_checked"
CANONICAL = "newscrawl_canonical"
"""Request meta: the canonical URL of the request's URL, when the spider computed it already."""
# Candidate requests a spider callback's output is looked up in the ledger by, at once.
LOOKUP_BATCH = 500


def canonical_of(request: Request) -> str:
    """The canonical URL of a request's URL (computed once, by the spider, where it can)."""
    canonical = request.meta.get(CANONICAL)
    if canonical and not request.meta.get("redirect_urls"):
        return str(canonical)
    return canonicalize_url(request.url)


class AlreadyIngested(SkippedRequest):
    """The ledger has this page and the revisit policy says not to fetch it again."""


class NotModified(SkippedRequest):
    """The server answered 304 to a conditional revisit: the article is unchanged."""


class RevisitMiddleware:
    """Downloader middleware: skip pages ingested before, revisit due ones conditionally."""

    def __init__(self, crawler: Crawler, ledger: Ledger, policy: str) -> None:
        parse_policy(policy)
        self.crawler = crawler
        self.ledger = ledger
        self.policy = policy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RevisitMiddleware:
        state = crawl_state(crawler)
        return cls(crawler, state.ledger, state.revisit_policy)  # NotConfigured without a ledger

    def _count(self, key: str, request: Request) -> None:
        stats = self.crawler.stats
        if stats is None:
            return
        stats.inc_value(f"newscrawl/{key}")
        site = request.meta.get("newscrawl_site")
        if site:
            stats.inc_value(f"newscrawl/by_site/{site}/{key}")

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if not request.meta.get(CANDIDATE) or request.meta.get(CHECKED):
            return None  # not a page, or looked up already (in a batch, or a retry or redirect)
        if not self.decide(request, self.ledger.for_request(canonical_of(request))):
            raise AlreadyIngested(f"ingested before: {request.url}")
        return None

    def decide(self, request: Request, known: LedgerEntry | None) -> bool:
        """Whether ``request``, which the ledger knows as ``known``, is downloaded: False when
        ingested and not due (counted, logged); a due revisit is made conditional."""
        request.meta[CHECKED] = True
        if known is None:
            return True
        entry: SourceEntry | None = request.meta.get("newscrawl_entry")
        lastmod = entry.newest_date if entry is not None else None
        if not should_refetch(known, lastmod, self.policy):
            self._count("skipped/seen", request)
            logger.debug("Skipped %s: ingested before as %s", request.url, known.canonical_url)
            return False
        self._count("revisits/scheduled", request)
        request.meta[REVISIT] = known.canonical_url
        if known.etag:
            request.headers["If-None-Match"] = known.etag
        if known.last_modified:
            request.headers["If-Modified-Since"] = known.last_modified
        return True

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        revisit = request.meta.get(REVISIT)
        if response.status != 304 or not revisit:
            return response
        self._count("revisits/not_modified", request)
        self.ledger.touch_fetched(revisit, _header(response, "ETag"), _header(response, "Last-Modified"))
        raise NotModified(f"not modified since the last fetch: {request.url}")


class RevisitLookupMiddleware:
    """Spider middleware: the same decision for the candidate requests a callback yields, looked
    up in the ledger ``LOOKUP_BATCH`` at a time (:meth:`~newscrawl.ledger.Ledger.for_request_many`)
    before they are scheduled: a page of 5,000 links costs a few queries, and pages ingested
    before never reach the scheduler or its dupefilter. Other output passes at once."""

    def __init__(self, revisits: RevisitMiddleware) -> None:
        self.revisits = revisits

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RevisitLookupMiddleware:
        state = crawl_state(crawler)
        return cls(RevisitMiddleware(crawler, state.ledger, state.revisit_policy))

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any], spider: Spider | None = None
    ) -> AsyncIterator[Any]:
        waiting: list[Request] = []
        async for output in result:
            if isinstance(output, Request) and output.meta.get(CANDIDATE) and not output.meta.get(CHECKED):
                waiting.append(output)
                if len(waiting) >= LOOKUP_BATCH:
                    for request in self._looked_up(waiting):
                        yield request
                    waiting = []
            else:
                yield output
        for request in self._looked_up(waiting):
            yield request

    def _looked_up(self, requests: list[Request]) -> list[Request]:
        """The requests to schedule of ``requests``."""
        if not requests:
            return []
        known = self.revisits.ledger.for_request_many([canonical_of(r) for r in requests])
        for request in requests:
            request.meta.pop(CANONICAL, None)  # looked up: no need to keep it while queued
        wanted = []
        for request, entry in zip(requests, known, strict=True):
            if self.revisits.decide(request, entry):
                wanted.append(request)
            else:  # never scheduled: its outcome is told to the request accounting here
                send_outcome(self.revisits.crawler, request.url, "skipped/already_ingested")
        return wanted


def _header(response: Response, name: str) -> str | None:
    raw = response.headers.get(name)
    return raw.decode("latin-1") if raw else None
