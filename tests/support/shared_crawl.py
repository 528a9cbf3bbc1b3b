"""Real ``scrapy crawl news`` workers of one shared run (subprocesses, bounded, killed at teardown),
and what they wrote, for the shared-mode tests."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscrawl.cli import crawl_command, scrapy_env
from newscrawl.storage.jsonl import read_records
from tests.crawling import FAST, PROJECT_ROOT
from tests.support import newsfarm
from tests.support.fixture_web import FixtureWeb
from tests.support.localweb import crawl_settings

EXIT_TIMEOUT = 180


@dataclass
class NewsWorker:
    name: str
    process: subprocess.Popen[bytes]
    log_path: Path
    data_dir: Path

    def wait(self, timeout: float = EXIT_TIMEOUT) -> int:
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(
                f"worker {self.name} did not exit in {timeout} s:\n{self.log()[-3000:]}"
            ) from None

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)


@dataclass
class SharedCrawl:
    """Workers of the ``news`` spider over the farm site at ``web``, sharing Redis at ``redis_url``."""

    directory: Path
    web: FixtureWeb
    redis_url: str
    workers: list[NewsWorker] = field(default_factory=list)

    def start(self, name: str, data_dir: Path, **settings: str) -> NewsWorker:
        values = {
            **FAST,
            **crawl_settings(self.web.origin),
            "NEWSCRAWL_REDIS_URL": self.redis_url,
            "NEWSCRAWL_WORKER_ID": name,
            "NEWSCRAWL_LEASE_SECONDS": "3",
            "CONCURRENT_REQUESTS": "8",
            **settings,
        }
        command = crawl_command("news", data_dir, arguments={"start_urls": newsfarm.SITEMAP}, settings=values)
        log_path = self.directory / f"{name}.log"
        with log_path.open("ab") as log:
            process = subprocess.Popen(command, env=scrapy_env(), cwd=PROJECT_ROOT, stdout=log, stderr=log)
        worker = NewsWorker(name, process, log_path, data_dir)
        self.workers.append(worker)
        return worker

    def stop_all(self) -> None:
        for worker in self.workers:
            worker.kill()

    def article_downloads(self) -> Counter[str]:
        """How often the server sent each article page (robots.txt and the sitemap left out)."""
        return Counter(path for _, path in self.web.log.entries if path.startswith("/news/"))


def wait_until(condition: Callable[[], bool], timeout: float = 90, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def records(*data_dirs: Path, run_id: str | None = None) -> list[dict[str, Any]]:
    """Every article record in the data directories (of one run when given)."""
    found = []
    for data_dir in {d.resolve() for d in data_dirs}:
        for path in sorted((data_dir / "articles").glob("**/*.jsonl*")):
            if path.name.endswith(".tmp"):
                continue
            found += [r for r in read_records(path) if run_id is None or r["run_id"] == run_id]
    return found


def story(record: dict[str, Any]) -> int:
    """The farm article a record is (a syndicated copy is its original's story)."""
    return int(record["canonical_url"].rsplit("story-", 1)[1][:4])


def assert_exactly_once(found: list[dict[str, Any]], count: int) -> None:
    """Every one of ``count`` stories written once: no canonical URL, no content, no story twice."""
    urls = Counter(r["canonical_url"] for r in found)
    digests = Counter(r["content_sha256"] for r in found)
    stories = Counter(story(r) for r in found)
    assert max(urls.values(), default=0) == 1, [u for u, c in urls.items() if c > 1][:5]
    assert max(digests.values(), default=0) == 1, [u for u, c in digests.items() if c > 1][:5]
    assert set(stories) == set(range(count)), sorted(set(range(count)) - set(stories))[:10]
    assert max(stories.values()) == 1


def run_ids(data_dir: Path) -> list[str]:
    return sorted(p.name for p in (data_dir / "runs").iterdir() if p.is_dir())


def worker_manifests(data_dir: Path, run_id: str) -> dict[str, dict[str, Any]]:
    return {
        p.stem: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((data_dir / "runs" / run_id).glob("*.json"))
    }
