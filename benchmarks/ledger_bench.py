"""Ledger benchmark: insert rate, lookups per second and bytes per URL on disk (or in Redis).

Fills a fresh SQLite ledger in a temporary directory (or a Redis ledger) with realistic
canonical news URLs and prints plain figures. Not a test: run it by hand.

    .venv/bin/python benchmarks/ledger_bench.py            # 1,000,000 URLs
    .venv/bin/python benchmarks/ledger_bench.py --urls 100000
    .venv/bin/python benchmarks/ledger_bench.py --backend redis   # starts its own redis-server
    .venv/bin/python benchmarks/ledger_bench.py --backend redis --redis-url redis://127.0.0.1:6379/15

With ``--redis-url`` the ledger uses a fresh key prefix on that server, and its keys are
deleted at the end; memory per URL is the server's ``used_memory`` growth.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.support.redis_server

from newscrawl.ledger import Ingested, open_ledger

SECTIONS = [
    "world",
    "politics",
    "business",
    "economy",
    "sport",
    "football",
    "science",
    "health",
    "tech",
    "culture",
    "opinion",
    "europe",
    "middle-east",
    "asia",
    "africa",
    "americas",
    "climate",
    "travel",
]
HOSTS = [
    f"https://www.{name}.com"
    for name in [
        "example-news",
        "daily-courier",
        "the-herald",
        "worldwire",
        "metro-times",
        "globe-report",
        "evening-post",
        "newsdesk24",
        "capital-tribune",
        "coast-gazette",
    ]
]
SYLLABLES = [
    "ka",
    "lo",
    "min",
    "ter",
    "sa",
    "ve",
    "dor",
    "pri",
    "nu",
    "gal",
    "bre",
    "xo",
    "tal",
    "ric",
    "mo",
    "an",
    "el",
]


def make_words(rng: random.Random, count: int) -> list[str]:
    """A vocabulary of pseudo-words."""
    return ["".join(rng.choices(SYLLABLES, k=rng.randint(1, 3))) for _ in range(count)]


def make_url(rng: random.Random, words: list[str], number: int) -> str:
    """``https://www.host.com/section/YYYY/MM/DD/slug-words-123456``."""
    slug = "-".join(rng.choices(words, k=rng.randint(3, 8)))
    date = f"{rng.randint(2015, 2025)}/{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}"
    return f"{rng.choice(HOSTS)}/{rng.choice(SECTIONS)}/{date}/{slug}-{number}"


def sha(text: str) -> str:
    """Hex SHA-256 of a text (stands in for the content digest)."""
    return hashlib.sha256(text.encode()).hexdigest()


