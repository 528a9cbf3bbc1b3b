"""Discovery under oversized sources: a page of 200,000 links and a feed of 100,000 items.

Serves :class:`tests.support.big_sources.BigSourcesSite` on 127.0.0.1 and runs
``scrapy crawl news`` from its homepage, once per case. The crawl stops itself after
``--pages`` responses (``CLOSESPIDER_PAGECOUNT``): the point is the discovery work, not the
articles. Prints per case: wall time, ``max_reactor_stall_s`` and ``peak_rss_mb`` from the run
manifest (the crawl's own process), the peak ``VmHWM`` of its extraction workers (polled from
/proc), and what the manifest counted as discovered and skipped. Not a test: run it by hand.

    .venv/bin/python benchmarks/discovery_bench.py
    .venv/bin/python benchmarks/discovery_bench.py --cases feed --workers 2
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path

from newscrawl.cli import crawl_command, scrapy_env
from tests.support.big_sources import BigSourcesSite

CASES = {
    "links": {"links": 200_000, "feed_items": 5},
    "feed": {"links": 5, "feed_items": 100_000},
}
SETTINGS = {
    "NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true",
    "AUTOTHROTTLE_ENABLED": "false",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "LOG_LEVEL": "WARNING",
}


def vm_hwm_mb(pid: int) -> float:
    """VmHWM of a process in MiB (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(c) for c in task.read_text().split()]
        except (OSError, ValueError):
            continue
    return found


def run_case(name: str, pages: int, workers: int, timeout: float) -> None:
    with tempfile.TemporaryDirectory() as tmp, BigSourcesSite(**CASES[name], lifetime=timeout + 30) as site:
        settings = {
            **SETTINGS,
            "NEWSCRAWL_EXTRACT_WORKERS": str(workers),
            "CLOSESPIDER_PAGECOUNT": str(pages),
        }
        data = Path(tmp) / "data"
        command = crawl_command("news", data, arguments={"start_urls": f"{site.origin}/"}, settings=settings)
        started = time.monotonic()
        process = subprocess.Popen(command, env=scrapy_env(), stderr=subprocess.PIPE, text=True)
        worker_peak: dict[int, float] = {}
        while process.poll() is None:
            for child in children(process.pid):
                worker_peak[child] = max(worker_peak.get(child, 0.0), vm_hwm_mb(child))
            time.sleep(0.2)
            if time.monotonic() - started > timeout:
                process.kill()
        wall = time.monotonic() - started
        log = process.stderr.read() if process.stderr else ""
        manifests = sorted((data / "runs").glob("*.json"))
        if not manifests:
            print(f"{name}: no manifest (exit {process.returncode}); log tail:\n{log[-2000:]}")
            return
        manifest = json.loads(manifests[-1].read_text())
        counts = manifest["counts"]
        print(
            f"{name:6} wall {wall:6.1f} s  max_reactor_stall_s {manifest.get('max_reactor_stall_s')}"
            f"  peak_rss_mb {manifest.get('peak_rss_mb')}"
            f"  worker_peak_rss_mb {max(worker_peak.values(), default=0):.0f}"
            f"  pages_fetched {counts['pages_fetched']}"
        )
        print(f"       discovered {counts['discovered']}  skipped {counts['skipped']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="links,feed", help="comma-separated: links, feed")
    parser.add_argument("--pages", type=int, default=200, help="responses after which the crawl stops")
    parser.add_argument("--workers", type=int, default=0, help="NEWSCRAWL_EXTRACT_WORKERS")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    for name in args.cases.split(","):
        run_case(name.strip(), args.pages, args.workers, args.timeout)


if __name__ == "__main__":
    main()
