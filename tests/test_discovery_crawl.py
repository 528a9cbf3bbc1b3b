"""Discovery in a real crawl: a feed found at a common path when the homepage announces none."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from newscrawl.demo.server import SITE_DIR, DemoServer
from tests.crawling import run_crawl

ALLOWED = {"NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true"}


def test_feed_at_a_common_path_is_found_when_none_is_announced(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITE_DIR, site)
    index = site / "index.html"
    index.write_text(
        re.sub(r'<link rel="alternate"[^>]*>', "", index.read_text(encoding="utf-8")), encoding="utf-8"
    )
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    with DemoServer(site_dir=site) as demo:
        result = run_crawl(
            "news", tmp_path / "data", arguments={"start_urls": f"{demo.base_url}/"}, settings=ALLOWED
        )
        assert demo.hits["/feed.xml"] == 1
    counts = result.manifest["counts"]
    assert counts["sources"]["feeds"] == 1
    assert counts["sources"]["guessed_feed_absent"] >= 1  # the other common paths: counted, not rejected
    assert counts["discovered"]["feed"] >= 10
    assert not any(r["reason"] == "http_404" and "rss" in r["url"] for r in result.rejects)


def test_section_start_reads_sitemaps_and_survives_hostile_entries(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITE_DIR, site)
    sitemap = site / "sitemap-news.xml"
    hostile = (
        "<url><loc>http://127.0.0.1:99999/world/port-out-of-range-story-here</loc></url>"
        "<url><loc>{{BASE}}/world/odd-date-story-here-now</loc><lastmod>2024-01-01T00:00:00+99:00</lastmod></url>"
    )
    sitemap.write_text(
        sitemap.read_text(encoding="utf-8").replace("</urlset>", hostile + "</urlset>"), encoding="utf-8"
    )
    with DemoServer(site_dir=site) as demo:
        result = run_crawl(
            "news",
            tmp_path / "data",
            arguments={"start_urls": f"{demo.base_url}/politics/"},
            settings=ALLOWED,
        )
    counts = result.manifest["counts"]
    assert counts["articles_written"] == 12  # sitemap entries are not cut by DEPTH_LIMIT
    assert counts["skipped"].get("bad_url", 0) + counts["skipped"].get("off_site_or_denied", 0) >= 1
    assert counts["sources"]["sitemaps"] >= 2
