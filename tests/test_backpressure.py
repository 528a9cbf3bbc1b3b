"""Downloads wait while the scraper is full: a crawl whose extraction is the slow part holds at
most ``NEWSCRAWL_MAX_SCRAPER_RESPONSES`` responses in its scraper, and loses none of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy.exceptions import NotConfigured

from newscrawl.middlewares.backpressure import ScraperBackpressureMiddleware
from newscrawl.settings import EXTENSIONS
from tests.crawling import run_crawl
from tests.support.countingweb import CountingSite
from tests.support.crawlers import project_crawler

PAGES = 120
LIMIT = 2


def _crawl(site: CountingSite, data_dir: Path, limit: int) -> tuple[int, dict]:
    probe = data_dir / "probe.json"
    result = run_crawl(
        "news",
        data_dir,
        arguments={"start_urls": f"{site.origin}/index"},
        settings={
            "NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true",
            "NEWSCRAWL_EXTRACT_WORKERS": "1",  # extraction slower than the loopback downloads
            "NEWSCRAWL_MAX_SCRAPER_RESPONSES": str(limit),
            "NEWSCRAWL_LEDGER_ENABLED": "false",
            "CONCURRENT_REQUESTS": "32",
            "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
            "EXTENSIONS": json.dumps({**EXTENSIONS, "tests.support.scraper_probe.ScraperProbe": 900}),
            "SCRAPER_PROBE_FILE": str(probe),
        },
        timeout=180,
    )
    return json.loads(probe.read_text())["peak"], result.manifest["counts"]


def test_the_scraper_holds_at_most_the_limit_and_every_page_is_accounted(tmp_path: Path) -> None:
    with CountingSite(pages=PAGES, articles=True) as site:
        bounded_peak, bounded = _crawl(site, tmp_path / "bounded", LIMIT)
        unbounded_peak, unbounded = _crawl(site, tmp_path / "unbounded", 0)
    # Without the bound the responses waiting for extraction pile up in the scraper.
    assert unbounded_peak > 2 * LIMIT
    assert bounded_peak <= LIMIT
    for counts in (bounded, unbounded):
        assert counts["pages_fetched"] == PAGES + 1
        assert counts["requests"]["balanced"]
        assert counts["rejects"] == 0
        assert counts["articles_written"] == PAGES


def test_zero_turns_the_bound_off() -> None:
    crawler = project_crawler(NEWSCRAWL_MAX_SCRAPER_RESPONSES=0)
    with pytest.raises(NotConfigured):
        ScraperBackpressureMiddleware.from_crawler(crawler)
    assert ScraperBackpressureMiddleware.from_crawler(project_crawler()).limit == 32
