"""Scrapy's own exports and the crawl's arguments: ``-O`` and ``FEEDS`` carry articles only, in
the item schema; spider arguments are checked before anything starts; one date-window rule."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newscrawl.cli import scrapy_env
from newscrawl.demo.server import DemoServer
from newscrawl.items import ArticleItem
from newscrawl.schema import validate_article
from tests.crawling import PROJECT_ROOT, CrawlResult, run_crawl

ALLOWED = {"NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true"}
SCHEMA_FIELDS = {f.name for f in dataclasses.fields(ArticleItem)}
COALITION = "/politics/2025/09/23/coalition-talks-stall-over-pension-age-as-deadline-looms/"


@pytest.fixture(scope="module")
def demo() -> DemoServer:
    with DemoServer() as server:
        yield server  # type: ignore[misc]


def exported(path: Path) -> list[dict]:
    lines = path.read_bytes().splitlines()
    assert lines, f"{path} is empty"
    return [json.loads(line) for line in lines]  # one JSON object per line, every line


def check_articles_only(lines: list[dict], result: CrawlResult) -> None:
    """Every exported line is a schema-v1 article the run wrote; no reject, no internal key."""
    assert result.rejects, "the demo crawl is meant to reject some pages"
    for record in lines:
        assert set(record) == SCHEMA_FIELDS, set(record) ^ SCHEMA_FIELDS
        assert validate_article(record) == []
        assert record["run_id"] == result.manifest["run_id"]
    assert len(lines) == result.manifest["counts"]["articles_written"] == len(result.records)
    assert sorted(r["canonical_url"] for r in lines) == sorted(r["canonical_url"] for r in result.records)
    rejected = {r["url"] for r in result.rejects}
    assert not rejected & {r["url"] for r in lines}


def test_dash_o_exports_the_written_articles_only(demo: DemoServer, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run_crawl(
        "news",
        tmp_path / "data",
        arguments={"start_urls": f"{demo.base_url}/"},
        settings=ALLOWED,
        options=["-O", str(out)],
    )
    check_articles_only(exported(out), result)


def test_feeds_setting_exports_the_written_articles_only(demo: DemoServer, tmp_path: Path) -> None:
    out = tmp_path / "feed.jsonl"
    feeds = json.dumps({str(out): {"format": "jsonlines", "encoding": "utf-8"}})
    result = run_crawl(
        "news",
        tmp_path / "data",
        arguments={"start_urls": f"{demo.base_url}/sitemap_index.xml"},
        settings={**ALLOWED, "FEEDS": feeds},
    )
    check_articles_only(exported(out), result)


def test_a_page_published_before_since_is_not_fetched_even_if_modified_after(
    demo: DemoServer, tmp_path: Path
) -> None:
    """The window is about publication: the news sitemap dates the coalition story 2025-09-23
    (modified on the 24th); with since=2025-09-24 it is skipped, not fetched and then rejected."""
    demo.reset_hits()
    result = run_crawl(
        "news",
        tmp_path,
        arguments={"start_urls": f"{demo.base_url}/sitemap-news.xml", "since": "2025-09-24"},
        settings=ALLOWED,
    )
    assert result.records and all(r["date_published"][:10] >= "2025-09-24" for r in result.records)
    assert demo.hits.get(COALITION, 0) == 0
    assert "out_of_window" not in result.manifest["counts"]["rejects_by_reason"]
    assert result.manifest["counts"]["skipped"]["out_of_window"] >= 1
    assert result.manifest["arguments"]["since"] == "2025-09-24"


def test_a_crawl_without_ledger_writes_again_and_keeps_no_state(demo: DemoServer, tmp_path: Path) -> None:
    settings = {**ALLOWED, "NEWSCRAWL_LEDGER_ENABLED": "false"}
    arguments = {"start_urls": f"{demo.base_url}/feed.xml"}
    first = run_crawl("news", tmp_path, arguments=arguments, settings=settings)
    second = run_crawl("news", tmp_path, arguments=arguments, settings=settings)
    assert first.records and len(second.records) == len(first.records)
    assert "seen" not in second.manifest["counts"]["skipped"]  # the revisit middleware is off
    assert not (tmp_path / "state").exists()


def scrapy_crawl(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", *arguments, "-s", f"NEWSCRAWL_DATA_DIR={tmp_path}"]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=120, env=scrapy_env(), cwd=PROJECT_ROOT, check=False
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["news", "-a", "start_url=http://127.0.0.1:9/"],
            "unknown spider argument 'start_url': did you mean start_urls?",
        ),
        (["news"], "the news spider needs -a start_urls=URL"),
        (
            ["news", "-a", "start_urls=ftp://127.0.0.1/feed"],
            "start URL 'ftp://127.0.0.1/feed' is not an http(s) URL",
        ),
        (["news", "-a", "start_urls=127.0.0.1:9"], "is not an http(s) URL"),
        (
            ["news", "-a", "start_urls=http://127.0.0.1:9/", "-a", "max_article=3"],
            "did you mean max_articles?",
        ),
        (["guardian", "-a", "start_urls=http://127.0.0.1:9/"], "unknown spider argument 'start_urls'"),
        (["no-such-site"], "no spider 'no-such-site' (scrapy list names them)"),
    ],
)
def test_bad_spider_arguments_are_one_line_usage_errors(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    done = scrapy_crawl(tmp_path, *arguments)
    assert done.returncode == 2, done.stderr[-2000:]
    assert message in done.stderr and "Traceback" not in done.stderr
    assert "[scrapy.utils.log]" not in done.stderr  # refused before Scrapy's start-up banner
    assert not (tmp_path / "runs").exists()  # nothing started


def test_a_scheduler_job_argument_is_accepted(tmp_path: Path) -> None:
    """scrapyd passes ``-a _job=…``: not a misspelling (the crawl goes on to fail on its URL)."""
    done = scrapy_crawl(tmp_path, "news", "-a", "start_urls=http://127.0.0.1:9/", "-a", "_job=abc")
    assert "unknown spider argument" not in done.stderr
    assert (tmp_path / "runs").exists()


def test_a_second_crawl_skips_what_it_wrote_without_calling_it_an_error(
    demo: DemoServer, tmp_path: Path
) -> None:
    arguments = {"start_urls": f"{demo.base_url}/feed.xml"}
    first = run_crawl("news", tmp_path, arguments=arguments, settings=ALLOWED)
    demo.reset_hits()
    second = run_crawl("news", tmp_path, arguments=arguments, settings=ALLOWED)
    counts = second.manifest["counts"]
    assert second.records == [] and counts["skipped"]["seen"] >= len(first.records) > 0
    assert counts["errors_by_type"] == {}
    assert all(demo.hits.get(path_of(r["url"]), 0) == 0 for r in first.records)


def path_of(url: str) -> str:
    return urlsplit(url).path
