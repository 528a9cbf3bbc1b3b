"""The progress line while a crawl runs: a real crawl of the demo site, its log captured."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from newscrawl.demo.server import DemoServer
from newscrawl.extensions.progress import progress_line
from tests.crawling import PROJECT_ROOT, run_crawl

LINE = re.compile(
    r"\[newscrawl\.extensions\.progress\] INFO: Progress: (\d+) pages fetched, (\d+) articles written,"
    r" (\d+) duplicates, (\d+) rejects, (\d+) queued, (\d+) in flight, ([\d.]+) pages/s"
)
SLOW = {
    "NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true",
    "DOWNLOAD_DELAY": "0.1",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "1",
}


def test_a_crawl_logs_its_progress_at_the_interval(tmp_path: Path) -> None:
    with DemoServer() as demo:
        result = run_crawl(
            "news",
            tmp_path / "data",
            arguments={"start_urls": f"{demo.base_url}/"},
            settings={**SLOW, "NEWSCRAWL_PROGRESS_INTERVAL": "0.3"},
        )
    lines = [tuple(map(float, m.groups())) for m in LINE.finditer(result.log)]
    assert len(lines) >= 3, result.log[-2000:]
    counts = result.manifest["counts"]
    pages = [line[0] for line in lines]
    assert pages == sorted(pages) and pages[-1] > 0  # it moves, and only forwards
    assert pages[-1] <= counts["pages_fetched"]
    assert lines[-1][1] <= counts["articles_written"]
    assert any(line[4] > 0 or line[5] > 0 for line in lines)  # the queue is seen while it runs
    assert any(line[6] > 0 for line in lines)


def test_no_progress_line_when_the_interval_is_0(tmp_path: Path) -> None:
    with DemoServer() as demo:
        result = run_crawl(
            "news",
            tmp_path / "data",
            arguments={"start_urls": f"{demo.base_url}/"},
            settings={**SLOW, "NEWSCRAWL_PROGRESS_INTERVAL": "0"},
        )
    assert not LINE.search(result.log)
    assert result.manifest["counts"]["articles_written"] > 0


def test_the_demo_shows_progress(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "demo", "--data-dir", str(tmp_path / "demo"), "--port", "0",
         "--progress-interval", "0.2"],
        capture_output=True, text=True, timeout=180, cwd=PROJECT_ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert LINE.search(done.stderr), done.stderr[-2000:]
    assert "[scrapy.core.engine] INFO" not in done.stderr  # the rest of Scrapy's INFO log stays hidden


def test_progress_line_wording() -> None:
    counts = {"pages_fetched": 5, "articles_written": 2, "duplicates": {"url": 1, "content": 2}, "rejects": 1}
    line = progress_line(counts, queued=4, in_flight=2, rate=1.25)
    assert LINE.search(f"[newscrawl.extensions.progress] INFO: {line}")
    assert "3 duplicates" in line and "1.2 pages/s" in line
