"""Request accounting: every URL the crawl requested ends in exactly one outcome.

A URL is *discovered* when a request for it is first scheduled (a retry or a redirect hop is the
same URL's request going on, not a new one). Its chain of redirects is followed, and the URL ends
in one outcome: ``article``, ``duplicate``, ``reject``, ``non_article`` (a page that is not an
article), ``source`` (sitemap, feed, and robots.txt when the spider fetches it itself) or
``skipped/<reason>`` (a middleware or the dupefilter dropped it on purpose). When one URL meets
several outcomes (a sitemap read in part and rejected as malformed), the strongest counts: the
order of :data:`OUTCOMES`.

At spider close the counts go to the stats as ``newscrawl/requests/...`` (the manifest's
``requests`` section), with ``unaccounted``: discovered URLs with no outcome, logged (it should be
0); in a crawl closed before the end (``max_articles``) those are ``pending``. Redirects that the dupefilter drops are decided here: back into
their own chain they are a ``redirect_loop`` reject, to a page requested another way
``skipped/redirect_to_seen``.

In a shared run (Redis frontier) a URL is accounted by the worker that takes its request from
the frontier (:data:`~newscrawl.frontier.acks.request_leased`), not by the one that discovered
it, so the workers' counts add up to the run's: a request pushed to the frontier is another
worker's to account for until this one takes it, and so is a redirect chain whose next hop
went to the frontier (counted as ``handed_over``, outside the equation).
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from w3lib.url import canonicalize_url

from newscrawl.extensions.rejects import Rejected, page_rejected, send_reject
from newscrawl.items import Reject
from newscrawl.normalize.urls import registered_domain

logger = logging.getLogger(__name__)

request_outcome = object()
"""Signal: how a request ended when no article, duplicate or reject says it. Arguments: ``url``
(the URL requested or its final redirect target) and ``outcome`` ("non_article", "source" or
"skipped/<reason>")."""

OUTCOMES = ("article", "duplicate", "reject", "non_article", "source", "skipped")
_RANK = {name: rank for rank, name in enumerate(OUTCOMES)}
_PREFIX = "newscrawl/requests/"


def send_outcome(crawler: Crawler, url: str, outcome: str, *, replace: bool = False) -> None:
    """Report how the request for ``url`` ended (see :data:`request_outcome`); ``replace``: this
    outcome overrides the one recorded (an article a shared run's store found another worker
    had committed first is a duplicate after all)."""
    crawler.signals.send_catch_log(request_outcome, url=url, outcome=outcome, replace=replace)


def _key(url: str) -> int:
    """A URL's key: the hash of its canonical form (as Scrapy's dupefilter sees it). Hashes keep
    the accounting small on large crawls; a collision among a run's URLs is very unlikely."""
    try:
        return hash(canonicalize_url(url))
    except ValueError:
        return hash(url)


