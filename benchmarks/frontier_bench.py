"""Shared-frontier benchmark: requests pushed, taken and acknowledged per second, bytes per request.

Starts a private redis-server on a free loopback port (killed at the end), queues ``--requests``
article requests of the kind newscrawl's spider makes (JSON, with a sitemap entry in meta), then
takes and acknowledges them all, one by one as a Scrapy worker does. Prints plain figures.
Not a test: run it by hand.

    .venv/bin/python benchmarks/frontier_bench.py --requests 20000
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import tempfile
import time
from datetime import UTC, datetime

import redis
import scrapy

from newscrawl.discovery import SourceEntry
from newscrawl.frontier.codec import request_from_json, request_to_json
from newscrawl.frontier.keys import RunKeys
from newscrawl.frontier.queue import RedisFrontier


class BenchSpider(scrapy.Spider):
    name = "bench"

    def parse_page(self, response: object) -> None:
        """The callback the stored requests name."""


def start_redis(directory: str) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is not installed")
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen([*command, "--dir", directory], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(200):
        try:
            redis.Redis.from_url(url).ping()
            return process, url
        except redis.exceptions.ConnectionError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("redis-server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20000)
    count = parser.parse_args().requests
    spider = BenchSpider()
    with tempfile.TemporaryDirectory() as directory:
        process, url = start_redis(directory)
        try:
            client = redis.Redis.from_url(url)
            frontier = RedisFrontier(client, RunKeys("bench", "run"), "w1", 60_000)
            base = client.info("memory")["used_memory"]
            started = time.perf_counter()
            for n in range(count):
                page = f"https://www.example-news.org/world/2026/11/30/story-number-{n}-headline-words"
                entry = SourceEntry(
                    page, published=datetime(2026, 11, 30, 9, n % 60, tzinfo=UTC), title=f"Story {n}"
                )
                request = scrapy.Request(page, callback=spider.parse_page, meta={"newscrawl_entry": entry})
                frontier.push(f"{n:040x}", request_to_json(request, spider), 20422)
            pushed = time.perf_counter() - started
            memory = client.info("memory")["used_memory"] - base
            started = time.perf_counter()
            for _ in range(count):
                lease = frontier.take()
                assert lease is not None
                request_from_json(lease.payload, spider)
                frontier.ack({lease.lease_id: False})
            taken = time.perf_counter() - started
        finally:
            process.kill()
            process.wait(timeout=10)
    print(f"requests:                        {count}")
    print(f"push (serialize + dedupe + queue): {count / pushed:,.0f} requests/s")
    print(f"take + rebuild + ack:             {count / taken:,.0f} requests/s")
    print(f"Redis memory per queued request:  {memory / count:,.0f} bytes")


if __name__ == "__main__":
    main()
