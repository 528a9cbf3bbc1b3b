"""The crawling logic shared by the generic ``news`` spider and every site-profile spider.

Spiders discover and schedule; fields come from :mod:`newscrawl.extraction` and
normalization from :mod:`newscrawl.loaders`. Nothing here parses article fields.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
)
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

from newscrawl.discovery import SourceEntry, SourceKind, parse_feed, parse_sitemap, sniff_source
from newscrawl.discovery.sitemaps import sitemaps_from_robots
from newscrawl.discovery.urlshape import is_asset_url, looks_like_article_url
from newscrawl.discovery.xml import MAX_XML_BYTES, SourceError
from newscrawl.extraction.encoding import decode_html
from newscrawl.items import FETCH_META, RejectItem
from newscrawl.ledger.policy import should_refetch
from newscrawl.loaders import load_article
from newscrawl.middlewares.address_guard import PrivateAddressRefused, UnresolvableHost
from newscrawl.middlewares.window import OutsideWindow
from newscrawl.processors import localize_date
from newscrawl.resolver import refused_address
from newscrawl.runinfo import utc_now_iso
from newscrawl.sites.registry import rules_for_url
from newscrawl.sites.rules import SiteRule
from newscrawl.state import crawl_ledger
from newscrawl.urls import canonicalize_url, host_matches, registered_domain, strip_tracking
from newscrawl.workers import ExtractionCrashed, ExtractionTimeout, ExtractionWorkers

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json")
_HTML_TYPES = ("text/html", "application/xhtml")


# Request priorities: sources (robots.txt, sitemaps, feeds) first, so the articles they list,
# dated and newest first, are fetched before pages found by following links.
SOURCE_PRIORITY = 1_000_000
# Paths tried on a homepage that announces no feed.
COMMON_FEED_PATHS = ("/feed", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/index.xml")
LINK_PRIORITY = -1


def parse_day(value: str | None, argument: str) -> date | None:
    """Parse a ``since``/``until`` spider argument (ISO date or datetime)."""
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise ValueError(f"spider argument {argument}={value!r} is not an ISO date (YYYY-MM-DD)") from exc


def parse_count(value: str | int | None, argument: str) -> int | None:
    """Parse a positive whole-number spider argument such as ``max_articles``."""
    if value in (None, ""):
        return None
    try:
        number = int(str(value))
    except ValueError:
        raise ValueError(f"spider argument {argument}={value!r} is not a whole number") from None
    if number < 1:
        raise ValueError(f"spider argument {argument}={value!r} must be at least 1")
    return number


def _day_priority(moment: datetime | None) -> int:
    """Request priority: newer days first; undated entries after dated ones."""
    if moment is None:
        return 0
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return int(aware.timestamp() // 86400)


class ArticleCrawlSpider(scrapy.Spider):
    """Discovers article URLs from homepages, robots.txt, sitemaps and feeds, and extracts them."""

    site_domains: tuple[str, ...] = ()
    site_name: str | None = None
    site_timezone: str | None = None
    start_sitemaps: tuple[str, ...] = ()
    start_feeds: tuple[str, ...] = ()
    allow_patterns: tuple[str, ...] = ()
    deny_patterns: tuple[str, ...] = ()

    def __init__(
        self,
        *args: Any,
        since: str | None = None,
        until: str | None = None,
        max_articles: str | int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.since = parse_day(since, "since")
        self.until = parse_day(until, "until")
        self.max_articles = parse_count(max_articles, "max_articles")
        if self.since and self.until and self.since > self.until:
            raise ValueError(
                f"spider arguments since={self.since} and until={self.until}: since is after until"
            )
        self._allow = [re.compile(p) for p in self.allow_patterns]
        self._deny = [re.compile(p) for p in self.deny_patterns]
        self._robots_seen: set[str] = set()
        # Canonical URLs a sitemap or feed dated outside since/until (see middlewares.window).
        self.outside_window: set[str] = set()
        self._link_extractor = LinkExtractor(unique=True)  # domains are checked by url_allowed
        self.revisit_policy = "lastmod"
        self.extractor = ExtractionWorkers(0)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> ArticleCrawlSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.revisit_policy = crawler.settings.get("NEWSCRAWL_REVISIT_POLICY", "lastmod")
        spider.extractor = ExtractionWorkers(
            crawler.settings.getint("NEWSCRAWL_EXTRACT_WORKERS", 0),
            timeout=crawler.settings.getfloat("NEWSCRAWL_EXTRACT_TIMEOUT", 60),
        )
        crawler.signals.connect(spider.extractor.close, signal=signals.spider_closed)
        return spider

    # --- start ----------------------------------------------------------------------
    def initial_urls(self) -> list[str]:
        """The URLs the crawl starts from (homepages, sitemaps or feeds)."""
        return list(getattr(self, "start_urls", []) or [])

    async def start(self) -> AsyncIterator[Any]:
        for url in self.start_sitemaps:
            yield self._source_request(url, self.parse_sitemap)
        for url in self.start_feeds:
            yield self._source_request(url, self.parse_feed)
        for url in self.initial_urls():
            if urlsplit(url).path in ("", "/"):  # a homepage: read its robots.txt sitemaps at once
                for request in self._robots_request(url):
                    yield request
            yield scrapy.Request(url, callback=self.parse_start, errback=self.on_error, meta={"depth": 0})

    def _source_request(self, url: str, callback: Any) -> scrapy.Request:
        """A robots.txt, sitemap or feed request: first in line, not counted as link depth,
        allowed the sitemap protocol's size."""
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            meta={"newscrawl_source": True, "depth_reset": True, "download_maxsize": MAX_XML_BYTES},
            priority=SOURCE_PRIORITY,
        )

    def _sources(self, urls: Iterable[str], callback: Any) -> Iterator[scrapy.Request]:
        """Requests for the on-site source URLs among ``urls`` (malformed ones are counted, skipped)."""
        for url in urls:
            if self.site_domains and not host_matches(url, self.site_domains):
                self.count("skipped/off_site_source")
                continue
            try:
                yield self._source_request(url, callback)
            except ValueError:
                self.count("skipped/bad_url")

    def _robots_request(self, url: str) -> Iterator[scrapy.Request]:
        """The robots.txt of ``url``'s origin, once per origin (for its Sitemap lines)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin in self._robots_seen:
            return
        self._robots_seen.add(origin)
        yield scrapy.Request(
            f"{origin}/robots.txt",
            callback=self.parse_robots,
            errback=self.on_source_error,
            meta={"newscrawl_source": True, "dont_obey_robotstxt": True},
            priority=SOURCE_PRIORITY,
        )

    async def parse_start(self, response: Response) -> AsyncIterator[Any]:
        """A start URL: decide whether it served a sitemap, a feed or an HTML page."""
        kind = sniff_source(response.body, _content_type(response))
        if kind is SourceKind.SITEMAP:
            for output in self.parse_sitemap(response):
                yield output
        elif kind is SourceKind.FEED:
            for output in self.parse_feed(response):
                yield output
        else:
            # An HTML start page (homepage or section): its site's robots.txt lists the sitemaps.
            for request in self._robots_request(response.url):
                yield request
            async for output in self.parse_page(response):
                yield output

    # --- sources ----------------------------------------------------------------------
    def parse_robots(self, response: Response) -> Iterator[Any]:
        """robots.txt: schedule the sitemaps it declares."""
        yield from self._sources(sitemaps_from_robots(getattr(response, "text", "")), self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        """A sitemap or sitemap index: schedule children and articles, newest first."""
        try:
            document = parse_sitemap(response.body)
        except SourceError as exc:
            yield self._bad_source(response, "bad_sitemap", str(exc))
            return
        self.crawler.stats.inc_value("newscrawl/sources/sitemaps")
        if document.problem:
            yield self._bad_source(response, "malformed_sitemap", document.problem)
        if document.is_index:
            fresh = []
            for entry in document.entries:
                if self._before_window(entry.modified):
                    self.crawler.stats.inc_value("newscrawl/skipped/old_sitemap")
                    continue
                fresh.append(entry.url)
            yield from self._sources(fresh, self.parse_sitemap)
            return
        yield from self._schedule_entries(document.entries, "sitemap")

    def parse_feed(self, response: Response) -> Iterator[Any]:
        """An RSS, Atom or JSON feed: schedule its articles, newest first."""
        try:
            feed = parse_feed(response.body)
        except SourceError as exc:
            if response.meta.get("newscrawl_guessed"):  # a guessed path that is not a feed: normal
                self.crawler.stats.inc_value("newscrawl/sources/guessed_feed_absent")
                return
            yield self._bad_source(response, "bad_feed", str(exc))
            return
        self.crawler.stats.inc_value("newscrawl/sources/feeds")
        if feed.problem:
            yield self._bad_source(response, "malformed_feed", feed.problem)
        yield from self._schedule_entries(feed.entries, "feed")

    def _schedule_entries(self, entries: Iterable[SourceEntry], source: str) -> Iterator[scrapy.Request]:
        ordered = sorted(entries, key=lambda e: _day_priority(e.newest_date), reverse=True)
        for entry in ordered:
            url = strip_tracking(entry.url)
            self.count(f"discovered/{source}", url)
            if not self.url_allowed(url):
                self.count("skipped/off_site_or_denied", url)
                continue
            if not self.in_window(entry.published, entry.newest_date):
                self.count("skipped/out_of_window", url)
                self.outside_window.add(canonicalize_url(url))  # links to it are skipped too
                continue
            request = self.article_request(
                url, _day_priority(entry.newest_date), {"newscrawl_entry": entry, "newscrawl_hint": source}
            )
            if request is not None:
                yield request

    def article_request(self, url: str, priority: int, meta: dict[str, Any]) -> scrapy.Request | None:
        """A request for a page that may be an article; None when the ledger says it is not needed.

        An article ingested before is downloaded again only when the revisit policy says so
        (by default: its sitemap lastmod or feed date is newer than the last fetch), and then
        conditionally (If-None-Match / If-Modified-Since) when the last response gave validators.
        """
        headers: dict[str, str] = {}
        ledger = crawl_ledger(self.crawler)
        if ledger is not None:
            known = ledger.for_request(canonicalize_url(url))
            if known is not None:
                entry: SourceEntry | None = meta.get("newscrawl_entry")
                lastmod = entry.newest_date if entry is not None else None
                if not should_refetch(known, lastmod, self.revisit_policy):
                    self.count("skipped/seen", url)
                    return None
                self.count("revisits/scheduled", url)
                meta = {**meta, "newscrawl_revisit": known.canonical_url}
                if known.etag:
                    headers["If-None-Match"] = known.etag
                if known.last_modified:
                    headers["If-Modified-Since"] = known.last_modified
        try:
            return scrapy.Request(
                url,
                callback=self.parse_page,
                errback=self.on_error,
                priority=priority,
                meta=meta,
                headers=headers,
            )
        except ValueError:  # e.g. a port out of range in a sitemap's <loc>
            self.count("skipped/bad_url")
            return None

    # --- pages ------------------------------------------------------------------------
    async def parse_page(self, response: Response) -> AsyncIterator[Any]:
        """An HTML page: an article becomes an item; any page may lead to more pages."""
        if not self.url_allowed(response.url, listing=True):  # redirected off the site
            self.count("skipped/off_site_redirect")
            return
        self.count("pages/fetched", response.url)
        ctype = _content_type(response)
        if not response.body.strip():
            yield self.reject(response, "empty_response", "the server sent an empty body")
            return
        if (
            ctype
            and not any(t in ctype for t in _HTML_TYPES)
            and sniff_source(response.body) != SourceKind.HTML
        ):
            yield self.reject(response, "not_html", f"content type {ctype}")
            return
        html = decode_html(response.body, ctype)
        try:
            result = await self.extractor.extract(html, response.url, self.rules_for(response.url))
        except ExtractionCrashed as exc:
            yield self.reject(response, "extraction_crashed", str(exc))
            return
        except ExtractionTimeout as exc:
            self.logger.warning("Extraction timed out on %s", response.url)
            yield self.reject(response, "extraction_timeout", str(exc))
            return
        except Exception as exc:  # extraction is meant never to raise; if it does, say so
            self.logger.exception("Extraction failed on %s", response.url)
            yield self.reject(response, "extraction_error", f"{type(exc).__name__}: {exc}")
            return
        expected = _expected_article(response)
        if expected and result.oversized and not result.fields.get("article_body"):
            detail = f"{result.oversized} elements, too many to extract, and no structured article body"
            yield self.reject(response, "page_too_large", detail)
            return
        if result.page_type == "article" or (expected and not result.is_other_page_type):
            yield self.build_item(response, result.fields, result.provenance)
        else:
            self.count("pages/non_article", response.url)
            self.count(f"non_article/{result.page_type_reason_key}")
            self.logger.debug("Not an article (%s): %s", result.page_type_reason, response.url)
        if response.meta.get("depth", 0) == 0:
            for request in self._feed_links(response):
                yield request
        if result.page_type != "article":
            for request in self.follow_links(response):
                yield request

    def build_item(self, response: Response, fields: dict[str, Any], provenance: dict[str, str]) -> dict:
        """Normalize extracted fields into a schema-v1 record, with sitemap/feed hints as fallback."""
        fields = dict(fields)
        provenance = dict(provenance)
        entry: SourceEntry | None = response.meta.get("newscrawl_entry")
        hint = response.meta.get("newscrawl_hint", "sitemap")
        if entry is not None:
            if not fields.get("headline") and entry.title:
                fields["headline"], provenance["headline"] = entry.title, hint
            if not fields.get("date_published") and entry.published:
                fields["date_published"], provenance["date_published"] = entry.published.isoformat(), hint
            if not fields.get("tags") and entry.keywords:
                fields["tags"], provenance["tags"] = list(entry.keywords), hint
        item = load_article(
            fields, provenance, response.url, site=self.site_for(response.url), crawled_at=utc_now_iso()
        )
        for field in ("date_published", "date_modified"):
            item[field] = localize_date(item[field], self.site_timezone)
        item[FETCH_META] = {
            "etag": _header(response, "ETag"),
            "last_modified": _header(response, "Last-Modified"),
            "lookup_url": canonicalize_url(_requested_url(response)),
        }
        return item

    def rules_for(self, url: str) -> tuple[SiteRule, ...]:
        """Site rules for a page: those of the bundled profile of its host, if any."""
        return rules_for_url(url)

    def count(self, key: str, url: str | None = None) -> None:
        """Increment stat ``newscrawl/<key>``, and its per-site twin when ``url`` is given."""
        stats = self.crawler.stats
        stats.inc_value(f"newscrawl/{key}")
        if url is not None:
            stats.inc_value(f"newscrawl/by_site/{self.site_for(url)}/{key}")

    def site_for(self, url: str) -> str:
        """The ``site`` of a record: the profile name, or the registered domain for generic crawls."""
        return self.site_name or registered_domain(url)

    def follow_links(self, response: Response) -> Iterator[scrapy.Request]:
        """Follow links within the site's domains (Scrapy's DEPTH_LIMIT bounds how far)."""
        if not isinstance(response, TextResponse):
            return
        try:
            links = self._link_extractor.extract_links(response)
        except (AttributeError, ValueError):
            return
        for link in links:
            url = strip_tracking(link.url)
            if is_asset_url(url) or not self.url_allowed(url):
                continue
            self.count("discovered/link", url)
            if canonicalize_url(url) in self.outside_window:
                self.count("skipped/out_of_window", url)
                continue
            request = self.article_request(url, LINK_PRIORITY, {})
            if request is not None:
                yield request

    def _feed_links(self, response: Response) -> Iterator[scrapy.Request]:
        """Feeds a start page announces (``<link rel="alternate">``), else the common feed paths."""
        if not isinstance(response, TextResponse):
            return
        announced = False
        for link in response.css("link[rel~=alternate]"):
            kind = (link.attrib.get("type") or "").lower()
            href = link.attrib.get("href")
            if href and kind in _FEED_TYPES:
                try:
                    url = urljoin(response.url, href)
                except ValueError:
                    self.count("skipped/bad_url")
                    continue
                if self.url_allowed(url, listing=True):
                    announced = True
                    yield from self._sources([url], self.parse_feed)
        if not announced and not self.start_feeds:
            for path in COMMON_FEED_PATHS:
                request = self._source_request(urljoin(response.url, path), self.parse_feed)
                request.meta["newscrawl_guessed"] = True
                yield request.replace(errback=self.on_source_error)

    # --- rules --------------------------------------------------------------------------
    def url_allowed(self, url: str, listing: bool = False) -> bool:
        """Inside the site's domains and not denied by the profile's URL patterns."""
        if self.site_domains and not host_matches(url, self.site_domains):
            return False
        if any(p.search(url) for p in self._deny):
            return False
        return (
            listing
            or not self._allow
            or any(p.search(url) for p in self._allow)
            or not looks_like_article_url(url)
        )

    def in_window(self, published: datetime | None, newest: datetime | None = None) -> bool:
        """Whether an entry may fall in the ``since``/``until`` window (unknown dates pass).

        ``until`` is checked against the publication date only (an old article edited later
        is still in a backfill's window); ``since`` against the newest date known.
        """
        latest = newest or published
        if self.since and latest is not None and latest.date() < self.since:
            return False
        return not (self.until and published is not None and published.date() > self.until)

    def _before_window(self, moment: datetime | None) -> bool:
        return bool(moment and self.since and moment.date() < self.since)

    # --- failures -----------------------------------------------------------------------
    def reject(self, response: Response, reason: str, detail: str) -> RejectItem:
        """A fetched page that is not written, with its reason (the store pipeline records it)."""
        return RejectItem(
            url=response.url,
            reason=reason,
            detail=detail,
            status=response.status,
            site=self.site_for(response.url),
        )

    def _bad_source(self, response: Response, reason: str, detail: str) -> RejectItem:
        self.crawler.stats.inc_value(f"newscrawl/sources/{reason}")
        self.logger.warning("Unreadable source %s: %s", response.url, detail)
        reject = self.reject(response, reason, detail)
        reject.fetched = False  # a sitemap or feed, not one of the pages the counts add up
        return reject

    def on_error(self, failure: Failure) -> Iterator[RejectItem]:
        """A request that failed (HTTP error, DNS, timeout, refused address): record a reject."""
        request = failure.request  # type: ignore[attr-defined]
        reason, status, detail = classify_failure(failure)
        if reason == "robots_disallowed":
            self.crawler.stats.inc_value("newscrawl/skipped/robots_disallowed")
            return
        if failure.check(OutsideWindow):
            return  # counted by the middleware; nothing was fetched
        revisit = request.meta.get("newscrawl_revisit")
        if status == 304 and revisit:
            self.count("revisits/not_modified", request.url)
            ledger = crawl_ledger(self.crawler)
            if ledger is not None:
                response = failure.value.response  # type: ignore[union-attr]
                ledger.touch_fetched(revisit, _header(response, "ETag"), _header(response, "Last-Modified"))
            return
        if request.callback == self.parse_start or request.meta.get("newscrawl_source"):
            hint = _PRIVATE_HINT if reason == "private_address" else ""
            self.logger.warning("Start URL or source failed: %s: %s%s", request.url, detail, hint)
        else:
            self.logger.info("Failed %s: %s", request.url, detail)
        yield RejectItem(
            url=request.url,
            reason=reason,
            detail=detail,
            status=status,
            site=self.site_for(request.url),
            fetched=False,
        )

    def on_source_error(self, failure: Failure) -> None:
        """A missing robots.txt or guessed feed is normal: count it, do not record a reject."""
        guessed = failure.request.meta.get("newscrawl_guessed")  # type: ignore[attr-defined]
        self.crawler.stats.inc_value(
            f"newscrawl/sources/{'guessed_feed_absent' if guessed else 'robots_unavailable'}"
        )


_PRIVATE_HINT = " (to crawl a site on this machine or network, set -s NEWSCRAWL_ALLOW_PRIVATE_HOSTS=true)"


def _expected_article(response: Response) -> bool:
    """Whether a page should be an article: a news sitemap or feed entry (it gives a title or a
    publication date) or a URL of an article's shape. A plain sitemap also lists the homepage and
    "about" pages; whether a page is found first by a sitemap or by a link must not matter."""
    entry: SourceEntry | None = response.meta.get("newscrawl_entry")
    if entry is not None and (entry.title or entry.published is not None):
        return True
    return looks_like_article_url(response.url)


def _requested_url(response: Response) -> str:
    """The URL the page was asked for, before redirects: the ledger key a later run looks up."""
    redirects = response.meta.get("redirect_urls") or ()
    return str(redirects[0]) if redirects else response.url


def _header(response: Response, name: str) -> str | None:
    raw = response.headers.get(name)
    return raw.decode("latin-1") if raw else None


def _content_type(response: Response) -> str:
    raw = response.headers.get("Content-Type") or b""
    return raw.decode("latin-1").lower()


def classify_failure(failure: Failure) -> tuple[str, int | None, str]:
    """(reason, HTTP status, detail) of a failed request.

    Scrapy's own download exceptions and the Twisted errors they wrap are both recognised.
    """
    from scrapy.exceptions import IgnoreRequest

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
