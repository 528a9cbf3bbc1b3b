"""Page handling: a fetched HTML page is extracted (in the worker pool) and becomes an
:class:`~newscrawl.items.ArticleItem`, a reject with its reason, or a non-article page whose
links are followed."""

from __future__ import annotations

from collections.abc import AsyncIterator, Coroutine
from typing import Any

from scrapy.http import Response

from newscrawl.discovery import SourceEntry, SourceKind, sniff_source
from newscrawl.discovery.urlshape import looks_like_article_url
from newscrawl.extraction.encoding import binary_kind, decode_page
from newscrawl.extraction.result import PageExtraction
from newscrawl.extraction.workers import ExtractionCrashed, ExtractionTimeout
from newscrawl.items import ArticleItem, FetchFacts
from newscrawl.middlewares.listings import announce_listing, mark_led_by
from newscrawl.normalize.loader import PageHints, load_article
from newscrawl.normalize.urls import canonicalize_url
from newscrawl.sites.registry import rules_for_url
from newscrawl.sites.rules import SiteRule
from newscrawl.spiders.links import LinkFollowing
from newscrawl.storage.runinfo import utc_now_iso

HTML_TYPES = ("text/html", "application/xhtml")


class PageHandling(LinkFollowing):
    """Turns fetched pages into items (or rejects) and follows the links of non-articles."""

    async def parse_page(self, response: Response) -> AsyncIterator[Any]:
        """An HTML page: an article becomes an item; any page may lead to more pages."""
        if not self.url_allowed(response.url, listing=True):  # redirected off the site
            self.count("skipped/off_site_redirect")
            self.settle(response.url, "skipped/off_site_redirect")
            return
        self.count("pages/fetched", response.url)
        ctype = content_type(response)
        if not response.body.strip():
            self.reject(response.url, "empty_response", "the server sent an empty body", response.status)
            return
        if (
            ctype
            and not any(t in ctype for t in HTML_TYPES)
            and sniff_source(response.body) != SourceKind.HTML
        ):
            self.reject(response.url, "not_html", f"content type {ctype}", response.status)
            return
        binary = binary_kind(response.body)
        if binary is not None:
            self.reject(
                response.url, "not_html", f"{binary} served as {ctype or 'no content type'}", response.status
            )
            return
        if "dataloss" in response.flags and not self.keep_truncated(response):
            return
        result = await self.extract(response, ctype)
        if result is None:
            return
        expected = expected_article(response)
        if expected and result.oversized and not result.fields.get("article_body"):
            detail = f"{result.oversized} elements, too many to extract, and no structured article body"
            self.reject(response.url, "page_too_large", detail, response.status)
            return
        listing = False
        if result.page_type == "article" or (expected and not result.is_other_page_type):
            yield self.build_item(response, result.fields, result.provenance)
        else:
            self.count("pages/non_article", response.url)
            self.count(f"non_article/{result.page_type_reason_key}")
            self.settle(response.url, "non_article")
            self.logger.debug("Not an article (%s): %s", result.page_type_reason, response.url)
            listing = True
            announce_listing(self.crawler, response)  # the ledger's listing revisits
        if response.meta.get("depth", 0) == 0:
            for request in self.feed_links(response):
                yield request
        if result.page_type != "article":
            async for request in self.follow_links(response):
                yield mark_led_by(request, response) if listing else request

    async def extract(self, response: Response, ctype: str) -> PageExtraction | None:
        """The page's extraction (None when it failed: then it is rejected). A large page is
        extracted in a one-off process (:mod:`newscrawl.extraction.largepages`), outside the
        pool's slots, so ordinary pages keep flowing while large ones wait their turn. The
        decoded text lives only as long as this call: a 10 MB page is not held while its links
        are followed."""
        async with self.extractor.slot():
            html = self._decoded(response, ctype)
            rules = self.rules_for(response.url)
            if not self.large_pages.is_large(html):
                return await self._extracted(self.extractor.extract(html, response.url, rules), response)
        self.count("extraction/large_pages", response.url)
        self.logger.info(
            "Extracting %s (%d characters) in a one-off process: a large page", response.url, len(html)
        )
        pending = self.large_pages.extract(
            self.extractor.function, self.extractor.timeout, html, response.url, rules
        )
        return await self._extracted(pending, response)

    def _decoded(self, response: Response, ctype: str) -> str:
        decoded = decode_page(response.body, ctype)
        if decoded.repaired:
            self.count("charset_repaired", response.url)
            self.logger.info(
                "Bytes of %s are not valid in its declared charset; read as %s",
                response.url,
                decoded.encoding,
            )
        return decoded.text

    async def _extracted(
        self, pending: Coroutine[Any, Any, PageExtraction], response: Response
    ) -> PageExtraction | None:
        """The awaited extraction, or None with the page rejected for the reason it failed."""
        try:
            return await pending
        except ExtractionCrashed as exc:
            self.reject(response.url, "extraction_crashed", str(exc), response.status)
        except ExtractionTimeout as exc:
            self.logger.warning("Extraction timed out on %s", response.url)
            self.reject(response.url, "extraction_timeout", str(exc), response.status)
        except Exception as exc:  # extraction is meant never to raise; if it does, say so
            self.logger.exception("Extraction failed on %s", response.url)
            self.reject(response.url, "extraction_error", f"{type(exc).__name__}: {exc}", response.status)
        return None

    def keep_truncated(self, response: Response) -> bool:
        """A response that lost data (``NEWSCRAWL_KEEP_TRUNCATED_PAGES`` let it through): kept
        when it looks like a complete page, else rejected as truncated."""
        if looks_complete(response.body):
            self.count("pages/truncated_kept", response.url)
            self.logger.info("Kept %s: its body was cut short but looks complete", response.url)
            return True
        self.reject(
            response.url,
            "truncated",
            f"{len(response.body)} bytes received, fewer than its Content-Length; the page is incomplete",
            response.status,
        )
        return False

    def build_item(
        self, response: Response, fields: dict[str, Any], provenance: dict[str, str]
    ) -> ArticleItem:
        """The schema-v1 record of a page: the loader builds it from the fields and the crawl's hints."""
        hints = PageHints.from_entry(
            response.meta.get("newscrawl_entry"),
            source=response.meta.get("newscrawl_hint", "sitemap"),
            timezone=self.site_timezone,
            language=getattr(self, "site_language", None),
            site=self.site_for(response.url),
        )
        item = load_article(fields, provenance, response.url, hints=hints, crawled_at=utc_now_iso())
        return ArticleItem.from_record(item, fetch_facts(response))

    def rules_for(self, url: str) -> tuple[SiteRule, ...]:
        """Site rules for a page: those of the bundled profile of its host, if any."""
        return rules_for_url(url)


