"""Every bundled site profile, crawled with ``scrapy crawl <name>`` against a local fixture site of its shape.

The fixture sites (``tests/fixtures/sites``, made by ``tests/support/profile_sites.py``)
serve each profile's robots.txt, sitemaps and feeds at their real paths; a test-only
download handler sends the crawl's https requests to a local server instead of the web.
"""

from __future__ import annotations

import filecmp
import os
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from newscrawl.normalize.urls import canonicalize_url
from newscrawl.sites import load_profiles
from tests.crawling import CrawlResult, run_crawl
from tests.support.fixture_web import FixtureWeb
from tests.support.localweb import crawl_settings
from tests.support.profile_sites import FIXTURES_DIR, PROFILE_FIXTURES, ProfileFixture, generate
from tests.support.sitegen import route_key, safe

PROFILES = load_profiles()


# Japanese text has no spaces between words. The page classifier
# (newscrawl/extraction/classify.py) counts words with str.split(), so a Japanese article
# of ~280 characters counts 3 "words", is classified "article body too short", and the
# spider drops it silently as a typed non-article even though its feed listed it.
@pytest.fixture(scope="module")
def web() -> Iterator[FixtureWeb]:
    with FixtureWeb(FIXTURES_DIR) as server:
        yield server


@pytest.fixture(scope="module")
def crawled(
    web: FixtureWeb, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[str], CrawlResult]]:
    """``scrapy crawl <profile>`` for every profile, answered by the fixture server.

    The crawls are separate ``scrapy`` processes started together (a few at a time), each
    with its own data directory; a test waits for the one it reads.
    """
    workers = max(2, min(4, os.cpu_count() or 2))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures: dict[str, Future[CrawlResult]] = {
            name: pool.submit(
                run_crawl,
                name,
                tmp_path_factory.mktemp(name),
                settings=crawl_settings(web.origin),
                timeout=90,
            )
            for name in sorted(PROFILE_FIXTURES)
        }
        yield lambda name: futures[name].result()


def test_every_profile_has_a_fixture_site() -> None:
    assert set(PROFILE_FIXTURES) == set(PROFILES)
    assert len(PROFILES) >= 10


def test_committed_fixtures_match_the_generator(tmp_path: Path) -> None:
    generate(tmp_path / "sites")
    compared = filecmp.dircmp(tmp_path / "sites", FIXTURES_DIR)
    stack, differences = [compared], []
    while stack:
        node = stack.pop()
        differences += node.left_only + node.right_only + node.diff_files + node.funny_files
        stack += node.subdirs.values()
    assert differences == [], "run: python -m tests.support.profile_sites"


@pytest.mark.parametrize("name", sorted(PROFILE_FIXTURES))
def test_fixture_serves_the_profile_sources(name: str) -> None:
    """The fixture answers every start URL, sitemap and feed the profile names, at its real path."""
    profile = PROFILES[name]
    for url in (*profile.start_urls, *profile.sitemaps, *profile.feeds):
        host, path = route_key(url)
        routes = FixtureWeb(FIXTURES_DIR).routes(host)
        assert path in routes, f"{name}: fixture does not serve {url}"


@pytest.mark.parametrize("name", sorted(PROFILE_FIXTURES))
def test_each_fixture_article_has_exactly_one_way_in(name: str) -> None:
    """So that a source the spider fails to read shows up as a missing article."""
    site = PROFILE_FIXTURES[name].site
    listed = Counter(safe(url) for source in site.sources for url in source.items)
    listed.update(safe(url) for url in site.homepage_links)
    assert all(listed[safe(url)] == 1 for url in PROFILE_FIXTURES[name].article_urls), listed


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_unconfirmed_sources_are_profile_sources(name: str) -> None:
    profile = PROFILES[name]
    assert set(profile.unconfirmed_sources) <= {*profile.sitemaps, *profile.feeds, *profile.start_urls}


def _params() -> list[object]:
    return list(sorted(PROFILE_FIXTURES))


@pytest.mark.parametrize("name", _params())
def test_profile_crawl_writes_every_article_once(
    name: str, web: FixtureWeb, crawled: Callable[[str], CrawlResult]
) -> None:
    fixture: ProfileFixture = PROFILE_FIXTURES[name]
    result = crawled(name)

    written = Counter(r["canonical_url"] for r in result.records)
    expected = Counter(canonicalize_url(safe(url)) for url in fixture.article_urls)
    assert written == expected, f"rejects: {result.rejects}"
    for other in fixture.other_urls:
        assert canonicalize_url(safe(other)) not in written
    # The video page is listed by a sitemap or feed and linked from the homepage, but the
    # profile's deny patterns keep it from even being fetched.
    video = next(p for p in fixture.site.pages if p.kind == "video")
    host, path = route_key(video.url)
    assert path not in web.log.paths(host)
    for record in result.records:
        assert record["site"] == name
        assert record["language"] == PROFILES[name].language
        article = fixture.site.article(record["url"])
        assert record["headline"] == article.headline
    # Each article is reachable through one source only, so all of them were read.
    counts = result.manifest["counts"]
    assert counts["articles_written"] == len(fixture.article_urls)
    assert counts["sources"].get("bad_sitemap", 0) == 0
    assert counts["sources"].get("bad_feed", 0) == 0


# Profiles whose robots.txt sitemaps are known not to be read (none at present; the Guardian's
# start URL is a section page, /international, whose site's robots.txt must still be read).
@pytest.mark.parametrize(
    "name",
    [name for name in sorted(PROFILE_FIXTURES) if PROFILE_FIXTURES[name].site.robots_sitemaps],
)
def test_sitemaps_declared_in_robots_txt_are_read(
    name: str, web: FixtureWeb, crawled: Callable[[str], CrawlResult]
) -> None:
    crawled(name)
    for url in PROFILE_FIXTURES[name].site.robots_sitemaps:
        host, path = route_key(url)
        assert path in web.log.paths(host), f"{url} (declared in robots.txt) was never fetched"
