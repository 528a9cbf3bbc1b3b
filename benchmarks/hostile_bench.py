"""Hostile-site benchmark: the crawl of tests/support/hostile_site.py, fresh and re-run.

Prints, for each crawl, its wall time, the peak RSS of the crawl's main process and of each
extraction worker (sampled from /proc while the crawl runs), ``max_reactor_stall_s``, the
manifest's requests equation and its reject reasons. Not a test: run it by hand (it takes a
few minutes).

    PYTHONPATH=. .venv/bin/python benchmarks/hostile_bench.py                # extraction in-process
    PYTHONPATH=. .venv/bin/python benchmarks/hostile_bench.py --workers 2    # two extraction workers
    PYTHONPATH=. .venv/bin/python benchmarks/hostile_bench.py --log crawl.log  # keep the crawl logs
    PYTHONPATH=. .venv/bin/python benchmarks/hostile_bench.py --stalltrace --log crawl.log  # stalls' stacks
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.support, from any directory

from newscrawl.cli import crawl_command, scrapy_env
from newscrawl.settings import EXTENSIONS
from tests.crawling import FAST, PROJECT_ROOT
from tests.support.hostile_site import CRAWL_SETTINGS, HostileSite, crawl_arguments

SAMPLE_S = 0.1


def peak_kib(pid: int) -> int | None:
    """``VmHWM`` of a process (its peak resident set so far), None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def descendants(pid: int) -> list[int]:
    """The processes under ``pid`` (children, their children …), from /proc."""
    found: list[int] = []
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except (OSError, ValueError):
                continue
            found += children
            todo += children
    return found


class PeakSampler(threading.Thread):
    """Samples the peak RSS of a process and of every process under it until it exits."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peaks: dict[int, int] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_S):
            for pid in [self.pid, *descendants(self.pid)]:
                peak = peak_kib(pid)
                if peak is not None:
                    self.peaks[pid] = max(peak, self.peaks.get(pid, 0))

    def main_mb(self) -> int:
        return self.peaks.get(self.pid, 0) // 1024

    def worker_mb(self) -> list[int]:
        peaks = (kib // 1024 for pid, kib in self.peaks.items() if pid != self.pid)
        return sorted((mb for mb in peaks if mb > 0), reverse=True)  # 0: seen before its exec


def crawl(
    site: HostileSite, data_dir: Path, settings: dict[str, str], log_path: Path
) -> tuple[float, PeakSampler, dict[str, Any]]:
    """One crawl in a child process: (wall seconds, its memory peaks, manifest)."""
    command = crawl_command("news", data_dir, arguments=crawl_arguments(site), settings=settings)
    started = time.monotonic()
    with open(log_path, "ab") as log:
        child = subprocess.Popen(command, env=scrapy_env(), cwd=PROJECT_ROOT, stdout=log, stderr=log)
        sampler = PeakSampler(child.pid)
        sampler.start()
        child.wait()
        sampler.done.set()
        sampler.join()
    wall = time.monotonic() - started
    if child.returncode != 0:
        sys.exit(f"crawl failed ({child.returncode}); see {log_path}")
    manifests = sorted((data_dir / "runs").glob("*.json"), key=lambda p: p.stat().st_mtime)
    return wall, sampler, json.loads(manifests[-1].read_text(encoding="utf-8"))


def report(name: str, wall: float, memory: PeakSampler, manifest: dict[str, Any]) -> None:
    counts = manifest["counts"]
    print(f"\n== {name} crawl: {wall:.1f} s wall, finish {manifest['finish_reason']}")
    workers = memory.worker_mb()
    print(
        f"peak RSS: main process {memory.main_mb()} MB (manifest peak_rss_mb "
        f"{manifest.get('peak_rss_mb', counts.get('peak_rss_mb'))}), "
        f"extraction workers {workers or 'none'} MB"
    )
    print(
        f"max_reactor_stall_s: {manifest.get('max_reactor_stall_s')} "
        f"(reactor thread CPU in it: {manifest.get('max_reactor_stall_cpu_s')} s)"
    )
    print(
        f"articles written {counts['articles_written']}, charset repaired {counts.get('charset_repaired')}, "
        f"large pages extracted alone {counts.get('large_pages_extracted_alone')}"
    )
    print("requests:", json.dumps(counts.get("requests", {})))
    print(f"{'reject reason':<22} count")
    for reason, n in sorted(counts["rejects_by_reason"].items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{reason:<22} {n}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="0", help="NEWSCRAWL_EXTRACT_WORKERS (default 0: in-process)")
    parser.add_argument("--log", type=Path, help="append the crawls' logs to this file")
    parser.add_argument(
        "--stalltrace", action="store_true", help="log where the reactor was in each stall (see --log)"
    )
    args = parser.parse_args()
    settings = {**FAST, **CRAWL_SETTINGS, "NEWSCRAWL_EXTRACT_WORKERS": args.workers}
    if args.stalltrace:
        settings["EXTENSIONS"] = json.dumps({**EXTENSIONS, "benchmarks.stalltrace.StallTrace": 900})
    print(f"NEWSCRAWL_EXTRACT_WORKERS={args.workers}")
    with tempfile.TemporaryDirectory() as tmp, HostileSite(lifetime=1200) as site:
        data = Path(tmp) / "data"
        log_path = args.log or Path(tmp) / "crawl.log"
        for name in ("fresh", "re-run"):
            report(name, *crawl(site, data, settings, log_path))


if __name__ == "__main__":
    main()