class RequestAccounting:
    """Extension: the outcome of every discovered URL; the counts add up to the URLs discovered."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.outcomes: dict[int, str | None] = {}  # first URL of a chain -> its outcome
        self.origin: dict[int, int] = {}  # URL of a redirect hop -> first URL of its chain
        self.pending: dict[int, str] = {}  # URLs discovered and not settled yet
        self._new: int | None = None
        self.shared = False  # a worker of a shared run: see the module docstring
        self.handed: set[int] = set()  # chains whose next hop went to the shared frontier
        self.final: set[int] = set()  # chains whose outcome was replaced: no later signal undoes it

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RequestAccounting:
        ext = cls(crawler)
        connect = crawler.signals.connect
        connect(ext.request_scheduled, signal=signals.request_scheduled)
        connect(ext.request_dropped, signal=signals.request_dropped)
        connect(ext.response_received, signal=signals.response_received)
        connect(ext.item_scraped, signal=signals.item_scraped)
        connect(ext.item_dropped, signal=signals.item_dropped)
        connect(ext.page_rejected, signal=page_rejected)
        connect(ext.request_outcome, signal=request_outcome)
        connect(ext.spider_closed, signal=signals.spider_closed)
        from newscrawl.frontier.acks import request_leased, request_returned
        from newscrawl.frontier.run import is_shared

        ext.shared = is_shared(crawler.settings)
        connect(ext.request_leased, signal=request_leased)
        connect(ext.request_returned, signal=request_returned)
        return ext

    def first_of(self, url: str) -> int:
        """The first URL of the chain ``url`` belongs to (``url`` itself when it starts one)."""
        key = _key(url)
        return self.origin.get(key, key)

    def settle(self, url: str, outcome: str, replace: bool = False) -> None:
        """Record ``outcome`` for ``url``'s chain, unless a stronger one is recorded; ``replace``
        overrides it and is final (a shared run's store can find an article lost to another
        worker while the item is still on its way to ``item_scraped``)."""
        first = self.first_of(url)
        if replace:
            self.final.add(first)
        elif first in self.final:
            return
        current = self.outcomes.get(first)
        if current is None or replace or _RANK[outcome.split("/", 1)[0]] < _RANK[current.split("/", 1)[0]]:
            self.outcomes[first] = outcome
            self.pending.pop(first, None)

    # --- discovery ------------------------------------------------------------------------
    def request_scheduled(self, request: Request, **_: Any) -> None:
        self._new = None
        key = _key(request.url)
        chain = request.meta.get("redirect_urls")
        if self.shared:  # to the frontier: whoever takes it settles the chain (a retry, a next hop)
            first = self.first_of(str(chain[0])) if chain else self.first_of(request.url)
            if first in self.outcomes and self.outcomes[first] is None:
                self.handed.add(first)
            return
        if chain:
            first = self.first_of(str(chain[0]))
            if key != first and key not in self.outcomes:
                self.origin.setdefault(key, first)
            return
        if key in self.outcomes or key in self.origin:
            return  # a retry, or a URL requested before
        self.outcomes[key] = None
        self.pending[key] = request.url
        self._new = key

    def request_returned(self, request: Request, **_: Any) -> None:
        """This worker gave ``request`` back to the shared frontier: whoever takes it settles it."""
        first = self.first_of(request.url)
        if first in self.outcomes and self.outcomes[first] is None:
            self.handed.add(first)

    def request_leased(self, request: Request, **_: Any) -> None:
        """This worker took ``request`` from the shared frontier: its outcome is counted here."""
        chain = request.meta.get("redirect_urls")
        head = str(chain[0]) if chain else request.url
        first = self.first_of(head)
        if chain and _key(request.url) != first:
            self.origin.setdefault(_key(request.url), first)
        self.handed.discard(first)
        if first not in self.outcomes:
            self.outcomes[first] = None
            self.pending[first] = head

    def request_dropped(self, request: Request, **_: Any) -> None:
        """The scheduler refused a request (the dupefilter had seen it)."""
        key = _key(request.url)
        chain = request.meta.get("redirect_urls")
        if not chain:
            if key == self._new:  # first seen now, yet filtered: a dupefilter kept from a past job
                self.settle(request.url, "skipped/filtered_duplicate")
            return
        first = self.first_of(str(chain[0]))
        if self.origin.get(key) == first:
            del self.origin[key]  # the hop was never made
        if key in {_key(str(u)) for u in chain}:
            detail = f"redirect loop: {' -> '.join([*map(str, chain), request.url])}"
            logger.info("Redirect loop dropped by the dupefilter: %s", detail)
            site_for = getattr(self.crawler.spider, "site_for", registered_domain)
            send_reject(
                self.crawler,
                Reject(
                    url=str(chain[0]),
                    reason="redirect_loop",
                    detail=detail,
                    site=site_for(str(chain[0])),
                    fetched=False,
                ),
            )
            return
        logger.info("Redirect of %s to %s, a page requested before: not fetched again", chain[0], request.url)
        self._count_skip("redirect_to_seen")
        self.settle(str(chain[0]), "skipped/redirect_to_seen")

    def _count_skip(self, reason: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"newscrawl/skipped/{reason}")

    # --- outcomes -------------------------------------------------------------------------
    def response_received(self, response: Response, request: Request, **_: Any) -> None:
        if request.meta.get("newscrawl_source") and 200 <= response.status < 300:
            self.settle(request.url, "source")

    def item_scraped(self, item: Any, response: Response, **_: Any) -> None:
        self.settle(response.url, "article")

    def item_dropped(self, item: Any, response: Response, exception: BaseException, **_: Any) -> None:
        self.settle(response.url, "reject" if isinstance(exception, Rejected) else "duplicate")

    def page_rejected(self, reject: Reject, **_: Any) -> None:
        self.settle(reject.url, "reject")

    def request_outcome(self, url: str, outcome: str, replace: bool = False, **_: Any) -> None:
        self.settle(url, outcome, replace)

    # --- the counts -----------------------------------------------------------------------
    def summary(self, finished: bool = True) -> dict[str, int]:
        """``{"discovered": N, "article": a, ..., "skipped/<reason>": s, "unaccounted": u}``; URLs
        without an outcome are ``pending`` instead when the crawl was closed before the end
        (``max_articles``, a signal)."""
        unsettled = "unaccounted" if finished else "pending"
        handed = {key for key in self.handed if key in self.outcomes and self.outcomes[key] is None}
        counts: dict[str, int] = {"discovered": len(self.outcomes) - len(handed), "unaccounted": 0}
        if self.shared:
            counts["handed_over"] = len(handed)
        for key, outcome in self.outcomes.items():
            if key in handed:
                continue
            name = outcome or unsettled
            counts[name] = counts.get(name, 0) + 1
        return counts

    def spider_closed(self, spider: Spider, reason: str) -> None:
        counts = self.summary(finished=reason == "finished")
        stats = self.crawler.stats
        if stats is not None:
            for name, value in counts.items():
                stats.set_value(f"{_PREFIX}{name}", value)
        unsettled = [url for key, url in self.pending.items() if key not in self.handed]
        if unsettled and reason == "finished":
            logger.warning(
                "%d requested URLs have no outcome (crawl %s), e.g. %s",
                len(unsettled),
                reason,
                unsettled[:5],
            )
