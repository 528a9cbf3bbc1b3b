"""``newscrawl report --html``: rendered in headless Chromium, on two real crawls of the demo site.

The second crawl is of a copy of the demo site stripped of its metadata (``<meta>`` tags and
JSON-LD), so several fields' coverage drops against the first run, and the report must say so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from statistics import pvariance
from typing import Any

import pytest
from lxml import html as lxml_html

from newscrawl.demo.server import SITE_DIR, DemoServer
from newscrawl.pipelines.store import COVERAGE_FIELDS
from newscrawl.reports.html import COVERAGE_DROP
from tests.crawling import PROJECT_ROOT, CrawlResult, run_crawl
from tests.support.png import read_png

SETTINGS = {"NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true", "NEWSCRAWL_LEDGER_ENABLED": "false"}
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
BAR_BLUE = (0x2F, 0x6F, 0xD6)


def stripped_site(target: Path) -> Path:
    shutil.copytree(SITE_DIR, target)
    for page in target.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        text = re.sub(r"<meta\b[^>]*>", "", text)
        text = re.sub(r'<script type="application/ld\+json">.*?</script>', "", text, flags=re.S)
        page.write_text(text, encoding="utf-8")
    return target


def coverage(records: list[dict[str, Any]]) -> dict[str, float]:
    return {f: sum(1 for r in records if r.get(f)) / len(records) for f in COVERAGE_FIELDS}


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CrawlResult, CrawlResult]:
    base = tmp_path_factory.mktemp("report")
    data = base / "data"
    crawls = []
    for site_dir in (SITE_DIR, stripped_site(base / "stripped")):
        with DemoServer(site_dir=site_dir) as demo:
            crawls.append(
                run_crawl("news", data, arguments={"start_urls": f"{demo.base_url}/"}, settings=SETTINGS)
            )
    return data, crawls[0], crawls[1]


def report(data: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "report", *extra, "--data-dir", str(data), "--html", str(out)],
        capture_output=True, text=True, timeout=120, cwd=PROJECT_ROOT, check=False,
    )  # fmt: skip


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        if path := shutil.which(name):
            return path
    pytest.skip("chromium is not installed (`make unit` installs Debian's chromium package as root)")


def run_chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    done = subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def test_the_report_is_self_contained(
    two_runs: tuple[Path, CrawlResult, CrawlResult], tmp_path: Path
) -> None:
    data, _, second = two_runs
    out = tmp_path / "report.html"
    done = report(data, out, "latest")
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert second.manifest["run_id"] in page
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b", page, re.I)
    assert "@import" not in page and "url(" not in page
    assert not re.search(r'\b(src|href)=["\']?https?:', page)  # nothing to fetch when it is viewed


def test_chromium_renders_the_figures_and_highlights_the_coverage_drop(
    two_runs: tuple[Path, CrawlResult, CrawlResult], tmp_path: Path
) -> None:
    data, first, second = two_runs
    out = tmp_path / "report.html"
    assert report(data, out, "latest", "--site", "127.0.0.1").returncode == 0
    dom = run_chromium(out, tmp_path / "profile", "--dump-dom").stdout.decode("utf-8")
    tree = lxml_html.fromstring(dom)

    counts = second.manifest["counts"]
    for figure in ("pages_fetched", "articles_written", "non_article_pages"):
        (card,) = tree.xpath(f'//div[@data-figure="{figure}"]/b/text()')
        assert int(card) == counts[figure]
    (rejects,) = tree.xpath('//div[@data-figure="rejects"]/b/text()')
    assert int(rejects) == counts["rejects"]
    shown = {
        row.xpath("td[1]/text()")[0]: int(row.xpath("td[2]/text()")[0])
        for row in tree.xpath('//table[@class="rejects"]/tbody/tr')
    }
    assert shown == counts["rejects_by_reason"] and shown

    before, after = coverage(first.records), coverage(second.records)
    dropped = {f for f in COVERAGE_FIELDS if after[f] < before[f] - COVERAGE_DROP}
    assert dropped  # the stripped site lost metadata
    highlighted = set(tree.xpath('//table[@class="coverage"]/tbody/tr[@class="drop"]/td[1]/text()'))
    assert highlighted == dropped

    timed = [r for r in second.records if r.get("date_published") and len(r["date_published"]) > 10]
    hour_bars = tree.xpath('//svg[@data-chart="by-hour"]/*[local-name()="rect"]')
    assert len(hour_bars) == 24 and sum(int(b.get("data-value")) for b in hour_bars) == len(timed)
    day_bars = tree.xpath('//svg[@data-chart="by-day"]/*[local-name()="rect"]')
    dated = [r for r in second.records if r.get("date_published")]
    assert sum(int(b.get("data-value")) for b in day_bars) == len(dated)


def test_chromium_screenshot_is_not_blank(
    two_runs: tuple[Path, CrawlResult, CrawlResult], tmp_path: Path
) -> None:
    data, _, _ = two_runs
    out = tmp_path / "report.html"
    assert report(data, out, "latest").returncode == 0
    shot = tmp_path / "shot.png"
    run_chromium(out, tmp_path / "profile", "--window-size=900,1500", f"--screenshot={shot}")
    width, height, pixels = read_png(shot.read_bytes())
    assert (width, height) == (900, 1500)
    luminance = [(299 * r + 587 * g + 114 * b) // 1000 for r, g, b in pixels[::7]]
    assert pvariance(luminance) > 200  # text, tables and bars, not an empty page
    blue = sum(1 for p in pixels if all(abs(c - e) <= 12 for c, e in zip(p, BAR_BLUE, strict=True)))
    assert blue > 500  # the chart's bars were drawn
