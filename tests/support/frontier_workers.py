"""Start shared-mode ``scrapy crawl`` workers as subprocesses (bounded, killed at teardown)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscrawl.cli import scrapy_env

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TEST_SPIDERS = "newscrawl.spiders,tests.support.frontier_spider"


@dataclass
class Worker:
    """One worker process, its log and its items (a JSON Lines feed of its own)."""

    name: str
    process: subprocess.Popen[bytes]
    log_path: Path
    items_path: Path

    def wait(self, timeout: float) -> int:
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
            raise AssertionError(
                f"worker {self.name} did not exit in {timeout} s:\n{self.log()[-3000:]}"
            ) from None

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def items(self) -> list[dict[str, Any]]:
        if not self.items_path.exists():
            return []
        return [json.loads(line) for line in self.items_path.read_text(encoding="utf-8").splitlines() if line]

    def signal(self, number: int) -> None:
        self.process.send_signal(number)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)


@dataclass
class WorkerPool:
    """The workers a test started; ``stop_all`` kills what is still running."""

    directory: Path
    workers: list[Worker] = field(default_factory=list)

    def start(
        self,
        name: str,
        redis_url: str,
        site_origin: str,
        *,
        spider: str = "frontier_test",
        arguments: dict[str, str] | None = None,
        settings: dict[str, str] | None = None,
    ) -> Worker:
        log_path = self.directory / f"{name}.log"
        items_path = self.directory / f"{name}.jsonl"
        values = {
            "SPIDER_MODULES": TEST_SPIDERS,
            "NEWSCRAWL_REDIS_URL": redis_url,
            "NEWSCRAWL_LEASE_SECONDS": "4",
            "NEWSCRAWL_WORKER_ID": name,
            "NEWSCRAWL_DATA_DIR": str(self.directory / f"data-{name}"),
            "NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true",
            "AUTOTHROTTLE_ENABLED": "false",
            "DOWNLOAD_DELAY": "0",
            "LOG_LEVEL": "INFO",
        }
        if spider == "frontier_test":  # items go to a feed of the worker's own; no robots.txt
            values["ITEM_PIPELINES"] = "{}"
            values["ROBOTSTXT_OBEY"] = "false"
            values["RETRY_TIMES"] = "0"
            values["FEEDS"] = json.dumps({str(items_path): {"format": "jsonlines"}})
            arguments = {"base": site_origin, **(arguments or {})}
        values.update(settings or {})
        command = [sys.executable, "-m", "scrapy", "crawl", spider]
        for key, value in (arguments or {}).items():
            command += ["-a", f"{key}={value}"]
        for key, value in values.items():
            command += ["-s", f"{key}={value}"]
        with log_path.open("wb") as log:
            process = subprocess.Popen(command, env=scrapy_env(), cwd=PROJECT_ROOT, stdout=log, stderr=log)
        worker = Worker(name, process, log_path, items_path)
        self.workers.append(worker)
        return worker

    def stop_all(self) -> None:
        for worker in self.workers:
            worker.kill()
