"""Helpers for tests that run a real ``scrapy crawl`` in a subprocess and read what it wrote."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newscrawl.cli import crawl_command, scrapy_env

# Extraction in-process unless a test is about workers: a pool per test crawl would only slow
# the suite (the demo crawls of tests/test_cli.py run at the defaults, workers included).
FAST = {
    "AUTOTHROTTLE_ENABLED": "false",
    "DOWNLOAD_DELAY": "0",
    "LOG_LEVEL": "INFO",
    "NEWSCRAWL_EXTRACT_WORKERS": "0",
}
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class CrawlResult:
    """What one crawl left in its data directory."""

    records: list[dict[str, Any]]
    rejects: list[dict[str, Any]]
    manifest: dict[str, Any]
    log: str
    raw_lines: list[bytes]


def read_jsonl(paths: list[Path]) -> tuple[list[dict[str, Any]], list[bytes]]:
    """Parse every line of the given JSON Lines files (a bad line fails the caller's test)."""
    raw = [line for path in sorted(paths) for line in path.read_bytes().splitlines()]
    return [json.loads(line) for line in raw], raw


def run_crawl(
    spider: str,
    data_dir: Path,
    *,
    arguments: dict[str, str] | None = None,
    settings: dict[str, str] | None = None,
    timeout: float = 120,
    env: dict[str, str] | None = None,
    options: list[str] | None = None,
    expect_exit: int = 0,
) -> CrawlResult:
    """Run ``scrapy crawl`` like a user would and collect its output files (``options``: more
    command-line options, such as ``-O out.jsonl``; ``expect_exit``: the exit status it must end
    with, 1 for a run that failed)."""
    command = crawl_command(
        spider, data_dir, arguments=arguments or {}, settings={**FAST, **(settings or {})}
    ) + list(options or [])
    done = subprocess.run(
        command,
        env={**scrapy_env(), **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=PROJECT_ROOT,
        check=False,
    )
    assert done.returncode == expect_exit, done.stderr[-3000:]
    manifests = sorted((data_dir / "runs").glob("*.json"), key=lambda p: p.stat().st_mtime)
    assert manifests, f"no run manifest written; log tail:\n{done.stderr[-3000:]}"
    manifest = json.loads(manifests[-1].read_text(encoding="utf-8"))
    run_id = manifest["run_id"]
    records, raw = read_jsonl(list((data_dir / "articles").glob(f"*/*/{run_id}.jsonl")))
    rejects, _ = read_jsonl(list((data_dir / "rejects").glob(f"{run_id}.jsonl")))
    return CrawlResult(records, rejects, manifest, done.stderr, raw)
