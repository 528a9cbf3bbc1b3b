"""The hostile site (tests/support/hostile_site.py) crawled twice, fresh and again: the crawl
finishes, each article is written once and correctly, every broken URL ends in a reject with its
precise reason, and every URL the crawl requested is accounted for in the manifest."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from tests.crawling import CrawlResult, run_crawl
from tests.support.hostile_pages import CASES, HOSTILE, NORMAL, RETRY_AFTER_S, WRONG_CHARSET_TEXT
from tests.support.hostile_site import CRAWL_SETTINGS, HostileSite, crawl_arguments

VAGUE_REASONS = {"download_error", "ignored", "download_cancelled", "refused"}


@dataclass
class Crawls:
    site: HostileSite
    fresh: CrawlResult
    again: CrawlResult
    hits_after_fresh: Counter[str]


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawls]:
    data = tmp_path_factory.mktemp("hostile") / "data"
    with HostileSite(lifetime=900) as site:
        fresh = run_crawl("news", data, arguments=crawl_arguments(site), settings=CRAWL_SETTINGS, timeout=400)
        hits = site.log.counts()
        again = run_crawl("news", data, arguments=crawl_arguments(site), settings=CRAWL_SETTINGS, timeout=400)
        yield Crawls(site, fresh, again, hits)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_each_article_is_written_once(crawls: Crawls) -> None:
    written = Counter(path_of(r["url"]) for r in crawls.fresh.records)
    expected = {p for p, case in CASES.items() if case.outcome == "article"}
    assert {p: n for p, n in written.items() if p in expected} == dict.fromkeys(expected, 1)
    assert set(written) == expected, "only the site's articles are written"
    assert crawls.fresh.manifest["finish_reason"] == "finished"


def test_every_broken_url_is_a_reject_with_its_precise_reason(crawls: Crawls) -> None:
    reasons: dict[str, list[str]] = {}
    for reject in crawls.fresh.rejects:
        reasons.setdefault(path_of(reject["url"]), []).append(reject["reason"])
        assert reject["detail"].strip(), reject
        assert reject["reason"] not in VAGUE_REASONS, reject
    expected = {p: [case.reason] for p, case in HOSTILE.items() if case.outcome == "reject"}
    assert reasons == expected


def test_no_record_holds_replacement_or_nul_characters(crawls: Crawls) -> None:
    for line in crawls.fresh.raw_lines:
        text = line.decode("utf-8")
        assert "\ufffd" not in text and "\\u0000" not in text and "\x00" not in text


def test_the_page_in_the_wrong_charset_is_repaired_and_counted(crawls: Crawls) -> None:
    record = next(r for r in crawls.fresh.records if r["url"].endswith("/wrong-charset-story"))
    assert record["headline"] == "Café owners protest new terrace fees"
    assert record["authors"] == ["Élise Fournier"]
    assert all(text in record["article_body"] for text in WRONG_CHARSET_TEXT)
    assert crawls.fresh.manifest["counts"]["charset_repaired"] >= 1


def test_the_deeply_nested_article_keeps_its_five_paragraphs(crawls: Crawls) -> None:
    record = next(r for r in crawls.fresh.records if r["url"].endswith("/deeply-nested-story"))
    paragraphs = record["article_body"].split("\n\n")
    assert len(paragraphs) == 5 and record["word_count"] > 150


def test_retry_after_is_honoured(crawls: Crawls) -> None:
    times = crawls.site.log.times("/news/2026/02/06/rate-limited-story")
    assert len(times) >= 2
    assert times[1] - times[0] >= RETRY_AFTER_S * 0.9
    assert crawls.fresh.manifest["counts"]["retry_after"]["honoured"] >= 2  # the 429 and the 503s


def test_huge_pages_and_bombs_were_served_and_accounted(crawls: Crawls) -> None:
    for path in ("/links/huge", "/feed-huge.xml", "/sitemap-laughs.xml", "/feed-laughs.xml"):
        assert crawls.hits_after_fresh[path] >= 1, path
    requests = crawls.fresh.manifest["counts"]["requests"]
    assert requests["non_article_pages"] >= 2  # the homepage and the link pages
    assert requests["not_requested"]["depth_limit"] >= 1  # the huge page's links, past DEPTH_LIMIT
    assert crawls.fresh.manifest["counts"]["skipped"]["out_of_window"] >= 1_000  # the huge feed, dated 2019
    # The 200,000-link page and the 100,000 nested divs are extracted each in a process of its own.
    assert crawls.fresh.manifest["counts"]["large_pages_extracted_alone"] == 2


@pytest.mark.parametrize("run", ["fresh", "again"])
def test_every_requested_url_is_accounted_for(crawls: Crawls, run: str) -> None:
    result: CrawlResult = getattr(crawls, run)
    counts = result.manifest["counts"]
    requests = counts["requests"]
    parts = ("articles", "duplicates", "rejects", "non_article_pages", "sources", "pending", "unaccounted")
    assert requests["unaccounted"] == 0
    assert requests["discovered"] == sum(requests[p] for p in parts) + sum(requests["skipped"].values())
    assert requests["balanced"] is True
    assert requests["articles"] == counts["articles_written"] == len(result.records)
    assert requests["rejects"] == len({r["url"] for r in result.rejects})
    page_paths = {p for p, case in CASES.items() if not p.endswith(".xml")}
    assert requests["discovered"] >= len(page_paths)


def test_the_second_crawl_skips_what_the_first_wrote(crawls: Crawls) -> None:
    again = crawls.again
    assert again.records == []
    skipped = again.manifest["counts"]["requests"]["skipped"]
    assert skipped.get("already_ingested") == len(crawls.fresh.records)
    hits_again = crawls.site.log.counts() - crawls.hits_after_fresh
    assert not any(hits_again[p] for p in NORMAL), "ingested articles are not downloaded again"
    assert sorted((path_of(r["url"]), r["reason"]) for r in again.rejects) == sorted(
        (path_of(r["url"]), r["reason"]) for r in crawls.fresh.rejects
    )
    assert again.manifest["finish_reason"] == "finished"
