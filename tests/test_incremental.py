"""Scheduled runs: fetch only what is new, never lose or duplicate an article across runs and kills."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from newscrawl.cli import crawl_command, scrapy_env
from newscrawl.demo.server import SITE_DIR, DemoServer
from newscrawl.normalize.urls import canonicalize_url
from newscrawl.storage.jsonl import read_records
from tests.crawling import FAST, PROJECT_ROOT, run_crawl

EXPECTED = json.loads((Path(__file__).parent / "fixtures" / "demo_expected.json").read_text(encoding="utf-8"))
PAGES: list[dict[str, Any]] = EXPECTED["pages"]
ARTICLES = [p for p in PAGES if p["kind"] == "article"]
COPIES = [p for p in PAGES if p["kind"] == "duplicate-content"]
ALLOWED = {"NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true"}
WILDFIRE = "/world/wildfire-season-starts-weeks-early-across-southern-europe.html"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A private copy of the demo site that a test may edit."""
    copy = tmp_path / "site"
    shutil.copytree(SITE_DIR, copy)
    return copy


def crawl(demo: DemoServer, data: Path, start: str = "/", **settings: str) -> Any:
    return run_crawl(
        "news", data, arguments={"start_urls": demo.base_url + start}, settings={**ALLOWED, **settings}
    )


def all_records(data: Path) -> list[dict[str, Any]]:
    return [r for path in sorted((data / "articles").glob("**/*.jsonl*")) for r in read_records(path)]


def canonical(demo: DemoServer, path: str) -> str:
    return canonicalize_url(demo.base_url + path)


def bump_lastmod(site: Path, path: str) -> str:
    """Give ``path`` a sitemap lastmod of now (as a CMS does after an edit); returns it."""
    time.sleep(1.1)  # strictly after the last fetch, at one-second resolution
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    sitemap = site / "sitemap-pages.xml"
    text = sitemap.read_text(encoding="utf-8")
    pattern = re.compile(r"(<loc>\{\{BASE\}\}" + re.escape(path) + r"</loc>\s*<lastmod>)[^<]*(</lastmod>)")
    assert pattern.search(text), f"{path} has no lastmod in the pages sitemap"
    sitemap.write_text(pattern.sub(lambda m: m.group(1) + now + m.group(2), text), encoding="utf-8")
    return now


