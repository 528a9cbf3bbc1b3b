"""Peak memory of a long crawl: ``scrapy crawl news`` over N generated article pages.

A loopback HTTP server generates the site on the fly (nothing is written to disk): N distinct
article pages (their words drawn from a seeded generator, so none is a duplicate of another),
topic listing pages of 50 articles each linked from the homepage, robots.txt and a sitemap index
of sitemaps of 5,000 URLs. The crawl starts from the homepage with fast settings
(``DOWNLOAD_DELAY=0``, AutoThrottle off, ``CONCURRENT_REQUESTS=32``), the SQLite ledger and
durable JSON Lines as in production. A sampler reads ``/proc/<pid>/status`` (VmRSS, VmHWM) of
the crawl process and of its children (extraction workers) every 0.5 s; the figures are printed
every 5,000 article pages served and at the end. Not a test: run it by hand.

    .venv/bin/python benchmarks/memory_bench.py --pages 50000
    .venv/bin/python benchmarks/memory_bench.py --pages 5000 --tracemalloc   # what grows, by line

``--tracemalloc`` adds the extension :mod:`benchmarks.memtrace` to the crawl: it prints the
allocation sites that grew most between two snapshots (after 20% and at the end of the crawl).
At ``--max-seconds`` the crawl is stopped as Ctrl-C stops it (the figures so far are printed);
the server stops by itself 10 minutes later.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.cli import crawl_command, scrapy_env  # noqa: E402
from newscrawl.settings import EXTENSIONS  # noqa: E402

PER_TOPIC = 50
PER_SITEMAP = 5000
REPORT_EVERY = 5000
WORDS = [
    "harbour", "council", "budget", "minister", "river", "station", "growers", "market", "energy",
    "school", "hospital", "airport", "farmers", "court", "election", "bridge", "museum", "festival",
    "storm", "railway", "union", "factory", "coast", "village", "mayor", "police", "report", "plan",
    "water", "prices", "tourism", "research", "students", "workers", "housing", "transport", "league",
    "season", "coach", "players", "exports", "imports", "bank", "loans", "tax", "vote", "parliament",
    "region", "province", "district", "forest", "wildfire", "drought", "harvest", "coffee", "wheat",
]  # fmt: skip
VERBS = ["said", "announced", "warned", "agreed", "rejected", "approved", "expects", "reported", "plans"]


def article_html(n: int, base: str) -> bytes:
    """Article ``n``: a NewsArticle with a headline, a date and six paragraphs of seeded prose."""
    rng = random.Random(n)
    headline = " ".join(rng.choice(WORDS).capitalize() for _ in range(6)) + f" ({n})"
    paragraphs = []
    for _ in range(6):
        sentences = []
        for _ in range(4):
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 14))]
            words.insert(2, rng.choice(VERBS))
            sentences.append(" ".join(words).capitalize() + ".")
        paragraphs.append("<p>" + " ".join(sentences) + "</p>")
    day = 1 + n % 28
    date = f"2026-0{1 + n % 9}-{day:02d}T08:{n % 60:02d}:00+00:00"
    ld = json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": headline,
        "datePublished": date, "author": [{"@type": "Person", "name": f"Reporter {n % 97}"}],
    })  # fmt: skip
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{headline}</title>'
        f'<link rel="canonical" href="{base}/news/{n}.html">'
        f'<meta property="og:type" content="article"><script type="application/ld+json">{ld}</script>'
        f'</head><body><header><a href="/">Bench Times</a></header><main><article><h1>{headline}</h1>'
        f'<p class="byline">Reporter {n % 97}</p><time datetime="{date}">{date[:10]}</time>'
        f'<div class="article-body">{"".join(paragraphs)}</div></article></main></body></html>'
    ).encode()


def topic_html(k: int, pages: int) -> bytes:
    """Topic page ``k``: a listing of its ``PER_TOPIC`` articles."""
    first = k * PER_TOPIC
    links = "".join(
        f'<li><a href="/news/{n}.html">Story {n}</a></li>'
        for n in range(first, min(first + PER_TOPIC, pages))
    )
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Topic {k} | Bench Times</title>'
        '<meta property="og:type" content="website"><script type="application/ld+json">'
        f'{{"@context": "https://schema.org", "@type": "CollectionPage", "name": "Topic {k}"}}</script>'
        f"</head><body><h1>Topic {k}</h1><ul>{links}</ul></body></html>"
    ).encode()


class BenchSite(ThreadingHTTPServer):
    """The generated site; ``articles_served`` counts article responses."""

    daemon_threads = True

    def __init__(self, pages: int) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.pages = pages
        self.articles_served = 0
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: BenchSite

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        site, path = self.server, self.path.split("?")[0]
        topics = (site.pages + PER_TOPIC - 1) // PER_TOPIC
        sitemaps = (site.pages + PER_SITEMAP - 1) // PER_SITEMAP
        body, ctype = None, "text/html; charset=utf-8"
        if path == "/":
            links = "".join(f'<li><a href="/topics/{k}.html">Topic {k}</a></li>' for k in range(topics))
            body = (
                '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench Times</title>'
                '<meta property="og:type" content="website"><script type="application/ld+json">'
                '{"@context": "https://schema.org", "@type": "CollectionPage", "name": "Bench Times"}</script>'
                f"</head><body><h1>Bench Times</h1><ul>{links}</ul></body></html>"
            ).encode()
        elif path == "/robots.txt":
            body, ctype = (
                f"User-agent: *\nAllow: /\nSitemap: {site.base}/sitemap.xml\n".encode(),
                "text/plain",
            )
        elif path == "/sitemap.xml":
            locs = "".join(
                f"<sitemap><loc>{site.base}/sitemap-{s}.xml</loc></sitemap>" for s in range(sitemaps)
            )
            body = f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</sitemapindex>'.encode()
            ctype = "application/xml"
        elif path.startswith("/sitemap-") and path.endswith(".xml"):
            s = int(path[len("/sitemap-") : -4])
            urls = range(s * PER_SITEMAP, min((s + 1) * PER_SITEMAP, site.pages))
            locs = "".join(f"<url><loc>{site.base}/news/{n}.html</loc></url>" for n in urls)
            body = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'.encode()
            ctype = "application/xml"
        elif path.startswith("/topics/") and path.endswith(".html"):
            k = int(path[len("/topics/") : -5])
            body = topic_html(k, site.pages) if k < topics else None
        elif path.startswith("/news/") and path.endswith(".html"):
            n = int(path[len("/news/") : -5])
            if n < site.pages:
                body = article_html(n, site.base)
                with site.lock:
                    site.articles_served += 1
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def status_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (kB) of a process; empty when it is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    fields = {}
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    return fields


def children(pid: int) -> list[int]:
    """Direct and indirect child processes of ``pid``."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            kids = Path(f"/proc/{pid}/task/{task}/children").read_text().split()
        except OSError:
            continue
        for kid in map(int, kids):
            found += [kid, *children(kid)]
    return found


