"""Throughput of newscrawl against the spiders a user would write instead, side by side.

Builds a local news site of N article pages from the real pages of the extraction dev set
(``../shared/benchmarks/articles/``, read at run time, never copied into the repo): each page
is served several times under distinct paths, every copy with its own sentence added to each
paragraph so that no two are duplicates, plus a homepage, listing pages (20 articles each),
a sitemap and robots.txt. The site is served over real HTTP on 127.0.0.1 (the server stops
by itself after ``--max-seconds``). Then, one after the other, each in its own subprocess:

1. Scrapy, fetch only, from the sitemap (the framework's limit);
2. the naive spider: Scrapy + trafilatura -> JSON Lines, from the sitemap;
3. newscrawl: ``scrapy crawl news -a start_urls=<homepage>``, at the settings ``newscrawl demo``
   uses for a local site (NEWSCRAWL_ALLOW_PRIVATE_HOSTS, AUTOTHROTTLE_ENABLED=false,
   DOWNLOAD_DELAY=0; everything else at its default, the ledger and extraction workers
   included), with its own data directory.

For each it prints elapsed time, article pages per second, CPU seconds (of the process and
all its children, extraction workers included), CPU ms per article page and peak RSS (the
sum over the process tree, sampled from /proc), and the ratios to the naive spider.
``--profile`` also runs newscrawl once more with extraction in-process and a CPU timer
around each stage, and prints CPU ms per page per stage (``--profile-out FILE`` adds cProfile). Not a test: figures depend on the machine's load.

    python benchmarks/throughput_bench.py                 # 504 pages (make bench)
    python benchmarks/throughput_bench.py --pages 100 --profile
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path

from w3lib.encoding import html_to_unicode

from newscrawl.cli import crawl_command, scrapy_env
from newscrawl.demo.server import DemoServer

DEV_SET = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "articles"
DEFAULT_DEV_SET = Path("/work/shared/benchmarks/articles")
PER_LISTING = 20
NEWSCRAWL_SETTINGS = {  # what `newscrawl demo` sets for a site on this machine
    "NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true",
    "AUTOTHROTTLE_ENABLED": "false",
    "DOWNLOAD_DELAY": "0",
    "LOG_LEVEL": "WARNING",
}

FETCH_ONLY_SPIDER = """
from scrapy.spiders import SitemapSpider

class FetchOnly(SitemapSpider):
    name = "fetch_only"
    sitemap_urls = [{sitemap!r}]

    def parse(self, response):
        yield {{"url": response.url, "status": response.status}}
"""

NAIVE_SPIDER = """
import trafilatura
from scrapy.spiders import SitemapSpider

class Naive(SitemapSpider):
    name = "naive"
    sitemap_urls = [{sitemap!r}]

    def parse(self, response):
        doc = trafilatura.bare_extraction(response.text, url=response.url, with_metadata=True)
        if doc is None:
            return
        doc = doc.as_dict() if hasattr(doc, "as_dict") else doc
        yield {{key: doc.get(key) for key in ("url", "title", "author", "date", "text", "language")}}
"""


# --- the site --------------------------------------------------------------------------
def dev_pages(dev_set: Path) -> list[str]:
    """The dev set's pages, decoded as Scrapy would."""
    pages = []
    with (dev_set / "cases.jsonl").open(encoding="utf-8") as cases:
        for line in cases:
            case = json.loads(line)
            raw = gzip.decompress((dev_set / case["html"]).read_bytes())
            pages.append(html_to_unicode(None, raw)[1])
    return pages


_TITLE = re.compile(r"<title[^>]*>([^<]*)</title>", re.I)
_CANONICAL = re.compile(
    r"<link[^>]+rel=[\"']?canonical[^>]*>|<meta[^>]+property=[\"']?og:url[^>]*>|<base\s[^>]*>", re.I
)


