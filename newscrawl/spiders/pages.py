"""Page handling: a fetched HTML page is extracted (in the worker pool) and becomes an
:class:`~newscrawl.items.ArticleItem`, a reject with its reason, or a non-article page whose
links are followed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from scrapy.http import Response

from newscrawl.discovery import SourceEntry, SourceKind, sniff_source
from newscrawl.discovery.urlshape import looks_like_article_url
from newscrawl.extraction.encoding import decode_html
from newscrawl.items import ArticleItem, FetchFacts
from newscrawl.loaders import PageHints, load_article
from newscrawl.runinfo import utc_now_iso
from newscrawl.sites.registry import rules_for_url
from newscrawl.sites.rules import SiteRule
from newscrawl.spiders.links import LinkFollowing
from newscrawl.urls import canonicalize_url
from newscrawl.workers import ExtractionCrashed, ExtractionTimeout

HTML_TYPES = ("text/html", "application/xhtml")


class PageHandling(LinkFollowing):
    """Turns fetched pages into items (or rejects) and follows the links of non-articles."""

    async def parse_page(self, response: Response) -> AsyncIterator[Any]:
        """An HTML page: an article becomes an item; any page may lead to more pages."""
        if not self.url_allowed(response.url, listing=True):  # redirected off the site
            self.count("skipped/off_site_redirect")
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
        html = decode_html(response.body, ctype)
        try:
            result = await self.extractor.extract(html, response.url, self.rules_for(response.url))
        except ExtractionCrashed as exc:
            self.reject(response.url, "extraction_crashed", str(exc), response.status)
            return
        except ExtractionTimeout as exc:
            self.logger.warning("Extraction timed out on %s", response.url)
            self.reject(response.url, "extraction_timeout", str(exc), response.status)
            return
        except Exception as exc:  # extraction is meant never to raise; if it does, say so
            self.logger.exception("Extraction failed on %s", response.url)
            self.reject(response.url, "extraction_error", f"{type(exc).__name__}: {exc}", response.status)
            return
        expected = expected_article(response)
        if expected and result.oversized and not result.fields.get("article_body"):
            detail = f"{result.oversized} elements, too many to extract, and no structured article body"
            self.reject(response.url, "page_too_large", detail, response.status)
            return
        if result.page_type == "article" or (expected and not result.is_other_page_type):
            yield self.build_item(response, result.fields, result.provenance)
        else:
            self.count("pages/non_article", response.url)
            self.logger.debug("Not an article (%s): %s", result.page_type_reason, response.url)
        if response.meta.get("depth", 0) == 0:
            for request in self.feed_links(response):
                yield request
        if result.page_type != "article":
            for request in self.follow_links(response):
                yield request

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
