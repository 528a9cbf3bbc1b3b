"""``newscrawl --version``, ``extract`` on demo pages (page type, templates), ``report latest``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from newscrawl import __version__
from newscrawl.demo.server import SITE_DIR, DemoServer
from newscrawl.normalize.urls import canonicalize_url
from tests.crawling import PROJECT_ROOT, run_crawl

DEMO_ORIGIN = "http://127.0.0.1:8642"


def newscrawl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", *args],
        capture_output=True, text=True, timeout=120, cwd=PROJECT_ROOT, check=False,
    )  # fmt: skip


def test_version() -> None:
    done = newscrawl("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"newscrawl {__version__}"


def test_extract_a_demo_article_resolves_its_template_links() -> None:
    page = SITE_DIR / "world" / "wildfire-season-starts-weeks-early-across-southern-europe.html"
    assert b"{{BASE}}" in page.read_bytes()  # a template, as the demo server serves it filled in
    url = f"{DEMO_ORIGIN}/world/{page.name}"
    done = newscrawl("extract", str(page), "--url", url)
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert "%7B" not in done.stdout and "{{" not in done.stdout
    assert record["canonical_url"].startswith(DEMO_ORIGIN + "/")
    assert "page type: article" in done.stderr
    assert record["images"] and all(i["url"].startswith(DEMO_ORIGIN + "/") for i in record["images"])


def test_extract_says_the_homepage_is_not_an_article_and_why() -> None:
    done = newscrawl("extract", str(SITE_DIR / "index.html"), "--url", DEMO_ORIGIN + "/")
    assert done.returncode == 0, done.stderr
    (line,) = [x for x in done.stderr.splitlines() if "page type:" in x]
    assert "page type: non-article (" in line and line.rstrip().endswith(")") and "()" not in line


def test_an_unrendered_template_canonical_is_not_used() -> None:
    url = "https://news.example.org/world/story-1"
    assert canonicalize_url(url, "{{BASE}}/world/story-1") == url
    assert canonicalize_url(url, "${base}/world/story-1") == url
    assert canonicalize_url(url, "/world/story-1?x=1") == url + "?x=1"  # a real hint still counts


def test_report_latest_and_per_site(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with DemoServer() as demo:
        settings = {"NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true", "NEWSCRAWL_LEDGER_ENABLED": "false"}
        run_crawl("news", data, arguments={"start_urls": f"{demo.base_url}/"}, settings=settings)
        second = run_crawl("news", data, arguments={"start_urls": f"{demo.base_url}/"}, settings=settings)
    latest = newscrawl("report", "latest", "--data-dir", str(data))
    assert latest.returncode == 0 and f"Run {second.manifest['run_id']}" in latest.stdout
    site = newscrawl("report", "latest", "--site", "127.0.0.1", "--data-dir", str(data))
    assert f"Run {second.manifest['run_id']}" in site.stdout
    other = newscrawl("report", "latest", "--site", "nosuchsite", "--data-dir", str(data))
    assert other.returncode == 2 and "no run of site 'nosuchsite'" in other.stderr
    missing = newscrawl("report", "latest", "--data-dir", str(tmp_path / "empty"))
    assert missing.returncode == 2 and "no run under" in missing.stderr


def test_runs_and_report_show_a_failed_run(tmp_path: Path) -> None:
    with DemoServer() as demo:
        port = demo.port
    data = tmp_path / "data"
    failed = run_crawl(
        "news", data, arguments={"start_urls": f"http://127.0.0.1:{port}/"},
        settings={"NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true", "RETRY_TIMES": "0"}, expect_exit=1,
    )  # fmt: skip
    runs = newscrawl("runs", "--data-dir", str(data))
    assert f"{failed.manifest['run_id']}" in runs.stdout and "FAILED (no_source_read)" in runs.stdout
    report = newscrawl("report", "latest", "--data-dir", str(data))
    assert "status             failed (no_source_read: no start URL or source could be read" in report.stdout
