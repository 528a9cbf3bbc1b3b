"""Listing revisits: a re-run reads a listing page again only when it is due.

A listing page is a fetched page that was no article but led to links (a homepage, a section
or tag page, any non-article page followed). The spider says so with :func:`announce_listing`
and marks the requests of its links with :func:`mark_led_by` (the chain of listings that led to
them); this downloader middleware keeps the rest in the ledger:

- a listing page is *recorded* when it is parsed (:meth:`~newscrawl.ledger.Ledger.note_listing_fetched`);
- a fetch of a listing *yields* when a page it led to (directly, or through listings it led to)
  becomes a new article: an article written in this run that the ledger did not know when it
  was requested (no revisit). Links to pages known already, to pages that turn out not to be
  articles or are rejected, and to pages another source scheduled first do not count;
- a request for a known listing page is *dropped* when it is not due by the
  :class:`~newscrawl.ledger.policy.ListingSchedule` (``NEWSCRAWL_LISTING_REVISIT_MIN`` /
  ``_MAX`` / ``_FACTOR``): counted ``skipped/listing_not_due`` (and per site) and logged.

Only requests for pages that may be articles (``meta["newscrawl_candidate"]``) are checked: the
start URLs and the sources (robots.txt, sitemaps, feeds) are always read. A sitemap lastmod newer
than the last fetch makes a listing due at once. Off without a ledger or with
``NEWSCRAWL_LISTING_REVISIT=false``.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from newscrawl.discovery import SourceEntry
from newscrawl.extensions.crawlstate import crawl_state
from newscrawl.ledger import Ledger
from newscrawl.ledger.policy import ListingSchedule
from newscrawl.middlewares.revisit import CANDIDATE, REVISIT
from newscrawl.middlewares.skipped import SkippedRequest
from newscrawl.normalize.urls import canonicalize_url

logger = logging.getLogger(__name__)

LED_BY = "newscrawl_led_by"
"""Request meta: the canonical URLs of the listing pages that led to this request, nearest last."""
CHECKED = "newscrawl_listing_checked"
MAX_CHAIN = 4  # listings credited for one new article: the nearest ones

listing_parsed = object()
"""Signal (``response``): the spider parsed a listing page and follows its links."""


def announce_listing(crawler: Crawler, response: Response) -> None:
    """Say that ``response`` is a listing page (the spider calls this before yielding its links)."""
    crawler.signals.send_catch_log(listing_parsed, response=response)


def mark_led_by(request: Request, response: Response) -> Request:
    """Mark a link request of the listing page ``response`` with the listings that led to it."""
    chain: tuple[str, ...] = response.meta.get(LED_BY, ())
    request.meta[LED_BY] = (*chain, listing_url(response))[-MAX_CHAIN:]
    return request


def listing_url(response: Response) -> str:
    """The ledger key of a listing page: the canonical URL it was requested by (before redirects)."""
    redirects = response.meta.get("redirect_urls") or ()
    return canonicalize_url(str(redirects[0]) if redirects else response.url)


class ListingNotDue(SkippedRequest):
    """A listing page fetched before that the adaptive schedule says is not due yet."""


class ListingRevisitMiddleware:
    """Downloader middleware: skip listing pages not due; record listings and what they yield."""

    def __init__(self, crawler: Crawler, ledger: Ledger, schedule: ListingSchedule) -> None:
        self.crawler = crawler
        self.ledger = ledger
        self.schedule = schedule
        crawler.signals.connect(self.on_listing, signal=listing_parsed)
        crawler.signals.connect(self.on_item, signal=signals.item_scraped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ListingRevisitMiddleware:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_LISTING_REVISIT"):
            raise NotConfigured("listing revisits are off (NEWSCRAWL_LISTING_REVISIT=false)")
        schedule = ListingSchedule(
            settings.getfloat("NEWSCRAWL_LISTING_REVISIT_MIN"),
            settings.getfloat("NEWSCRAWL_LISTING_REVISIT_MAX"),
            settings.getfloat("NEWSCRAWL_LISTING_REVISIT_FACTOR"),
        )
        return cls(crawler, crawl_state(crawler).ledger, schedule)  # NotConfigured without a ledger

    def _count(self, key: str, meta: dict[str, Any]) -> None:
        stats = self.crawler.stats
        if stats is None:
            return
        stats.inc_value(f"newscrawl/{key}")
        site = meta.get("newscrawl_site")
        if site:
            stats.inc_value(f"newscrawl/by_site/{site}/{key}")

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if not request.meta.get(CANDIDATE) or request.meta.get(CHECKED):
            return None  # a start URL or a source, or looked up already (a retry or redirect)
        request.meta[CHECKED] = True
        entry = self.ledger.listing(canonicalize_url(request.url))
        if entry is None:
            return None
        source: SourceEntry | None = request.meta.get("newscrawl_entry")
        if not self.schedule.due(entry, source.newest_date if source is not None else None):
            self._count("skipped/listing_not_due", request.meta)
            logger.debug(
                "Skipped listing %s: fetched %s, nothing new since %s fetches; due every %.0f s",
                request.url, entry.last_fetched, entry.misses + 1, self.schedule.interval(entry),
            )  # fmt: skip
            raise ListingNotDue(f"listing page not due: {request.url}")
        self._count("listings/revisited", request.meta)
        return None

    def on_listing(self, response: Response) -> None:
        """A listing page was parsed: record its fetch."""
        self.ledger.note_listing_fetched(listing_url(response))
        self._count("listings/fetched", response.meta)

    def on_item(self, item: Any, response: Response, spider: Spider) -> None:
        """An article was written: credit the listings that led to it, when it was new."""
        chain: tuple[str, ...] = response.meta.get(LED_BY, ())
        if not chain or response.meta.get(REVISIT):
            return
        for url in chain:
            self.ledger.note_listing_yield(url)
        self._count("listings/new_articles_found", response.meta)