def build_site(root: Path, pages: int, sources: list[str]) -> list[str]:
    """Writes the site under ``root``; returns the article paths."""
    articles, titles = [], []
    for n in range(pages):
        html = _CANONICAL.sub("", sources[n % len(sources)])
        title = _TITLE.search(html)
        titles.append(escape(unescape(title.group(1)).strip()[:120]) if title else f"Story {n}")
        # A sentence of its own in every paragraph: no copy is a duplicate of another.
        html = html.replace("</p>", f" This is dispatch number {n} of the wire desk.</p>")
        path = f"news/2026/{1 + n % 12:02d}/{1 + n % 28:02d}/story-{n:05d}.html"
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(html, encoding="utf-8")
        articles.append("/" + path)
    listings = []
    for k in range(0, pages, PER_LISTING):
        links = "".join(
            f'<li><a href="{path}">{title}</a></li>'
            for path, title in zip(articles[k : k + PER_LISTING], titles[k : k + PER_LISTING], strict=True)
        )
        path = f"section/page-{k // PER_LISTING + 1}/index.html"
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(
            _page(f"News, page {k // PER_LISTING + 1}", f"<ul>{links}</ul>"), encoding="utf-8"
        )
        listings.append("/" + path.removesuffix("index.html"))
    nav = "".join(f'<li><a href="{p}">Page {i + 1}</a></li>' for i, p in enumerate(listings))
    (root / "index.html").write_text(_page("Local Wire", f"<ul>{nav}</ul>"), encoding="utf-8")
    urls = "".join(f"<url><loc>{{{{BASE}}}}{p}</loc></url>" for p in articles)
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{urls}</urlset>\n",
        encoding="utf-8",
    )
    (root / "robots.txt").write_text(
        "User-agent: *\nAllow: /\nSitemap: {{BASE}}/sitemap.xml\n", encoding="utf-8"
    )
    return articles


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><h1>{title}</h1>{body}</body></html>"
    )


# --- measuring a subprocess ------------------------------------------------------------
def _tree_rss(root: int) -> tuple[int, int, int]:
    """Resident bytes of ``root`` and all its descendants, of ``root`` alone, and of its largest
    descendant (0 for processes already gone)."""
    total, own, child_peak, stack = 0, 0, 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        size = int(line.split()[1]) * 1024
                        total += size
                        if pid == root:
                            own = size
                        else:
                            child_peak = max(child_peak, size)
                        break
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                    stack.extend(int(child) for child in children.read().split())
        except (OSError, ValueError):
            continue
    return total, own, child_peak


