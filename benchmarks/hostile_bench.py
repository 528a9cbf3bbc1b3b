"""Hostile-site benchmark: the crawl of tests/support/hostile_site.py, fresh and re-run.

Prints, for each crawl, its wall time, the peak RSS of the crawl process, the manifest's
requests equation and its reject reasons (and ``max_reactor_stall_s`` when the manifest has
it). Not a test: run it by hand (it takes a few minutes).

    PYTHONPATH=. .venv/bin/python benchmarks/hostile_bench.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from newscrawl.cli import crawl_command, scrapy_env
from tests.crawling import FAST, PROJECT_ROOT
from tests.support.hostile_site import CRAWL_SETTINGS, HostileSite, crawl_arguments


def crawl(site: HostileSite, data_dir: Path) -> tuple[float, int, dict[str, Any]]:
    """One crawl in a child process: (wall seconds, peak RSS in MB, manifest)."""
    command = crawl_command(
        "news", data_dir, arguments=crawl_arguments(site), settings={**FAST, **CRAWL_SETTINGS}
    )
    started = time.monotonic()
    with open(data_dir.parent / "crawl.log", "ab") as log:
        child = subprocess.Popen(command, env=scrapy_env(), cwd=PROJECT_ROOT, stdout=log, stderr=log)
        _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"crawl failed ({child.returncode}); see {data_dir.parent / 'crawl.log'}")
    manifests = sorted((data_dir / "runs").glob("*.json"), key=lambda p: p.stat().st_mtime)
    return wall, usage.ru_maxrss // 1024, json.loads(manifests[-1].read_text(encoding="utf-8"))


def report(name: str, wall: float, rss_mb: int, manifest: dict[str, Any]) -> None:
    counts = manifest["counts"]
    print(f"\n== {name} crawl: {wall:.1f} s wall, peak RSS {rss_mb} MB, finish {manifest['finish_reason']}")
    if "max_reactor_stall_s" in manifest or "max_reactor_stall_s" in counts:
        print(
            f"max_reactor_stall_s: {manifest.get('max_reactor_stall_s', counts.get('max_reactor_stall_s'))}"
        )
    print(f"articles written {counts['articles_written']}, charset repaired {counts.get('charset_repaired')}")
    print("requests:", json.dumps(counts.get("requests", {})))
    print(f"{'reject reason':<22} count")
    for reason, n in sorted(counts["rejects_by_reason"].items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{reason:<22} {n}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, HostileSite(lifetime=1200) as site:
        data = Path(tmp) / "data"
        for name in ("fresh", "re-run"):
            report(name, *crawl(site, data))


if __name__ == "__main__":
    main()
