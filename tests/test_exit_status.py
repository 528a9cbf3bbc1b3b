"""Exit codes for schedulers: real ``scrapy crawl`` subprocesses against a local server."""

from __future__ import annotations

import json
import shlex
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from newscrawl.cli import crawl_command, scrapy_env
from newscrawl.demo.server import DemoServer
from newscrawl.extensions.exitstatus import (
    ExitStatus,
    crawler_verdict,
    judge_run,
    ok_page_responses,
    reject_share,
    run_verdict,
)
from tests.crawling import FAST, PROJECT_ROOT, start_slow_crawl
from tests.support.crawlers import project_crawler

ALLOWED = {"NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true", "RETRY_TIMES": "0"}


def crawl_then_notify(start_url: str, data: Path, **settings: str) -> tuple[int, dict[str, Any], bool]:
    """``scrapy crawl … && touch notified`` in a shell, as cron runs it: (exit code, manifest, notified)."""
    command = crawl_command(
        "news", data, arguments={"start_urls": start_url}, settings={**FAST, **ALLOWED, **settings}
    )
    flag = data.parent / f"{data.name}.notified"
    line = f"{shlex.join(command)} 2>{shlex.quote(str(data.parent / 'crawl.log'))} && touch {flag}"
    done = subprocess.run(["sh", "-c", line], env=scrapy_env(), cwd=PROJECT_ROOT, timeout=180, check=False)
    (manifest_path,) = (data / "runs").glob("*.json")
    return done.returncode, json.loads(manifest_path.read_text(encoding="utf-8")), flag.exists()


def test_a_normal_crawl_exits_0_and_the_notification_runs(tmp_path: Path) -> None:
    with DemoServer() as demo:
        code, manifest, notified = crawl_then_notify(f"{demo.base_url}/", tmp_path / "data")
    assert code == 0 and notified
    assert manifest["status"] == "ok" and manifest["failure"] is None
    assert manifest["counts"]["articles_written"] > 0


def test_a_start_url_that_refuses_connections_fails_the_run(tmp_path: Path) -> None:
    with DemoServer() as demo:
        port = demo.port
    # The server is stopped: its port now refuses connections.
    code, manifest, notified = crawl_then_notify(f"http://127.0.0.1:{port}/", tmp_path / "data")
    assert code == 1 and not notified
    assert manifest["status"] == "failed"
    assert manifest["failure"]["reason"] == "no_source_read"
    assert "connection_refused" in manifest["failure"]["detail"]
    log = (tmp_path / "crawl.log").read_text(encoding="utf-8")  # robots.txt refused too: one line
    assert "robots.txt not fetched: crawled as if the site had none" in log and "Traceback" not in log


def test_a_start_url_that_is_missing_fails_the_run(tmp_path: Path) -> None:
    with DemoServer() as demo:
        code, manifest, notified = crawl_then_notify(f"{demo.base_url}/no-such-section/", tmp_path / "data")
    assert code == 1 and not notified
    assert manifest["failure"]["reason"] == "no_source_read"
    assert "http_404" in manifest["failure"]["detail"]


def test_the_reject_ratio_rule(tmp_path: Path) -> None:
    """The demo site serves some broken pages: a ratio under their share fails the run, above passes."""
    with DemoServer() as demo:
        base = f"{demo.base_url}/"
        lax_code, lax, _ = crawl_then_notify(base, tmp_path / "lax", NEWSCRAWL_FAIL_REJECT_RATIO="0.9")
        share = reject_share(lax["counts"])
        assert 0 < share < 0.9
        strict = f"{share / 2:.4f}"
        code, manifest, notified = crawl_then_notify(
            base, tmp_path / "strict", NEWSCRAWL_FAIL_REJECT_RATIO=strict
        )
    assert lax_code == 0 and lax["status"] == "ok"
    assert code == 1 and not notified
    assert manifest["failure"]["reason"] == "reject_ratio"
    assert f"NEWSCRAWL_FAIL_REJECT_RATIO={float(strict):g}" in manifest["failure"]["detail"]