class Sampler(threading.Thread):
    """Samples the crawl's and its children's memory every 0.5 s; keeps the peaks."""

    def __init__(self, pid: int, site: BenchSite) -> None:
        super().__init__(daemon=True)
        self.pid, self.site = pid, site
        self.main_hwm = self.main_rss = self.child_hwm = self.child_rss_peak = 0
        self.curve: list[tuple[int, float, int, int]] = []  # pages, seconds, main RSS, children RSS
        self.started = time.monotonic()
        self.stopped = threading.Event()

    def run(self) -> None:
        next_report = REPORT_EVERY
        while not self.stopped.wait(0.5):
            main = status_kb(self.pid)
            if not main:
                break
            self.main_rss = main.get("VmRSS", 0)
            self.main_hwm = max(self.main_hwm, main.get("VmHWM", 0))
            kids = [status_kb(kid) for kid in children(self.pid)]
            child_rss = sum(k.get("VmRSS", 0) for k in kids)
            self.child_rss_peak = max(self.child_rss_peak, child_rss)
            self.child_hwm = max([self.child_hwm, *(k.get("VmHWM", 0) for k in kids)])
            served = self.site.articles_served
            if served >= next_report:
                self.record(served, child_rss)
                next_report = (served // REPORT_EVERY + 1) * REPORT_EVERY

    def record(self, served: int, child_rss: int) -> None:
        elapsed = time.monotonic() - self.started
        self.curve.append((served, elapsed, self.main_rss, child_rss))
        print(
            f"  {served:>7} pages  {elapsed:7.0f} s  main RSS {self.main_rss / 1024:6.1f} MiB"
            f"  (peak {self.main_hwm / 1024:6.1f} MiB)  workers RSS {child_rss / 1024:6.1f} MiB",
            flush=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=5000, help="article pages (default 5000)")
    parser.add_argument("--workers", type=int, default=0, help="NEWSCRAWL_EXTRACT_WORKERS (default 0)")
    parser.add_argument("--max-seconds", type=float, default=4 * 3600, help="the server's lifetime")
    parser.add_argument("--tracemalloc", action="store_true", help="print what grew (slow: for small runs)")
    parser.add_argument(
        "--trace-window",
        metavar="FIRST,LAST",
        help="with --tracemalloc: compare the heap after FIRST and after LAST responses "
        "(default: after a fifth of the pages, and at the end)",
    )
    parser.add_argument("--data-dir", help="keep the crawl's output here (default: a temporary directory)")
    args = parser.parse_args()

    site = BenchSite(args.pages)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    stopper = threading.Timer(args.max_seconds + 600, site.shutdown)
    stopper.daemon = True
    stopper.start()
    settings = {
        "NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true",
        "NEWSCRAWL_EXTRACT_WORKERS": str(args.workers),
        "AUTOTHROTTLE_ENABLED": "false",
        "DOWNLOAD_DELAY": "0",
        "CONCURRENT_REQUESTS": "32",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
        "NEWSCRAWL_PROGRESS_INTERVAL": "60",
        "LOG_LEVEL": "INFO",
    }
    if args.tracemalloc:
        settings["EXTENSIONS"] = json.dumps({**EXTENSIONS, "benchmarks.memtrace.MemoryTrace": 900})
        first, _, last = (args.trace_window or f"{max(200, args.pages // 5)},0").partition(",")
        settings["MEMTRACE_FIRST"], settings["MEMTRACE_LAST"] = first, last or "0"
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(args.data_dir or tmp)
        data.mkdir(parents=True, exist_ok=True)
        command = crawl_command("news", data, arguments={"start_urls": site.base + "/"}, settings=settings)
        env = {**scrapy_env(), "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        print(
            f"memory_bench: {args.pages} article pages, workers={args.workers}, site {site.base}", flush=True
        )
        log = data / "crawl.log"
        started = time.monotonic()
        with log.open("w") as out:
            process = subprocess.Popen(
                command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True
            )
            sampler = Sampler(process.pid, site)
            sampler.start()
            try:
                code = process.wait(timeout=args.max_seconds)
            except subprocess.TimeoutExpired:  # stop as Ctrl-C does: the manifest is written
                print(f"  --max-seconds {args.max_seconds:.0f} reached: stopping the crawl", flush=True)
                process.send_signal(signal.SIGINT)
                try:
                    code = process.wait(timeout=300)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    code = process.wait()
            sampler.stopped.set()
            sampler.join()
        elapsed = time.monotonic() - started
        sampler.record(site.articles_served, 0)
        site.shutdown()
        tail = log.read_text(errors="replace").splitlines()
        for line in tail:
            if "memtrace" in line or ("Run " in line and "articles written" in line):
                print("  " + line)
        manifests = sorted((data / "runs").glob("*.json"))
        counts = json.loads(manifests[-1].read_text())["counts"] if manifests else {}
    print(
        f"exit {code}; {elapsed:.0f} s; {site.articles_served} article pages served,"
        f" {counts.get('pages_fetched', '?')} pages fetched ({counts.get('non_article_pages', '?')} listing pages),"
        f" {counts.get('articles_written', '?')} written"
    )
    print(f"peak RSS (VmHWM) of the crawl process: {sampler.main_hwm / 1024:.1f} MiB")
    print(
        f"extraction workers: peak VmHWM of one {sampler.child_hwm / 1024:.1f} MiB,"
        f" peak sum of RSS {sampler.child_rss_peak / 1024:.1f} MiB"
    )
    return code


if __name__ == "__main__":
    raise SystemExit(main())