def _own_cpu(pid: int) -> float:
    """CPU seconds a live process has used itself (its children not counted; 0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Peaks:
    """Peak resident memory of a crawl: of its process tree, of its own process, and of its
    largest child process (an extraction worker); and the CPU its own process used."""

    tree: int = 0
    crawl: int = 0
    child: int = 0
    crawl_cpu: float = 0.0

    def add(self, sample: tuple[int, int, int]) -> None:
        self.tree, self.crawl, self.child = (
            max(a, b) for a, b in zip((self.tree, self.crawl, self.child), sample, strict=True)
        )


@dataclass
class Run:
    name: str
    elapsed: float
    cpu: float
    peak_rss: Peaks
    pages: int
    records: int


def measure(name: str, command: list[str], *, env: dict[str, str], cwd: Path) -> tuple[float, float, Peaks]:
    """(elapsed s, CPU s of the process tree, peak RSS) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = Peaks()
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak.add(_tree_rss(process.pid))
            peak.crawl_cpu = max(peak.crawl_cpu, _own_cpu(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        sys.stderr.write(output.decode("utf-8", "replace")[-4000:])
        raise SystemExit(f"{name} failed with exit status {process.returncode}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, peak


def _article_hits(server: DemoServer, articles: set[str]) -> int:
    return sum(count for path, count in server.hits.items() if path in articles)


def run_spider(name: str, source: str, server: DemoServer, articles: set[str], work: Path) -> Run:
    """A standalone Scrapy spider (Scrapy's default settings), run with ``scrapy runspider``."""
    folder = work / name
    folder.mkdir()
    (folder / "spider.py").write_text(source.format(sitemap=server.url("/sitemap.xml")), encoding="utf-8")
    out = folder / "items.jsonl"
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "runspider",
        "spider.py",
        "-o",
        f"{out}:jsonl",
        "-L",
        "WARNING",
    ]
    server.reset_hits()
    elapsed, cpu, peak = measure(name, command, env=env, cwd=folder)
    records = sum(1 for _ in out.open(encoding="utf-8")) if out.exists() else 0
    return Run(name, elapsed, cpu, peak, _article_hits(server, articles), records)


def run_newscrawl(
    server: DemoServer, articles: set[str], work: Path, extra: dict[str, str], name: str = "newscrawl"
) -> Run:
    data_dir = Path(tempfile.mkdtemp(prefix="newscrawl-data-", dir=work))
    command = crawl_command(
        "news", data_dir, arguments={"start_urls": server.url("/")}, settings={**NEWSCRAWL_SETTINGS, **extra}
    )
    server.reset_hits()
    elapsed, cpu, peak = measure(name, command, env=scrapy_env(), cwd=work)
    (manifest,) = (data_dir / "runs").glob("*.json")
    written = json.loads(manifest.read_text(encoding="utf-8"))["counts"]["articles_written"]
    return Run(name, elapsed, cpu, peak, _article_hits(server, articles), written)


def print_runs(runs: list[Run]) -> None:
    naive = next((run for run in runs if run.name == "naive"), runs[0])
    print(
        f"{'crawler':<26}{'elapsed':>9}{'pages':>7}{'records':>8}{'pages/s':>9}{'CPU s':>8}"
        f"{'CPU ms/page':>12}{'peak RSS':>10}{'speed vs naive':>16}{'CPU/page vs naive':>19}"
        f"{'RSS: crawl / largest child':>29}{'CPU ms/page: crawl / children':>32}"
    )
    for run in runs:
        rate = run.pages / run.elapsed
        per_page = 1000 * run.cpu / max(1, run.pages)
        naive_rate = naive.pages / naive.elapsed
        naive_per_page = 1000 * naive.cpu / max(1, naive.pages)
        print(
            f"{run.name:<26}{run.elapsed:>8.1f}s{run.pages:>7}{run.records:>8}{rate:>9.1f}{run.cpu:>8.1f}"
            f"{per_page:>12.1f}{run.peak_rss.tree / 2**20:>7.0f} MB{rate / naive_rate:>15.2f}x"
            f"{per_page / naive_per_page:>18.2f}x"
            f"{run.peak_rss.crawl / 2**20:>17.0f} / {run.peak_rss.child / 2**20:.0f} MB"
            f"{_cpu_split(run):>32}"
        )


def _cpu_split(run: Run) -> str:
    """CPU ms per page of the crawl's own process and of its children (workers), as sampled."""
    own = 1000 * run.peak_rss.crawl_cpu / max(1, run.pages)
    total = 1000 * run.cpu / max(1, run.pages)
    return f"{own:.1f} / {max(0.0, total - own):.1f}"


# --- profiling newscrawl ---------------------------------------------------------------
# Stage -> the functions whose CPU time it is (module, qualified name); a stage's time
# excludes the time of other timed stages called inside it.
STAGES: dict[str, list[tuple[str, str]]] = {
    "extraction": [("newscrawl.extraction.workers", "extract_with_deadline")],
    "loader": [("newscrawl.spiders.pages", "load_article")],
    "validation (rules + JSON Schema)": [
        ("newscrawl.pipelines.validate", "ValidatePipeline.process_item"),
        ("newscrawl.pipelines.store", "validate_article"),
    ],
    "dedupe (hashes, MinHash)": [("newscrawl.pipelines.dedupe", "DedupePipeline.process_item")],
    "ledger (batch commits)": [("newscrawl.pipelines.store", "JsonLinesStorePipeline.commit")],
    "serialization + writing": [
        ("newscrawl.pipelines.store", "JsonLinesStorePipeline.process_item"),
        ("newscrawl.pipelines.store", "JsonLinesStorePipeline.close_spider"),
    ],
}

# Runs `scrapy crawl` in this process with a CPU timer around each stage's functions, then
# writes {stage: CPU seconds, "total": CPU seconds of the whole process} to OUT (JSON).
TIMED_CRAWL = """
import atexit, functools, importlib, json, resource, sys, time
STAGES, OUT, PROFILE = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
spent = {stage: 0.0 for stage in STAGES}
stack = []

def timed(stage, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        started = time.process_time()
        stack.append(0.0)
        try:
            return function(*args, **kwargs)
        finally:
            elapsed = time.process_time() - started
            inner = stack.pop()
            spent[stage] += elapsed - inner
            if stack:
                stack[-1] += elapsed
    return wrapper

for stage, functions in STAGES.items():
    for module_name, qualname in functions:
        owner = importlib.import_module(module_name)
        *path, name = qualname.split(".")
        for part in path:
            owner = getattr(owner, part)
        setattr(owner, name, timed(stage, getattr(owner, name)))

def report():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open(OUT, "w") as out:
        json.dump({**spent, "total": usage.ru_utime + usage.ru_stime}, out)

atexit.register(report)
from scrapy.cmdline import execute
sys.argv = ["scrapy", *sys.argv[4:]]
if PROFILE:
    import cProfile
    profiler = cProfile.Profile(time.process_time)
    atexit.register(lambda: profiler.dump_stats(PROFILE))
    profiler.enable()
execute()
"""


def profile_newscrawl(
    server: DemoServer, articles: set[str], work: Path, keep: Path | None, extra: dict[str, str]
) -> None:
    data_dir = work / "profiled-data"
    out = work / "stages.json"
    command = crawl_command(
        "news",
        data_dir,
        arguments={"start_urls": server.url("/")},
        settings={**NEWSCRAWL_SETTINGS, **extra, "NEWSCRAWL_EXTRACT_WORKERS": "0"},
    )
    server.reset_hits()
    subprocess.run(
        [sys.executable, "-c", TIMED_CRAWL, json.dumps(STAGES), str(out), str(keep or ""), *command[3:]],
        env=scrapy_env(),
        cwd=work,
        check=True,
        capture_output=True,
    )
    pages = max(1, _article_hits(server, articles))
    spent = json.loads(out.read_text(encoding="utf-8"))
    total = spent.pop("total")
    spent["download + Scrapy + spider + start-up"] = total - sum(spent.values())
    print(f"\nnewscrawl, CPU per article page by stage (extraction in-process, {pages} article pages):")
    for stage, seconds in spent.items():
        print(f"  {stage:<40}{1000 * seconds / pages:>7.1f} ms/page")
    other = total - spent["extraction"]
    pipeline = other - spent["download + Scrapy + spider + start-up"]
    print(f"  {'loader + pipelines (the stages above)':<40}{1000 * pipeline / pages:>7.1f} ms/page")
    print(f"  {'everything but extraction':<40}{1000 * other / pages:>7.1f} ms/page")
    print(f"  {'whole crawl':<40}{1000 * total / pages:>7.1f} ms/page")
    if keep:
        print(f"  cProfile data of that run: {keep}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=504, help="article pages in the site (default 504)")
    parser.add_argument("--dev-set", type=Path, default=DEV_SET if DEV_SET.exists() else DEFAULT_DEV_SET)
    parser.add_argument("--max-seconds", type=float, default=1800, help="the site stops serving after this")
    parser.add_argument("--profile", action="store_true", help="also profile newscrawl's stages")
    parser.add_argument("--profile-out", type=Path, help="with --profile: also run cProfile, data to FILE")
    parser.add_argument(
        "--compare-workers",
        default="",
        help="also run newscrawl with these NEWSCRAWL_EXTRACT_WORKERS (e.g. 0,1,2)",
    )
    parser.add_argument("--only", default="fetch_only,naive,newscrawl", help="comma-separated runs")
    parser.add_argument("-s", dest="settings", action="append", default=[], help="NAME=VALUE for newscrawl")
    args = parser.parse_args()
    extra = dict(item.split("=", 1) for item in args.settings)
    sources = dev_pages(args.dev_set)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"machine: {cores} usable cores, load average {os.getloadavg()[0]:.1f}; site: {args.pages} article "
        f"pages from {len(sources)} dev-set pages, {-(-args.pages // PER_LISTING)} listing pages"
    )
    print(f"newscrawl settings: {' '.join(f'{k}={v}' for k, v in {**NEWSCRAWL_SETTINGS, **extra}.items())}")
    only = args.only.split(",") if args.only else []
    with tempfile.TemporaryDirectory(prefix="newscrawl-bench-") as tmp:
        work = Path(tmp)
        site = work / "site"
        site.mkdir()
        articles = set(build_site(site, args.pages, sources))
        with DemoServer(site_dir=site) as server:
            timer = threading.Timer(args.max_seconds, server.stop)
            timer.daemon = True
            timer.start()
            runs = []
            if "fetch_only" in only:
                runs.append(run_spider("fetch_only", FETCH_ONLY_SPIDER, server, articles, work))
            if "naive" in only or not runs:
                runs.append(run_spider("naive", NAIVE_SPIDER, server, articles, work))
            if "newscrawl" in only:
                runs.append(run_newscrawl(server, articles, work, extra))
            for workers in filter(None, args.compare_workers.split(",")):
                setting = {**extra, "NEWSCRAWL_EXTRACT_WORKERS": workers}
                runs.append(run_newscrawl(server, articles, work, setting, f"newscrawl, {workers} workers"))
            print_runs(runs)
            if args.profile:
                profile_newscrawl(server, articles, work, args.profile_out, extra)
            timer.cancel()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
