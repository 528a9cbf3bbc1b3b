"""End to end: a real ``scrapy crawl news`` of the bundled demo site over HTTP, and the JSONL it writes."""

from __future__ import annotations

import json
import shutil
import socket
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from newscrawl.demo.server import SITE_DIR, DemoServer
from newscrawl.normalize.urls import canonicalize_url
from newscrawl.schema import validate_article
from tests.crawling import CrawlResult, run_crawl

EXPECTED = json.loads((Path(__file__).parent / "fixtures" / "demo_expected.json").read_text(encoding="utf-8"))
PAGES: list[dict[str, Any]] = EXPECTED["pages"]
ARTICLES = [p for p in PAGES if p["kind"] == "article"]
NON_ARTICLES = [p for p in PAGES if p["kind"] == "non-article"]
COPIES = [p for p in PAGES if p["kind"] == "duplicate-content"]
REJECTS = [p for p in PAGES if p["kind"] == "reject"]
# The seed page's boilerplate: never in any article body.
SEED_BOILERPLATE = ["aaA", "00:00", "RECOMMENDED", "Explore", "SOURCE:", " / AP"]
ALLOWED = {"NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true"}


def canonical_path(page: dict[str, Any]) -> str:
    """The path of the canonical URL newscrawl gives the page's article."""
    return path_of(canonicalize_url("http://demo.test" + page["canonical_path"]))


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    with DemoServer() as server:
        yield server