def test_second_run_writes_nothing_and_downloads_no_article_again(site: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    with DemoServer(site_dir=site) as demo:
        first = crawl(demo, data)
        assert len(first.records) == len(ARTICLES)
        demo.reset_hits()
        second = crawl(demo, data)
        fetched = {path for path, hits in demo.hits.items() if hits}
    assert second.records == []
    article_paths = {p["path"].split("?")[0] for p in ARTICLES + COPIES}
    assert fetched.isdisjoint(article_paths), fetched & article_paths
    assert second.manifest["counts"]["skipped"]["seen"] >= len(ARTICLES)
    assert "/" in fetched  # listings are still read, to find what is new


def test_edited_article_yields_revision_2(site: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    page = site / WILDFIRE.lstrip("/")
    with DemoServer(site_dir=site) as demo:
        first = crawl(demo, data, "/sitemap_index.xml")
        (old,) = [r for r in first.records if r["canonical_url"] == canonical(demo, WILDFIRE)]
        first_files = {p: p.read_bytes() for p in (data / "articles").glob("**/*.jsonl")}
        html = page.read_text(encoding="utf-8")
        html = html.replace(
            "No injuries were reported.", "Two firefighters were treated for smoke inhalation."
        )
        html = html.replace("2026-04-21T13:20:00Z", "2026-04-22T08:00:00Z")
        page.write_text(html, encoding="utf-8")
        bump_lastmod(site, WILDFIRE)
        second = crawl(demo, data, "/sitemap_index.xml")
    (new,) = second.records
    assert new["canonical_url"] == old["canonical_url"]
    assert new["revision"] == 2 and old["revision"] == 1
    assert new["date_modified"] == "2026-04-22T08:00:00+00:00"
    assert "smoke inhalation" in new["article_body"] and new["content_sha256"] != old["content_sha256"]
    assert all(p.read_bytes() == content for p, content in first_files.items()), (
        "an earlier record was rewritten"
    )


def test_unchanged_article_revisit_is_a_conditional_request(site: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    with DemoServer(site_dir=site) as demo:
        crawl(demo, data, "/sitemap_index.xml")
        bump_lastmod(site, WILDFIRE)
        demo.reset_hits()
        second = crawl(demo, data, "/sitemap_index.xml")
        assert demo.hits[WILDFIRE] == 1
    assert second.records == []
    assert second.manifest["counts"]["revisits"] == {"scheduled": 1, "not_modified": 1}


@pytest.mark.parametrize("drop", [False, True], ids=["annotated", "dropped"])
def test_syndicated_near_copy_is_annotated_or_dropped(site: Path, tmp_path: Path, drop: bool) -> None:
    data = tmp_path / "data"
    original = "/technology/battery-start-up-voltaren-raises-240m-for-solid-state-cell-plant-20251002"
    copy_path = "/partners/wire/voltaren-funding-round-wire-copy.html"
    html = (site / "partners/wire/voltaren-raises-240m-for-solid-state-cell-plant.html").read_text(
        encoding="utf-8"
    )
    html = html.replace(
        "Voltaren, a battery start-up", "BERLIN (Partner Wire) — Voltaren, a battery start-up", 1
    )
    html = html.replace("about 650 people.", "about 650 people. Reporting by the Partner Wire desk.", 1)
    html = html.replace(
        "/partners/wire/voltaren-raises-240m-for-solid-state-cell-plant", copy_path.removesuffix(".html")
    )
    (site / copy_path.lstrip("/")).write_text(html, encoding="utf-8")
    with DemoServer(site_dir=site) as demo:
        crawl(demo, data, "/feed.xml")
        index = site / "index.html"
        index.write_text(
            index.read_text(encoding="utf-8").replace(
                "</body>", f'<a href="{copy_path}">Wire copy</a></body>'
            ),
            encoding="utf-8",
        )
        second = crawl(demo, data, NEWSCRAWL_DROP_NEAR_DUPLICATES=str(drop).lower())
    copies = [r for r in second.records if r["url"].endswith(copy_path)]
    if drop:
        assert copies == [] and second.manifest["counts"]["duplicates"]["near"] == 1
        return
    (record,) = copies
    assert record["near_duplicate_of"] == canonical(demo, original)
    assert second.manifest["counts"]["near_duplicates_annotated"] == 1


def test_gzip_output_is_complete_batch_files_and_feeds_the_ledger(tmp_path: Path) -> None:
    data = tmp_path / "data"
    gz = {"NEWSCRAWL_GZIP": "true", "NEWSCRAWL_BATCH_SIZE": "5"}
    with DemoServer() as demo:
        crawl(demo, data, **gz)
        second = crawl(demo, data, **gz)
    files = sorted((data / "articles").glob("**/*.jsonl.gz"))
    assert len(files) == 3  # 12 articles in batches of 5
    assert not list((data / "articles").glob("**/*.tmp"))
    assert len(all_records(data)) == len(ARTICLES)
    assert second.manifest["counts"]["articles_written"] == 0


def test_killed_crawls_lose_nothing_and_write_nothing_twice(tmp_path: Path) -> None:
    data = tmp_path / "data"
    slow = {**FAST, **ALLOWED, "DOWNLOAD_DELAY": "0.12", "CONCURRENT_REQUESTS_PER_DOMAIN": "1",
            "RANDOMIZE_DOWNLOAD_DELAY": "false", "NEWSCRAWL_BATCH_SIZE": "3", "LOG_LEVEL": "WARNING"}  # fmt: skip
    rng = random.Random(20261127)
    kills = 0
    with DemoServer() as demo:
        for _ in range(3):
            command = crawl_command(
                "news", data, arguments={"start_urls": f"{demo.base_url}/"}, settings=slow
            )
            process = subprocess.Popen(
                command,
                env=scrapy_env(),
                cwd=PROJECT_ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(rng.uniform(1.5, 6.0))
            if process.poll() is None:
                process.kill()
                kills += 1
            process.wait()
        final = crawl(demo, data)
        expected = Counter(canonical(demo, p["canonical_path"]) for p in ARTICLES)
    assert kills >= 2, "the crawl finished before it could be killed: slow it down"
    lines = [line for p in (data / "articles").glob("**/*.jsonl") for line in p.read_bytes().splitlines()]
    records = [json.loads(line) for line in lines]  # every line is complete JSON
    written = Counter(r["canonical_url"] for r in records)
    originals = {canonical(demo, c["path"]): canonical(demo, c["duplicate_of"]) for c in COPIES}
    assert Counter(originals.get(url, url) for url in written.elements()) == expected
    assert final.manifest["finish_reason"] == "finished"
    assert list((data / "state" / "unfinished").iterdir()) == []  # killed runs were recovered


def test_a_second_crawl_on_the_same_data_dir_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    slow = {**FAST, **ALLOWED, "DOWNLOAD_DELAY": "0.5", "CONCURRENT_REQUESTS_PER_DOMAIN": "1"}
    with DemoServer() as demo:
        command = crawl_command("news", data, arguments={"start_urls": f"{demo.base_url}/"}, settings=slow)
        first = subprocess.Popen(
            command, env=scrapy_env(), cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + 30
            while not (data / "state" / "ledger.lock").exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(0.5)
            second = subprocess.run(
                command, env=scrapy_env(), cwd=PROJECT_ROOT, capture_output=True, text=True
            )
        finally:
            first.kill()
            first.wait()
    assert second.returncode != 0
    assert "another crawl is using" in second.stderr


def test_page_whose_canonical_differs_from_its_url_is_not_downloaded_again(
    site: Path, tmp_path: Path
) -> None:
    """The ledger is looked up by the URL a page is asked for, not only by its rel=canonical."""
    page = site / WILDFIRE.lstrip("/")
    html = page.read_text(encoding="utf-8")
    elsewhere = f'<link rel="canonical" href="{{{{BASE}}}}{WILDFIRE}?edition=international">'
    page.write_text(re.sub(r'<link rel="canonical"[^>]*>', lambda _: elsewhere, html), encoding="utf-8")
    data = tmp_path / "data"
    with DemoServer(site_dir=site) as demo:
        first = crawl(demo, data)
        (record,) = [r for r in first.records if r["url"] == demo.base_url + WILDFIRE]
        assert record["canonical_url"] == canonical(demo, WILDFIRE + "?edition=international")
        demo.reset_hits()
        second = crawl(demo, data)
        assert demo.hits.get(WILDFIRE, 0) == 0
    assert second.records == []
