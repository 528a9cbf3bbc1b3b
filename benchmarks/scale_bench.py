"""Shared-mode scaling: articles/s of 1, 2 and 4 ``scrapy crawl news`` workers on one Redis frontier.

Starts its own redis-server on a free loopback port (AOF off: a benchmark keeps nothing; the
listpack settings the Redis ledger recommends are on) and a generated local news web
(``scale_site.py``: N article pages dealt out over several sites, each on its own 127.0.0.x
address, with listings, feeds, robots.txt and sitemaps). Two variants of the web:

- **network-bound**: every response takes ``--delay`` (0.2 s, like a real site) and the
  workers are polite per site (``DOWNLOAD_DELAY``, one request at a time per site), so one
  worker waits on the network and politeness, not on its CPU;
- **CPU-bound**: responses come at once and there is no download delay, so extraction
  (tens of ms of CPU per page) is what limits a worker.

For each variant, it runs 1, 2 and 4 workers (subprocesses ``scrapy crawl news -a
start_urls=<every homepage> -s NEWSCRAWL_REDIS_URL=…``, each with a data directory of its
own, Redis flushed between runs) and prints articles written per second (wall clock, start-up
of the processes included) and the speedup over one worker, plus the pages downloaded in
total as counted at the server (each page of the web must be downloaded exactly once by the
workers together; robots.txt is fetched by each worker's robots.txt middleware and is listed
apart). ``NEWSCRAWL_EXTRACT_WORKERS`` is pinned to 0 (extraction in each crawl process) so the
comparison is of worker processes only. Finally it runs ``ledger_bench.py --backend redis``
for the Redis ledger's figures at 1M URLs. Not a test: run it by hand, on a quiet machine.

    .venv/bin/python benchmarks/scale_bench.py                       # defaults below
    .venv/bin/python benchmarks/scale_bench.py --pages 200 --cpu-pages 300 --ledger-urls 0
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.support.redis_server, newscrawl
sys.path.insert(0, str(ROOT / "benchmarks"))  # scale_site

import redis  # noqa: E402
from scale_site import NewsWeb  # noqa: E402

from newscrawl.cli import crawl_command, scrapy_env  # noqa: E402
from tests.support.redis_server import RedisServer  # noqa: E402

COMMON = {
    "NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true",  # the sites are on 127.0.0.x
    "NEWSCRAWL_EXTRACT_WORKERS": "0",  # compare worker processes only
    "NEWSCRAWL_PROGRESS_INTERVAL": "0",
    "AUTOTHROTTLE_ENABLED": "false",  # a fixed politeness, the same in every run
    "CONCURRENT_REQUESTS": "16",
    "LOG_LEVEL": "INFO",
}


@dataclass(frozen=True)
class Variant:
    name: str
    delay: float  # seconds the server takes to answer
    settings: dict[str, str]


def variants(delay: float, download_delay: float) -> list[Variant]:
    return [
        Variant(
            "network-bound",
            delay,
            {"DOWNLOAD_DELAY": str(download_delay), "CONCURRENT_REQUESTS_PER_DOMAIN": "1"},
        ),
        Variant("CPU-bound", 0.0, {"DOWNLOAD_DELAY": "0", "CONCURRENT_REQUESTS_PER_DOMAIN": "8"}),
    ]


@dataclass
class RunResult:
    workers: int
    seconds: float
    exit_codes: list[int]
    written: int  # articles written, from the run manifests
    records: int  # article records in the output files
    distinct: int  # distinct canonical URLs among them
    per_worker: list[int]
    downloads: int  # site pages downloaded (server count)
    site_pages: int
    max_per_page: int
    missing: int
    robots: int
    other: int  # requests for anything else (404s)
    crawl_seconds: float  # first to last request seen by the server
    frontier: dict[str, int]


def article_records(data_dir: Path) -> list[dict[str, Any]]:
    records = []
    for path in sorted((data_dir / "articles").glob("**/*.jsonl*")):
        opener: Any = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as lines:
            records += [json.loads(line) for line in lines if line.strip()]
    return records


def manifests(data_dir: Path) -> list[dict[str, Any]]:
    """Run manifests: ``runs/<run_id>.json``, or ``runs/<run_id>/<worker_id>.json`` per worker."""
    paths = sorted((data_dir / "runs").glob("**/*.json"))
    return [json.loads(p.read_text(encoding="utf-8")) for p in paths]


def frontier_stats(client: redis.Redis) -> dict[str, int]:  # a client with decode_responses
    """The run's frontier counters (pushed, taken, acked, reclaimed, ...), summed over its runs."""
    totals: dict[str, int] = {}
    for key in client.scan_iter(match="newscrawl:news:*:stats"):
        for name, value in client.hgetall(key).items():
            totals[str(name)] = totals.get(str(name), 0) + int(value)
    return totals