def test_a_crawl_that_cannot_start_exits_non_zero_without_a_run(tmp_path: Path) -> None:
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "broken.toml").write_text('name = "broken"\ndomains = 7\n', encoding="utf-8")
    done = subprocess.run(
        crawl_command("broken", tmp_path / "data", arguments={}, settings={"NEWSCRAWL_SITES_DIRS": str(sites)}),
        env=scrapy_env(), cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "broken.toml" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "data" / "runs").exists()


def test_judge_run_reasons() -> None:
    read = {"pages_fetched": 10, "rejects": 2, "rejected_pages": 1, "sources": {}, "rejects_by_reason": {}}
    assert judge_run(read, "finished", 0).status == "ok"
    assert judge_run(read, "shutdown", 0).reason == "interrupted"
    assert judge_run(read, "redis_unavailable", 0).reason == "redis_unavailable"
    assert reject_share(read) == pytest.approx(2 / 11)
    assert judge_run(read, "finished", 0.1).reason == "reject_ratio"
    assert judge_run(read, "finished", 0.2).status == "ok"
    sitemap_only = {"pages_fetched": 0, "rejects": 0, "sources": {"sitemaps": 1}}
    assert judge_run(sitemap_only, "finished", 0).status == "ok"
    nothing = {"pages_fetched": 0, "rejects": 1, "rejects_by_reason": {"dns_error": 1}, "sources": {}}
    assert "dns_error: 1" in (judge_run(nothing, "finished", 0).detail or "")


def test_a_crawl_stopped_by_a_signal_fails_the_run(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with DemoServer() as demo:
        _, crawl = start_slow_crawl(demo.base_url, data, settings=ALLOWED, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 60
            while not demo.hits and time.monotonic() < deadline:  # the crawl is fetching
                time.sleep(0.1)
            time.sleep(1)
            crawl.send_signal(signal.SIGINT)  # as a scheduler stopping the job (graceful shutdown)
            _, log = crawl.communicate(timeout=120)
        finally:
            crawl.kill()
            crawl.wait()
    assert crawl.returncode == 1, log[-2000:]
    (manifest_path,) = (data / "runs").glob("*.json")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest["finish_reason"] == "shutdown"
    assert manifest["failure"]["reason"] == "interrupted"


def test_the_verdict_is_judged_once_and_kept_by_the_exit_status_extension(tmp_path: Path) -> None:
    """The manifest and the exit code share one verdict, kept by the ExitStatus extension (found
    with ``crawler.get_extension``), not on a private attribute of the crawler."""
    crawler = project_crawler(
        NEWSCRAWL_DATA_DIR=str(tmp_path), EXTENSIONS={"newscrawl.extensions.exitstatus.ExitStatus": 520}
    )
    assert crawler_verdict(crawler) is None  # not judged yet
    nothing_read = {"pages_fetched": 0, "rejects": 1, "rejects_by_reason": {"connection_refused": 1}}
    verdict = run_verdict(crawler, nothing_read, "finished")
    assert verdict.failed and verdict.reason == "no_source_read"
    assert run_verdict(crawler, {"pages_fetched": 5}, "finished") is verdict  # judged once
    extension = crawler.get_extension(ExitStatus)
    assert extension is not None and extension.verdict is verdict
    assert crawler_verdict(crawler) is verdict
    assert not [name for name in vars(crawler) if name.startswith("_newscrawl")]


def test_a_robots_txt_alone_is_not_a_source_read() -> None:
    """A site serving robots.txt while every start URL is a 404 read nothing."""
    stats = {
        "downloader/response_status_count/200": 1,
        "downloader/response_status_count/404": 1,
        "robotstxt/response_status_count/200": 1,
    }
    assert ok_page_responses(stats) == 0
    assert ok_page_responses({**stats, "downloader/response_status_count/200": 2}) == 1


def test_a_run_that_read_nothing_points_to_rejects_only_when_it_wrote_some() -> None:
    refused = judge_run({"rejects": 1, "rejects_by_reason": {"connection_refused": 1}}, "finished", 0.0)
    assert refused.reason == "no_source_read" and refused.detail.endswith("; see rejects/")
    assert "connection_refused: 1" in refused.detail
    nothing = judge_run({}, "finished", 0.0)  # e.g. a re-extraction of a WARC file with no record
    assert nothing.reason == "no_source_read" and "rejects/" not in nothing.detail
    assert "no request was made" in nothing.detail
