"""robots.txt is fetched once per host and run: the robots.txt check's own fetch also gives the
sitemaps it declares; without the check the spider fetches it itself, once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newscrawl.demo.server import SITE_DIR, DemoServer
from tests.crawling import run_crawl

ALLOWED = {"NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true"}


@pytest.mark.parametrize("obey", ["true", "false"])
@pytest.mark.parametrize("start", ["/", "/politics/"])
def test_robots_txt_is_fetched_once_and_its_sitemaps_are_read(tmp_path: Path, obey: str, start: str) -> None:
    with DemoServer() as demo:
        result = run_crawl(
            "news",
            tmp_path / "data",
            arguments={"start_urls": demo.base_url + start},
            settings={**ALLOWED, "ROBOTSTXT_OBEY": obey},
        )
        hits = dict(demo.hits)
    assert hits["/robots.txt"] == 1
    assert hits["/sitemap_index.xml"] == 1  # declared by robots.txt only
    counts = result.manifest["counts"]
    assert counts["sources"]["sitemaps"] >= 2
    assert counts["articles_written"] >= 12


def test_a_robots_txt_that_is_missing_lists_no_sitemap_and_is_counted(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITE_DIR, site)
    (site / "robots.txt").unlink()
    with DemoServer(site_dir=site) as demo:
        result = run_crawl(
            "news", tmp_path / "data", arguments={"start_urls": f"{demo.base_url}/"}, settings=ALLOWED
        )
        hits = dict(demo.hits)
    assert hits["/robots.txt"] == 1
    assert "/sitemap_index.xml" not in hits
    counts = result.manifest["counts"]
    assert counts["sources"]["robots_unavailable"] == 1
    assert counts["articles_written"] >= 1  # the homepage's links are still followed
    assert not any("robots.txt" in r["url"] for r in result.rejects)