def run_workers(
    count: int,
    web: NewsWeb,
    server: RedisServer,
    variant: Variant,
    directory: Path,
    timeout: float,
    shared_dir: bool = False,
) -> RunResult:
    client = redis.Redis.from_url(server.url(0), decode_responses=True)
    client.flushdb()
    web.stats.reset()
    directory.mkdir(parents=True)
    settings = {**COMMON, **variant.settings, "NEWSCRAWL_REDIS_URL": server.url(0)}
    processes = []
    started = time.perf_counter()
    data_dirs = [directory / ("data" if shared_dir else f"w{n + 1}") for n in range(count)]
    for n, data_dir in enumerate(data_dirs):
        command = crawl_command(
            "news",
            data_dir,
            arguments={"start_urls": ",".join(web.homepages())},
            settings={**settings, "NEWSCRAWL_WORKER_ID": f"w{n + 1}"},
        )
        log = (directory / f"w{n + 1}.log").open("wb")
        processes.append(
            subprocess.Popen(command, env=scrapy_env(), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        )
    codes = []
    deadline = started + timeout
    for process in processes:
        try:
            codes.append(process.wait(timeout=max(1.0, deadline - time.perf_counter())))
        except subprocess.TimeoutExpired:
            process.kill()
            codes.append(process.wait(timeout=30))
    seconds = time.perf_counter() - started
    data_dirs = sorted(set(data_dirs))
    per_worker = [m["counts"]["articles_written"] for d in data_dirs for m in manifests(d)]
    records = [r for d in data_dirs for r in article_records(d)]
    site = web.all_pages()
    hits = dict(web.stats.counts)
    pages = {key: n for key, n in hits.items() if key in site}
    stats = web.stats
    return RunResult(
        workers=count,
        seconds=seconds,
        exit_codes=codes,
        written=sum(per_worker),
        records=len(records),
        distinct=len({r["canonical_url"] for r in records}),
        per_worker=per_worker,
        downloads=sum(pages.values()),
        site_pages=len(site),
        max_per_page=max(pages.values(), default=0),
        missing=len(site - set(pages)),
        robots=sum(n for (_, path), n in hits.items() if path == "/robots.txt"),
        other=sum(n for key, n in hits.items() if key not in site and key[1] != "/robots.txt"),
        crawl_seconds=(stats.last - stats.first) if stats.first is not None and stats.last else 0.0,
        frontier=frontier_stats(client),
    )


def print_run(result: RunResult, base: RunResult | None) -> None:
    rate = result.written / result.seconds
    speedup = f"{rate / (base.written / base.seconds):.2f}x" if base and base.written else "1.00x"
    crawl_rate = result.written / result.crawl_seconds if result.crawl_seconds else 0.0
    once = (
        "each once"
        if result.max_per_page == 1 and not result.missing
        else f"NOT each once (max {result.max_per_page}, {result.missing} never)"
    )
    print(
        f"  {result.workers} worker(s): {result.written} articles in {result.seconds:.1f} s = "
        f"{rate:.1f} articles/s, speedup {speedup}   "
        f"[server busy {result.crawl_seconds:.1f} s: {crawl_rate:.1f} articles/s; load {os.getloadavg()[0]:.1f}]"
    )
    print(
        f"      per worker {result.per_worker}; records {result.records}, distinct URLs {result.distinct}; "
        f"pages downloaded {result.downloads} of {result.site_pages} ({once}); "
        f"robots.txt {result.robots}; other requests {result.other}; exit codes {result.exit_codes}"
    )
    frontier = ", ".join(f"{k} {v}" for k, v in sorted(result.frontier.items()))
    print(f"      frontier: {frontier}")


def bench_variant(
    variant: Variant,
    pages: int,
    hosts: int,
    server: RedisServer,
    tmp: Path,
    workers: list[int],
    timeout: float,
    shared_dir: bool,
) -> list[RunResult]:
    settings = ", ".join(f"{k}={v}" for k, v in {**COMMON, **variant.settings}.items() if k != "LOG_LEVEL")
    print(
        f"\n{variant.name}: {pages} articles over {hosts} sites, server delay {variant.delay * 1000:.0f} ms"
    )
    print(f"  settings: {settings}")
    print(f"  data directory: {'one, shared by the workers' if shared_dir else 'one per worker'}")
    results: list[RunResult] = []
    with NewsWeb(pages=pages, hosts=hosts, delay=variant.delay) as web:
        print(f"  sites: {web.homepages()[0]} … {web.homepages()[-1]}; {len(web.all_pages())} pages")
        for count in workers:
            directory = tmp / variant.name / str(count)
            result = run_workers(count, web, server, variant, directory, timeout, shared_dir)
            print_run(result, results[0] if results else None)
            if any(result.exit_codes):
                log = (directory / "w1.log").read_text(errors="replace")[-1500:]
                print(f"      a worker failed; tail of w1.log:\n{log}")
            results.append(result)
    return results


def ledger_figures(urls: int) -> None:
    print(f"\nRedis ledger at {urls:,} URLs (benchmarks/ledger_bench.py --backend redis):", flush=True)
    command = [sys.executable, str(ROOT / "benchmarks" / "ledger_bench.py"), "--backend", "redis"]
    subprocess.run([*command, "--urls", str(urls)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=400, help="articles of the network-bound web")
    parser.add_argument("--cpu-pages", type=int, default=3000, help="articles of the CPU-bound web")
    parser.add_argument("--hosts", type=int, default=8, help="sites (127.0.0.2 onwards)")
    parser.add_argument("--delay", type=float, default=0.2, help="server response time (s)")
    parser.add_argument("--download-delay", type=float, default=1.0, help="DOWNLOAD_DELAY, network-bound")
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--variants", default="network-bound,CPU-bound")
    parser.add_argument("--timeout", type=float, default=900.0, help="per run, seconds")
    parser.add_argument(
        "--shared-data-dir",
        action="store_true",
        help="one data directory for all workers (default: one each)",
    )
    parser.add_argument("--keep", help="keep the workers' data directories and logs here")
    parser.add_argument("--ledger-urls", type=int, default=1_000_000, help="0: skip the ledger figures")
    args = parser.parse_args()
    workers = [int(w) for w in args.workers.split(",")]
    wanted = args.variants.split(",")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="scale-bench-") as name:
        tmp = Path(args.keep or name)
        with RedisServer(tmp / "redis", appendonly=False) as server:
            print(f"redis-server at {server.url(0)} (AOF off for the benchmark)")
            for variant in variants(args.delay, args.download_delay):
                if variant.name in wanted:
                    pages = args.pages if variant.delay else args.cpu_pages
                    bench_variant(
                        variant, pages, args.hosts, server, tmp, workers, args.timeout, args.shared_data_dir
                    )
    if args.ledger_urls:
        ledger_figures(args.ledger_urls)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
