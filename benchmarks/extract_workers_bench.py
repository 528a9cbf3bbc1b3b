"""Crawl throughput with extraction in-process and in worker processes.

Builds a local news site of N article pages (the demo site's article layouts, each copy
given its own paragraph so none is a duplicate), serves it over real HTTP, and runs
``scrapy crawl news`` from its sitemap once per NEWSCRAWL_EXTRACT_WORKERS value. Prints
articles written and articles per second. Not a test: run it by hand, on a quiet machine.

    .venv/bin/python benchmarks/extract_workers_bench.py                  # 400 pages; 0 and 2 workers
    .venv/bin/python benchmarks/extract_workers_bench.py --pages 1000 --workers 0,1,2,4
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

from newscrawl.cli import crawl_command, scrapy_env
from newscrawl.demo.server import SITE_DIR, DemoServer

LAYOUTS = [
    "business/northwind-air-orders-40-jets-as-tourism-rebounds-20260305.html",
    "business/2025/03/11/harbour-authority-approves-container-terminal-expansion/index.html",
    "politics/north-korean-soldier-fighting-for-russia-captured-in-ukraine-18254112.html",
    "technology/2026/01/20/regulators-open-inquiry-into-nimbus-cloud-ai-bundling/index.html",
]
SETTINGS = {
    "NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true",
    "NEWSCRAWL_LEDGER_ENABLED": "false",
    "AUTOTHROTTLE_ENABLED": "false",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS": "32",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
    "LOG_LEVEL": "WARNING",
}


def build_site(root: Path, pages: int) -> None:
    """``pages`` unique article pages under /bench/, a sitemap listing them and robots.txt."""
    templates = [(SITE_DIR / path).read_text(encoding="utf-8") for path in LAYOUTS]
    (root / "bench").mkdir(parents=True)
    locs = []
    for n in range(pages):
        html = templates[n % len(templates)]
        html = html.replace("</p>", f" Dispatch {n}.</p>")  # every copy is a different article
        html = re.sub(r'<link rel="canonical"[^>]*>|<meta property="og:url"[^>]*>', "", html)
        path = f"/bench/story-{n:05d}.html"
        (root / path.lstrip("/")).write_text(html, encoding="utf-8")
        locs.append(f"<url><loc>{{{{BASE}}}}{path}</loc></url>")
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    )
    (root / "sitemap.xml").write_text(sitemap + "".join(locs) + "</urlset>\n", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")


def crawl(base_url: str, data_dir: Path, workers: int) -> tuple[int, float]:
    settings = {**SETTINGS, "NEWSCRAWL_EXTRACT_WORKERS": str(workers)}
    command = crawl_command(
        "news", data_dir, arguments={"start_urls": f"{base_url}/sitemap.xml"}, settings=settings
    )
    started = time.perf_counter()
    subprocess.run(command, env=scrapy_env(), check=True, capture_output=True)
    elapsed = time.perf_counter() - started
    (manifest,) = (data_dir / "runs").glob("*.json")
    return json.loads(manifest.read_text(encoding="utf-8"))["counts"]["articles_written"], elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--workers", default="0,2", help="comma-separated NEWSCRAWL_EXTRACT_WORKERS values")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; site: {args.pages} article pages, 4 layouts")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_site(site, args.pages)
        with DemoServer(site_dir=site) as server:
            for workers in (int(w) for w in args.workers.split(",")):
                written, elapsed = crawl(server.base_url, Path(tmp) / f"data-{workers}", workers)
                print(
                    f"NEWSCRAWL_EXTRACT_WORKERS={workers}: {written} articles in {elapsed:.1f} s "
                    f"(whole crawl, start-up included): {written / elapsed:.1f} articles/s"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