@pytest.fixture(scope="module")
def homepage_crawl(demo: DemoServer, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    return run_crawl(
        "news",
        tmp_path_factory.mktemp("home"),
        arguments={"start_urls": f"{demo.base_url}/"},
        settings=ALLOWED,
    )


def written_paths(result: CrawlResult) -> Counter[str]:
    """Canonical paths written, with a syndicated copy counted as the original it copies.

    Within one run, the first of two pages with the same body is written and the other is
    a duplicate; which one comes first depends on download order.
    """
    copies = {canonical_path({"canonical_path": p["path"]}): p["duplicate_of"] for p in COPIES}
    originals = {k: canonical_path({"canonical_path": v}) for k, v in copies.items()}
    return Counter(originals.get(p, p) for p in (path_of(r["canonical_url"]) for r in result.records))


def test_every_article_written_exactly_once(homepage_crawl: CrawlResult) -> None:
    expected = Counter(canonical_path(p) for p in ARTICLES)
    assert written_paths(homepage_crawl) == expected


def test_duplicates_and_non_articles_are_not_written(homepage_crawl: CrawlResult) -> None:
    written = {path_of(r["url"]) for r in homepage_crawl.records}
    assert written.isdisjoint({p["path"] for p in NON_ARTICLES})
    for copy in COPIES:
        assert not {copy["path"], copy["duplicate_of"]} <= written, "both copies of one body were written"
    duplicates = homepage_crawl.manifest["counts"]["duplicates"]
    assert duplicates.get("content", 0) == len(COPIES), (
        "the syndicated copy must be counted as a content duplicate"
    )


def test_rejects_are_recorded_with_reasons(homepage_crawl: CrawlResult) -> None:
    by_path = {path_of(r["url"]): r for r in homepage_crawl.rejects}
    for page in REJECTS:
        assert page["path"] in by_path, f"{page['path']} ({page['reject_reason']}) not recorded as a reject"
        reject = by_path[page["path"]]
        assert reject["reason"] and reject["detail"]
        assert reject["status"] == page["status"], page["path"]  # a page the pipeline rejected: 200
        if page["status"] == 404:
            assert reject["reason"] == "http_404"
    reasons = homepage_crawl.manifest["counts"]["rejects_by_reason"]
    assert (
        sum(reasons.values()) == homepage_crawl.manifest["counts"]["rejects"] == len(homepage_crawl.rejects)
    )


def test_every_record_is_valid_against_the_schema(homepage_crawl: CrawlResult) -> None:
    assert homepage_crawl.records
    for record in homepage_crawl.records:
        assert validate_article(record) == [], record["url"]
        assert record["run_id"] == homepage_crawl.manifest["run_id"]
        assert record["revision"] == 1
        assert record["site"] == "127.0.0.1"


def test_no_boilerplate_in_any_body(homepage_crawl: CrawlResult) -> None:
    boilerplate = {canonical_path(p): p["expected"].get("boilerplate", []) for p in ARTICLES}
    for record in homepage_crawl.records:
        body = record["article_body"]
        for text in SEED_BOILERPLATE + boilerplate.get(path_of(record["canonical_url"]), []):
            assert text not in body, f"{text!r} in the body of {record['url']}"


def test_manifest_counts_add_up(homepage_crawl: CrawlResult) -> None:
    counts = homepage_crawl.manifest["counts"]
    assert counts["articles_written"] == len(homepage_crawl.records) == len(ARTICLES)
    assert counts["pages_fetched"] == (
        counts["articles_written"]
        + sum(counts["duplicates"].values())
        + counts["rejected_pages"]
        + counts["non_article_pages"]
    )
    assert counts["rejected_pages"] == sum(1 for p in REJECTS if p["status"] == 200)
    site = homepage_crawl.manifest["counts"]["by_site"]["127.0.0.1"]
    assert site["articles/written"] == counts["articles_written"]
    assert site["pages/fetched"] == counts["pages_fetched"]
    assert site["pages/non_article"] == counts["non_article_pages"]
    assert site["discovered/sitemap"] >= len(ARTICLES)
    assert homepage_crawl.manifest["finish_reason"] == "finished"


def test_non_article_pages_are_counted_by_reason(homepage_crawl: CrawlResult) -> None:
    counts = homepage_crawl.manifest["counts"]
    by_reason = counts["non_article_by_reason"]
    assert counts["non_article_pages"] > 0
    assert sum(by_reason.values()) == counts["non_article_pages"]
    assert all(reason and reason == reason.lower() and " " not in reason for reason in by_reason)


def test_every_output_line_is_one_complete_json_object(homepage_crawl: CrawlResult) -> None:
    for line in homepage_crawl.raw_lines:
        assert isinstance(json.loads(line), dict)


@pytest.mark.parametrize(
    ("start", "flag"), [("/sitemap_index.xml", "in_news_sitemap"), ("/feed.xml", "in_feed")]
)
def test_crawl_from_a_sitemap_or_a_feed(demo: DemoServer, tmp_path: Path, start: str, flag: str) -> None:
    result = run_crawl("news", tmp_path, arguments={"start_urls": demo.base_url + start}, settings=ALLOWED)
    written = Counter(path_of(r["canonical_url"]) for r in result.records)
    listed = {canonical_path(p) for p in ARTICLES if p[flag]}
    assert listed, f"no article is marked {flag}"
    assert listed <= set(written)
    assert all(n == 1 for n in written.values())


def test_max_articles_stops_the_crawl(demo: DemoServer, tmp_path: Path) -> None:
    result = run_crawl(
        "news",
        tmp_path,
        arguments={"start_urls": f"{demo.base_url}/feed.xml", "max_articles": "2"},
        settings=ALLOWED,
    )
    assert len(result.records) == 2
    assert result.manifest["finish_reason"] == "max_articles"


def test_since_skips_older_entries_before_download(demo: DemoServer, tmp_path: Path) -> None:
    since = "2026-01-01"
    demo.reset_hits()
    result = run_crawl(
        "news", tmp_path, arguments={"start_urls": f"{demo.base_url}/sitemap-news.xml", "since": since},
        settings=ALLOWED,
    )  # fmt: skip
    assert result.records
    assert all(r["date_published"] >= since for r in result.records)
    assert result.manifest["counts"]["skipped"].get("out_of_window", 0) >= 1
    older = [p["path"] for p in ARTICLES if p["in_news_sitemap"] and p["expected"]["date_published"] < since]
    assert older and all(demo.hits[p.split("?")[0]] == 0 for p in older)


def test_since_and_until_apply_to_articles_found_by_links(demo: DemoServer, tmp_path: Path) -> None:
    since, until = "2025-06-01", "2025-12-31"
    result = run_crawl(
        "news", tmp_path, arguments={"start_urls": f"{demo.base_url}/", "since": since, "until": until},
        settings=ALLOWED,
    )  # fmt: skip
    inside = {canonical_path(p) for p in ARTICLES if since <= p["expected"]["date_published"][:10] <= until}
    assert inside and set(written_paths(result)) == inside
    assert result.manifest["counts"]["rejects_by_reason"]["out_of_window"] >= 1


def test_private_addresses_are_refused_by_default(demo: DemoServer, tmp_path: Path) -> None:
    before = sum(demo.hits.values())
    result = run_crawl("news", tmp_path, arguments={"start_urls": f"{demo.base_url}/"}, expect_exit=1)
    assert result.records == []
    assert {r["reason"] for r in result.rejects} == {"private_address"}
    assert result.manifest["failure"]["reason"] == "no_source_read"
    assert sum(demo.hits.values()) == before


def test_names_resolving_to_private_addresses_are_refused_at_connect_time(
    demo: DemoServer, tmp_path: Path
) -> None:
    """With the checking middleware out of the way (as a rebinding DNS server would get past
    it), the resolver used to connect still refuses a name that resolves to loopback."""
    port = demo.base_url.rsplit(":", 1)[1]
    no_guard = json.dumps({"newscrawl.middlewares.address_guard.AddressGuardMiddleware": None})
    before = sum(demo.hits.values())
    result = run_crawl(
        "news",
        tmp_path,
        arguments={"start_urls": f"http://localhost:{port}/"},
        settings={"DOWNLOADER_MIDDLEWARES": no_guard},
        expect_exit=1,
    )
    assert result.records == []
    assert {r["reason"] for r in result.rejects} == {"private_address"}
    assert result.rejects[0]["detail"] == "host localhost resolves to non-public address 127.0.0.1"
    assert sum(demo.hits.values()) == before


def test_a_closed_port_is_a_connection_refused_reject(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_crawl(
        "news",
        tmp_path,
        arguments={"start_urls": f"http://127.0.0.1:{port}/"},
        settings=ALLOWED,
        expect_exit=1,
    )
    assert result.records == []
    assert {r["reason"] for r in result.rejects} == {"connection_refused"}


def test_a_page_too_large_to_extract_is_a_reject_with_its_reason(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITE_DIR, site)
    filler = "<p>Another line of an endless page.</p>" * 30_000
    (site / "world" / "endless-20260101.html").write_text(
        f"<html><head><title>Endless</title></head><body><h1>Endless</h1>{filler}</body></html>",
        encoding="utf-8",
    )
    with DemoServer(site_dir=site) as server:
        result = run_crawl(
            "news", tmp_path / "data", arguments={"start_urls": f"{server.base_url}/world/endless-20260101.html"},
            settings=ALLOWED,
        )  # fmt: skip
    assert not [r for r in result.records if "endless" in r["url"]]
    (reject,) = [r for r in result.rejects if "endless" in r["url"]]
    assert reject["reason"] == "page_too_large" and "elements" in reject["detail"]


def test_the_proxy_of_the_environment_is_trusted_even_on_a_private_address(
    demo: DemoServer, tmp_path: Path
) -> None:
    """The guard checks the site (a public address here); the operator's proxy is connected to."""
    before = sum(demo.hits.values())
    port = demo.base_url.rsplit(":", 1)[1]
    result = run_crawl(
        "news",
        tmp_path,
        arguments={"start_urls": "http://93.184.216.34/", "max_articles": "1"},
        settings={"RETRY_ENABLED": "false", "ROBOTSTXT_OBEY": "false"},
        env={"http_proxy": f"http://localhost:{port}", "no_proxy": ""},
    )
    assert sum(demo.hits.values()) > before  # the demo server stands in for the proxy
    assert not {"private_address", "dns_error"} & {r["reason"] for r in result.rejects}
    assert len(result.records) == 1


def test_a_listing_too_large_to_extract_is_still_followed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITE_DIR, site)
    wildfire = "/world/wildfire-season-starts-weeks-early-across-southern-europe.html"
    hidden = (
        "/world/archived-wildfire-report-20240301.html"  # in no sitemap or feed: only the archive links it
    )
    html = (site / wildfire.lstrip("/")).read_text(encoding="utf-8").replace(wildfire, hidden)
    (site / hidden.lstrip("/")).write_text(html.replace("</p>", " From the archive.</p>"), encoding="utf-8")
    filler = "<li>An old entry of the archive</li>" * 30_000
    (site / "archive").mkdir()
    (site / "archive" / "index.html").write_text(
        f'<html><body><h1>Archive</h1><a href="{hidden}">Wildfire report</a><ul>{filler}</ul></body></html>',
        encoding="utf-8",
    )
    with DemoServer(site_dir=site) as server:
        result = run_crawl(
            "news", tmp_path / "data", arguments={"start_urls": f"{server.base_url}/archive/"}, settings=ALLOWED,
        )  # fmt: skip
    assert not [r for r in result.rejects if r["reason"] == "page_too_large"]
    assert f"{server.base_url}{hidden}" in {r["url"] for r in result.records}