def compact(db_path: Path) -> dict[str, int]:
    """Checkpoint and VACUUM the database; bytes per table/index."""
    with sqlite3.connect(db_path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return dict(db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall())


def disk_bytes(state: Path) -> int:
    """Size of the database file plus its WAL."""
    return sum(p.stat().st_size for p in state.glob("ledger.sqlite3*") if not p.name.endswith("-shm"))


def rate(count: int, func: Callable[[], object]) -> float:
    """Operations per second of ``func``, which performs ``count`` operations."""
    start = time.perf_counter()
    func()
    return count / (time.perf_counter() - start)


def bench_urls(root: Path, n_urls: int, n_lookups: int, batch: int, rng: random.Random) -> None:
    words = make_words(rng, 3000)
    print(f"generating {n_urls:,} URLs ...", flush=True)
    urls = [make_url(rng, words, 100000 + i) for i in range(n_urls)]
    avg = sum(map(len, urls)) / n_urls
    print(f"average URL length: {avg:.1f} characters, e.g. {urls[0]}")

    ledger = open_ledger(root)
    state = root / "state"

    def insert() -> None:
        for start in range(0, n_urls, batch):
            ledger.record_many(
                Ingested(url, sha(url), site=url.split(".")[1]) for url in urls[start : start + batch]
            )

    print(f"insert (record_many, batches of {batch:,}): {rate(n_urls, insert):,.0f} URLs/s", flush=True)
    extra = [make_url(rng, words, 90_000_000 + i) for i in range(2000)]
    single = rate(len(extra), lambda: [ledger.record(u, sha(u)) for u in extra])
    print(f"insert (record, one transaction each):   {single:,.0f} URLs/s")

    hits = rng.sample(urls, n_lookups // 2)
    misses = [make_url(rng, words, 50_000_000 + i) for i in range(n_lookups - len(hits))]
    probes = hits + misses
    rng.shuffle(probes)
    found = sum(map(ledger.seen, probes))
    assert found == len(hits), (found, len(hits))
    per_s = rate(len(probes), lambda: list(map(ledger.seen, probes)))
    print(f"lookups seen() (50% hits):               {per_s:,.0f}/s")
    for size in (100, 1000):
        chunks = [probes[i : i + size] for i in range(0, len(probes), size)]
        per_s = rate(len(probes), partial(list, map(ledger.seen_many, chunks)))
        print(f"lookups seen_many() (batches of {size:>4}):  {per_s:,.0f}/s")
    per_s = rate(len(probes), lambda: list(map(ledger.get, probes)))
    print(f"get() (50% hits):                        {per_s:,.0f}/s")
    per_s = rate(len(probes), lambda: list(map(ledger.for_request, probes)))
    print(f"for_request() (50% hits; the spider's):  {per_s:,.0f}/s")
    total = ledger.count()
    ledger.close()

    print(f"URLs in the ledger:                      {total:,}")
    print(f"on disk after close (db + WAL):          {disk_bytes(state) / total:.1f} bytes/URL")
    pages = compact(state / "ledger.sqlite3")
    print(f"on disk after VACUUM (db + WAL):         {disk_bytes(state) / total:.1f} bytes/URL")
    parts = ", ".join(f"{k} {v / total:.1f}" for k, v in sorted(pages.items()) if v > 8192)
    print(f"  by table/index: {parts}")


def bench_signatures(root: Path, n_docs: int, rng: random.Random) -> None:
    words = make_words(rng, 20000)
    ledger = open_ledger(root)
    bodies = [" ".join(rng.choices(words, k=rng.randint(250, 600))) for _ in range(n_docs)]
    start = time.perf_counter()
    sigs = [ledger.signature(body) for body in bodies]
    sig_rate = n_docs / (time.perf_counter() - start)
    items = [
        Ingested(f"https://www.example-news.com/world/doc-{i}", sha(body), signature=sig)
        for i, (body, sig) in enumerate(zip(bodies, sigs, strict=True))
    ]
    ledger.record_many(items)
    probes = [ledger.signature(" ".join(b.split()[5:])) or b"" for b in rng.sample(bodies, min(n_docs, 2000))]
    found = sum(ledger.find_near_duplicate(p) is not None for p in probes)
    lookup_rate = rate(len(probes), lambda: [ledger.find_near_duplicate(p) for p in probes])
    ledger.close()
    pages = compact(root / "state" / "ledger.sqlite3")
    sig_bytes = pages.get("minhash", 0) + pages.get("band", 0)
    print(f"\nnear-duplicate signatures ({n_docs:,} bodies of 250-600 words, num_perm={ledger.num_perm}):")
    print(f"signature computation:                   {sig_rate:,.0f} bodies/s")
    print(f"find_near_duplicate() (edited copies):   {lookup_rate:,.0f}/s, found {found}/{len(probes)}")
    print(f"signature storage (minhash + band):      {sig_bytes / n_docs:.1f} bytes/article")


def redis_ledger(url: str, prefix: str) -> Any:
    return open_ledger("unused", backend="redis", url=url, prefix=prefix)


def bench_redis_urls(
    url: str, prefix: str, n_urls: int, n_lookups: int, batch: int, rng: random.Random
) -> None:
    words = make_words(rng, 3000)
    print(f"generating {n_urls:,} URLs ...", flush=True)
    urls = [make_url(rng, words, 100000 + i) for i in range(n_urls)]
    print(f"average URL length: {sum(map(len, urls)) / n_urls:.1f} characters, e.g. {urls[0]}")
    ledger = redis_ledger(url, prefix)
    before = ledger.memory_usage()

    def insert() -> None:
        for start in range(0, n_urls, batch):
            ledger.record_many(
                Ingested(url, sha(url), site=url.split(".")[1]) for url in urls[start : start + batch]
            )

    print(f"insert (record_many, batches of {batch:,}): {rate(n_urls, insert):,.0f} URLs/s", flush=True)
    used = ledger.memory_usage() - before
    extra = [make_url(rng, words, 90_000_000 + i) for i in range(2000)]
    single = rate(len(extra), lambda: [ledger.record(u, sha(u)) for u in extra])
    print(f"insert (record, one script call each):   {single:,.0f} URLs/s")

    hits = rng.sample(urls, n_lookups // 2)
    misses = [make_url(rng, words, 50_000_000 + i) for i in range(n_lookups - len(hits))]
    probes = hits + misses
    rng.shuffle(probes)
    found = len(ledger.seen_many(probes))
    assert found == len(hits), (found, len(hits))
    for size in (100, 1000, 10_000):
        chunks = [probes[i : i + size] for i in range(0, len(probes), size)]
        per_s = rate(len(probes), partial(list, map(ledger.seen_many, chunks)))
        print(f"lookups seen_many() (pipelined, {size:>6}): {per_s:,.0f}/s")
    chunks = [probes[i : i + 1000] for i in range(0, len(probes), 1000)]
    per_s = rate(len(probes), partial(list, map(ledger.get_many, chunks)))
    print(f"get_many() (pipelined, 1000, 50% hits):  {per_s:,.0f}/s")
    few = probes[:5000]
    per_s = rate(len(few), lambda: list(map(ledger.seen, few)))
    print(f"lookups seen() (one round trip each):    {per_s:,.0f}/s")
    per_s = rate(len(few), lambda: list(map(ledger.for_request, few)))
    print(f"for_request() (one round trip each):     {per_s:,.0f}/s")
    total = ledger.count()
    print(f"URLs in the ledger:                      {total:,}")
    print(f"Redis memory (used_memory growth):       {used / n_urls:.1f} bytes/URL")
    ledger.close()


def bench_redis_signatures(url: str, prefix: str, n_docs: int, rng: random.Random) -> None:
    words = make_words(rng, 20000)
    ledger = redis_ledger(url, prefix)
    bodies = [" ".join(rng.choices(words, k=rng.randint(250, 600))) for _ in range(n_docs)]
    sigs = [ledger.signature(body) for body in bodies]
    before = ledger.memory_usage()
    ledger.record_many(
        Ingested(f"https://www.example-news.com/world/doc-{i}", sha(body), signature=sig)
        for i, (body, sig) in enumerate(zip(bodies, sigs, strict=True))
    )
    used = ledger.memory_usage() - before
    probes = [ledger.signature(" ".join(b.split()[5:])) or b"" for b in rng.sample(bodies, min(n_docs, 2000))]
    found = sum(ledger.find_near_duplicate(p) is not None for p in probes)
    lookup_rate = rate(len(probes), lambda: [ledger.find_near_duplicate(p) for p in probes])
    ledger.close()
    print(f"\nnear-duplicate signatures ({n_docs:,} bodies of 250-600 words, num_perm={ledger.num_perm}):")
    print(f"find_near_duplicate() (edited copies):   {lookup_rate:,.0f}/s, found {found}/{len(probes)}")
    print(f"Redis memory per article with signature: {used / n_docs:.1f} bytes (record + bands)")


def run_redis(args: argparse.Namespace, rng: random.Random) -> None:
    import redis

    with contextlib.ExitStack() as stack:
        url = args.redis_url
        if not url:
            from tests.support.redis_server import RedisServer

            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="ledger-bench-redis-"))
            server = stack.enter_context(RedisServer(tmp, lifetime=6 * 3600))
            url = server.url()
        client = redis.Redis.from_url(url)
        stack.callback(client.close)
        info = client.info("server")
        config = client.config_get("hash-max-listpack-*")
        print(f"python {sys.version.split()[0]}, redis-server {info['redis_version']} at {url}, {config}")
        prefix = f"ledger-bench-{os.getpid()}:"

        def drop_keys() -> None:
            for key in client.scan_iter(match=prefix + "*", count=10_000):
                client.unlink(key)

        stack.callback(drop_keys)
        bench_redis_urls(url, prefix + "u:", args.urls, min(args.lookups, 2 * args.urls), args.batch, rng)
        if args.signatures:
            bench_redis_signatures(url, prefix + "s:", args.signatures, rng)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--urls", type=int, default=1_000_000, help="URLs to insert (default 1,000,000)")
    parser.add_argument("--lookups", type=int, default=200_000, help="lookups to time (default 200,000)")
    parser.add_argument("--batch", type=int, default=10_000, help="URLs per record_many call")
    parser.add_argument("--signatures", type=int, default=10_000, help="near-dup bodies (0: skip)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backend", choices=["sqlite", "redis"], default="sqlite")
    parser.add_argument(
        "--redis-url", default="", help="Redis server to use (default: start one on loopback)"
    )
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    if args.backend == "redis":
        run_redis(args, rng)
        return 0
    print(f"python {sys.version.split()[0]}, sqlite {sqlite3.sqlite_version}")
    with tempfile.TemporaryDirectory(prefix="ledger-bench-") as tmp:
        bench_urls(Path(tmp) / "urls", args.urls, min(args.lookups, 2 * args.urls), args.batch, rng)
        if args.signatures:
            bench_signatures(Path(tmp) / "sigs", args.signatures, rng)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