def looks_complete(body: bytes) -> bool:
    """Whether an HTML body ends like a whole page (its closing ``</html>`` or ``</body>``)."""
    tail = body[-2048:].lower()
    return b"</html>" in tail or b"</body>" in tail


def fetch_facts(response: Response) -> FetchFacts:
    """The validators of a response and the URL it was asked for (the ledger's lookup key)."""
    return FetchFacts(
        etag=header(response, "ETag"),
        last_modified=header(response, "Last-Modified"),
        lookup_url=canonicalize_url(requested_url(response)),
        lease=response.meta.get("newscrawl_lease"),  # newscrawl.frontier.acks.LEASE_META
    )


def expected_article(response: Response) -> bool:
    """Whether a page should be an article: a news sitemap or feed entry (it gives a title or a
    publication date) or a URL of an article's shape. A plain sitemap also lists the homepage and
    "about" pages; whether a page is found first by a sitemap or by a link must not matter."""
    entry: SourceEntry | None = response.meta.get("newscrawl_entry")
    if entry is not None and (entry.title or entry.published is not None):
        return True
    return looks_like_article_url(response.url)


def requested_url(response: Response) -> str:
    """The URL the page was asked for, before redirects: the ledger key a later run looks up."""
    redirects = response.meta.get("redirect_urls") or ()
    return str(redirects[0]) if redirects else response.url


def header(response: Response, name: str) -> str | None:
    raw = response.headers.get(name)
    return raw.decode("latin-1") if raw else None


def content_type(response: Response) -> str:
    raw = response.headers.get("Content-Type") or b""
    return raw.decode("latin-1").lower()
