"""Acceptance: one ``scrapy crawl news`` over three local sites of different shapes, with malformed sources.

A sitemap-only site (reached through a sitemap index), a feed-only site (RSS and
JSON Feed) and a site reachable only through homepage links, crawled together from
``-a start_urls=<sitemap index>,<feed>,<feed>,<broken feed>,<homepage>``. The sitemap
index also lists a truncated sitemap, an HTML page served as a sitemap, a gzip bomb
and an XML entity-expansion bomb. Every article of every site must be written once,
no other page written, and each malformed source survived, logged and counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from newscrawl.normalize.urls import canonicalize_url
from tests.crawling import CrawlResult, run_crawl
from tests.support.fixture_web import FixtureWeb
from tests.support.localweb import crawl_settings
from tests.support.multisite import MALFORMED, generate, start_urls
from tests.support.sitegen import FixtureSite, route_key, safe


@pytest.fixture(scope="module")
def fixture_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[FixtureSite]]:
    root = tmp_path_factory.mktemp("multisite")
    return root, generate(root)


@pytest.fixture(scope="module")
def web(fixture_sites: tuple[Path, list[FixtureSite]]) -> Iterator[FixtureWeb]:
    with FixtureWeb(fixture_sites[0]) as server:
        yield server


@pytest.fixture(scope="module")
def result(web: FixtureWeb, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    return run_crawl(
        "news",
        tmp_path_factory.mktemp("data"),
        arguments={"start_urls": ",".join(start_urls())},
        settings=crawl_settings(web.origin),
        timeout=90,
    )


def _canonical(url: str) -> str:
    return canonicalize_url(safe(url))


def _warnings_about(result: CrawlResult, url: str) -> list[str]:
    return [line for line in result.log.splitlines() if "WARNING" in line and safe(url) in line]


def test_crawl_finishes(result: CrawlResult) -> None:
    assert result.manifest["finish_reason"] == "finished"
    assert "Traceback" not in result.log


@pytest.mark.parametrize("site", ["harbour-herald", "valley-courier", "northgate-post"])
def test_every_article_of_each_site_written_once(
    site: str, result: CrawlResult, fixture_sites: tuple[Path, list[FixtureSite]]
) -> None:
    described = next(s for s in fixture_sites[1] if s.name == site)
    written = Counter(r["canonical_url"] for r in result.records if r["site"] == described.host)
    assert written == Counter(_canonical(a.url) for a in described.articles)
    for record in result.records:
        if record["site"] == described.host:
            assert record["headline"] == described.article(record["url"]).headline


def test_no_other_page_written(result: CrawlResult, fixture_sites: tuple[Path, list[FixtureSite]]) -> None:
    written = {r["canonical_url"] for r in result.records}
    others = [p for s in fixture_sites[1] for p in s.pages]
    assert {"video", "tag", "author"} <= {p.kind for p in others}
    assert written.isdisjoint(_canonical(p.url) for p in others)
    total = sum(len(s.articles) for s in fixture_sites[1])
    assert len(result.records) == total == result.manifest["counts"]["articles_written"]


def test_pages_of_other_kinds_were_fetched_and_classified(
    result: CrawlResult, web: FixtureWeb, fixture_sites: tuple[Path, list[FixtureSite]]
) -> None:
    """The non-article pages were not merely missed: the crawl fetched them and told them apart."""
    others = [p for s in fixture_sites[1] for p in s.pages]
    fetched = [p for p in others if route_key(p.url)[1] in web.log.paths(route_key(p.url)[0])]
    assert fetched == others
    assert result.manifest["counts"]["non_article_pages"] >= len(others)


def test_good_sources_all_read(result: CrawlResult) -> None:
    sources = result.manifest["counts"]["sources"]
    assert sources.get("sitemaps", 0) >= 3  # the index and its two good children
    assert sources.get("feeds", 0) >= 2  # RSS and JSON Feed


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (MALFORMED.html_sitemap, "bad_sitemap"),
        (MALFORMED.gzip_bomb, "bad_sitemap"),
        (MALFORMED.entity_bomb, "bad_sitemap"),
        (MALFORMED.broken_feed, "bad_feed"),
    ],
    ids=["html-as-sitemap", "gzip-bomb", "entity-bomb", "broken-feed"],
)
def test_unreadable_source_is_logged_counted_and_rejected(url: str, reason: str, result: CrawlResult) -> None:
    assert _warnings_about(result, url), f"no warning names {url}"
    assert result.manifest["counts"]["sources"].get(reason, 0) >= 1
    assert any(r["url"] == safe(url) and r["reason"] == reason for r in result.rejects)


def test_malformed_source_counts_in_manifest(result: CrawlResult) -> None:
    sources = result.manifest["counts"]["sources"]
    assert sources.get("bad_sitemap", 0) >= 3
    assert sources.get("bad_feed", 0) == 1


def test_gzip_bomb_is_not_expanded_past_the_limit(result: CrawlResult) -> None:
    reject = next(r for r in result.rejects if r["url"] == safe(MALFORMED.gzip_bomb))
    assert "expands past" in reject["detail"]


def test_entity_bomb_is_not_expanded(result: CrawlResult, web: FixtureWeb) -> None:
    """No entity is expanded: no request carries the bomb's text, and the crawl finished normally."""
    assert route_key(MALFORMED.entity_bomb)[1] in web.log.paths(route_key(MALFORMED.entity_bomb)[0])
    assert not any("lol" in path for _host, path in web.log.entries)
    assert result.manifest["finish_reason"] == "finished"


def test_truncated_sitemap_is_reported(result: CrawlResult) -> None:
    assert _warnings_about(result, MALFORMED.truncated_sitemap)


def test_page_counts_add_up_with_bad_sources(result: CrawlResult) -> None:
    counts = result.manifest["counts"]
    assert counts["pages_fetched"] == (
        counts["articles_written"]
        + sum(counts["duplicates"].values())
        + counts["rejected_pages"]
        + counts["non_article_pages"]
        + counts["skipped"].get("max_articles", 0)
    )
