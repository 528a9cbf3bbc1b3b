"""Extraction in worker processes: same records as in-process, and a dying worker loses nothing."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import lxml.html
import pytest
from scrapy.utils.test import get_crawler

import newscrawl
import newscrawl.settings
from newscrawl.demo.server import DemoServer
from newscrawl.extraction import extract_page
from newscrawl.extraction.result import PageExtraction
from newscrawl.extraction.workers import (
    QUEUED_PER_WORKER,
    ExtractionCrashed,
    ExtractionTimeout,
    ExtractionWorkers,
    _extract,
    _malloc_trim,
    extract_in_worker,
    release_free_memory,
    release_memory_when_grown,
    resident_bytes,
    usable_cores,
    worker_count,
)
from newscrawl.sites.rules import SiteRule
from newscrawl.spiders.news import NewsSpider
from tests.crawling import run_crawl

ALLOWED = {"NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true"}
PAGE = "<html><head><title>Quay reopens</title></head><body><article><h1>Quay reopens</h1>{}</article></body></html>"
PARAGRAPHS = [
    "The quay reopened on Monday after six weeks of repairs to the sea wall, the harbour board said.",
    "Fishing boats had been mooring at the outer pier since the November storm cracked the old stones.",
    "Engineers replaced forty metres of the wall and raised its top by half a metre against high tides.",
    "The ferry to the islands returns to its usual berth on Wednesday, with the winter timetable unchanged.",
]


def page(topic: str) -> str:
    return PAGE.format("".join(f"<p>{p} {topic.capitalize()} news.</p>" for p in PARAGRAPHS))


COMPARED = ("headline", "description", "article_body", "authors", "date_published", "images", "provenance")


def die_on_poison(html: str, url: str, rules: Sequence[SiteRule]) -> PageExtraction:
    """Extract, except that a page whose URL says "poison" kills the worker process."""
    if "poison" in url:
        os._exit(3)
    return extract_page(html, url, rules)


def stall_on_slow(html: str, url: str, rules: Sequence[SiteRule]) -> PageExtraction:
    """Extract, except that a page whose URL says "slow" never finishes."""
    while "slow" in url:
        time.sleep(0.05)
    return extract_page(html, url, rules)


def run(coroutine):  # type: ignore[no-untyped-def]
    return asyncio.run(coroutine)


def test_a_pool_gives_what_in_process_extraction_gives() -> None:
    html = page("harbour")
    workers = ExtractionWorkers(2)
    try:
        pooled = run(workers.extract(html, "https://port.example/news/quay-reopens"))
    finally:
        workers.close()
    local = extract_page(html, "https://port.example/news/quay-reopens")
    assert pooled.fields == local.fields and pooled.provenance == local.provenance
    assert pooled.fields["article_body"].startswith("The quay reopened")


def test_a_page_that_kills_its_worker_is_refused_and_the_pool_recovers() -> None:
    html = page("ferries")
    workers = ExtractionWorkers(1, function=die_on_poison)
    try:
        with pytest.raises(ExtractionCrashed):
            run(workers.extract(html, "https://port.example/news/poison"))
        after = run(workers.extract(html, "https://port.example/news/ferries"))
    finally:
        workers.close()
    assert workers.restarts == 1
    assert "Ferries news" in after.fields["article_body"]


def test_pages_in_flight_beside_a_killing_page_are_not_lost() -> None:
    """A dying worker breaks the whole pool: the other pages are retried, each on its own."""
    urls = [f"https://port.example/news/ferries-{n}" for n in range(4)] + ["https://port.example/news/poison"]
    workers = ExtractionWorkers(2, function=die_on_poison)

    async def extract_all() -> list[PageExtraction | BaseException]:
        jobs = [workers.extract(page("ferries"), url) for url in urls]
        return await asyncio.gather(*jobs, return_exceptions=True)

    try:
        results = run(extract_all())
    finally:
        workers.close()
    assert isinstance(results[-1], ExtractionCrashed)
    for result in results[:-1]:
        assert isinstance(result, PageExtraction) and "Ferries news" in result.fields["article_body"]


def test_a_crawl_with_workers_writes_the_same_records(tmp_path: Path) -> None:
    with DemoServer() as demo:
        start = {"start_urls": f"{demo.base_url}/"}
        local = run_crawl(
            "news",
            tmp_path / "local",
            arguments=start,
            settings={**ALLOWED, "NEWSCRAWL_EXTRACT_WORKERS": "0"},
        )
        pooled = run_crawl(
            "news",
            tmp_path / "pooled",
            arguments=start,
            settings={**ALLOWED, "NEWSCRAWL_EXTRACT_WORKERS": "2"},
        )

    def stable(records: list[dict]) -> dict[str, dict]:
        # Keyed by content: which of two identical copies is written depends on download order.
        # Every field but those of the run itself.
        unstable = {"run_id", "crawled_at"}
        return {r["content_sha256"]: {k: v for k, v in r.items() if k not in unstable} for r in records}

    assert len(local.records) >= 10
    assert "pool of 2 extraction workers" in pooled.log
    assert "extraction workers" not in local.log
    assert stable(pooled.records) == stable(local.records)


@pytest.mark.parametrize(
    ("setting", "cores", "expected"),
    [("auto", {0, 1, 2, 3}, 4), ("auto", {0, 1}, 2), ("auto", {5}, 0), ("-1", {0, 1, 2}, 3),
     ("0", {0, 1, 2, 3}, 0), ("3", {0}, 3), (" AUTO ", {0, 1}, 2)],
)  # fmt: skip
def test_the_worker_count_follows_the_usable_cores(
    monkeypatch: pytest.MonkeyPatch, setting: str, cores: set[int], expected: int
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: cores, raising=False)
    assert usable_cores() == len(cores)
    assert worker_count(setting) == expected


def test_a_worker_count_that_is_not_a_number_is_refused() -> None:
    with pytest.raises(ValueError, match="NEWSCRAWL_EXTRACT_WORKERS"):
        worker_count("many")


def spider_with(settings: dict[str, str]) -> NewsSpider:
    """The news spider, built with the project's settings and ``settings`` over them (no ledger:
    building the crawler builds its extensions, and these spiders never run)."""
    project = {name: value for name, value in vars(newscrawl.settings).items() if name.isupper()}
    project["NEWSCRAWL_LEDGER_ENABLED"] = False
    crawler = get_crawler(NewsSpider, settings_dict={**project, **settings})
    return NewsSpider.from_crawler(crawler, start_urls="https://port.example/")


def test_zero_workers_extracts_in_the_crawl_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    spider = spider_with({"NEWSCRAWL_EXTRACT_WORKERS": "0"})
    try:
        result = run(spider.extractor.extract(page("harbour"), "https://port.example/news/quay"))
        assert "Harbour news" in result.fields["article_body"]
        assert spider.extractor.workers == 0 and spider.extractor._pool is None
        assert multiprocessing.active_children() == []
    finally:
        spider.extractor.close()


# Run in a new interpreter: which libraries a spider's building loaded, and whether jusText's
# union of stoplists (built on the first page without a language) is there: trafilatura 2.3
# keeps it in ``trafilatura.external.JT_STOPLIST`` (a version that renames it fails this test).
_LOADED_BY_BUILDING = """
import os, sys
os.sched_getaffinity = lambda pid: {0, 1}
from tests.test_workers import spider_with
spider = spider_with({"NEWSCRAWL_EXTRACT_WORKERS": sys.argv[1]})
external = sys.modules.get("trafilatura.external")
loaded = [name for name in ("trafilatura", "htmldate", "justext") if name in sys.modules]
print(",".join(loaded), external is not None and external.JT_STOPLIST is not None)
spider.extractor.close()
"""


@pytest.mark.parametrize(
    ("workers", "loaded", "stoplists"),
    [("0", "trafilatura,htmldate,justext", "True"), ("2", "", "False")],
)
def test_in_process_extraction_loads_its_libraries_before_the_crawl(
    workers: str, loaded: str, stoplists: str
) -> None:
    """With extraction in the crawl's process, what the layers load on first use is loaded when
    the spider is built (not on the first page, holding the reactor); with workers, the crawl's
    process does not load them at all."""
    done = subprocess.run(
        [sys.executable, "-c", _LOADED_BY_BUILDING, workers],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parent.parent,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[-2].split(" ") == [loaded, stoplists]


def test_default_workers_start_at_the_first_page_and_are_reused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    spider = spider_with({})  # the project's default: "auto"
    extractor = spider.extractor
    try:
        assert extractor.workers == 2
        assert extractor._pool is None and multiprocessing.active_children() == []  # nothing yet

        async def extract_all() -> list[PageExtraction]:
            jobs = [extractor.extract(page(f"topic{n}"), f"https://port.example/news/{n}") for n in range(6)]
            return await asyncio.gather(*jobs)

        first = run(extract_all())
        pool, pids = extractor._pool, {p.pid for p in multiprocessing.active_children()}
        second = run(extract_all())
        assert extractor._pool is pool and {p.pid for p in multiprocessing.active_children()} == pids
        assert 1 <= len(pids) <= 2
        assert [r.fields for r in first] == [r.fields for r in second]
    finally:
        extractor.close()
    assert multiprocessing.active_children() == []


def test_one_page_extraction_starts_no_worker() -> None:
    record = newscrawl.extract(page("harbour"), "https://port.example/news/quay")
    assert "Harbour news" in record["article_body"]
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("workers", [0, 1])
def test_an_extraction_that_never_ends_is_stopped_and_the_next_page_extracts(workers: int) -> None:
    extractor = ExtractionWorkers(workers, function=stall_on_slow, timeout=3)
    try:
        # A first page warms the worker up (its first extraction imports the extraction
        # libraries, which on a loaded machine can take longer than the limit).
        run(extractor.extract(page("harbour"), "https://port.example/news/harbour"))
        with pytest.raises(ExtractionTimeout, match="slow"):
            run(extractor.extract(page("ferries"), "https://port.example/news/slow"))
        after = run(extractor.extract(page("ferries"), "https://port.example/news/ferries"))
    finally:
        extractor.close()
    assert "Ferries news" in after.fields["article_body"]


@pytest.mark.parametrize(("workers", "most"), [(1, QUEUED_PER_WORKER), (3, 3 * QUEUED_PER_WORKER), (0, 12)])
def test_pages_in_flight_are_bounded_per_worker(workers: int, most: int) -> None:
    """With workers, only a few pages per worker are decoded and in flight at once; in-process
    extraction needs no bound (the crawl's thread runs one page at a time)."""
    pool = ExtractionWorkers(workers)
    inside, seen = 0, []

    async def one() -> None:
        nonlocal inside
        async with pool.slot():
            inside += 1
            seen.append(inside)
            await asyncio.sleep(0.01)
            inside -= 1

    async def many() -> None:
        await asyncio.gather(*(one() for _ in range(12)))

    asyncio.run(many())
    assert max(seen) == most
    seen.clear()
    asyncio.run(many())  # the same workers in another event loop
    assert max(seen) == most


def _rss_mb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS:"))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_a_worker_gives_freed_memory_back() -> None:
    """The heap a large page's trees took goes back to the system once the page is done
    (glibc keeps freed small blocks otherwise: the worker would stay at its largest page's size)."""
    page = "<html><body><article><h1>A headline for the test</h1>" + "<p>Some text here.</p>" * 20
    found = extract_in_worker(_extract, 0, page + "</article></body></html>", "https://e.x/a", ())
    assert found.fields.get("headline") == "A headline for the test"
    tree = lxml.html.document_fromstring("<html><body>" + "<div><p>x y</p><i>t</i></div>" * 200_000)
    before = _rss_mb()
    del tree
    release_free_memory()
    assert _rss_mb() < before - 50


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads /proc")
def test_a_worker_trims_only_once_it_has_grown() -> None:
    """Pages that leave the worker's size as it was cost no trim; a large page's trees do."""
    release_memory_when_grown(growth=0)  # the size after a trim is where growth counts from
    assert release_memory_when_grown() is False
    tree = lxml.html.document_fromstring("<html><body>" + "<div><p>x y</p><i>t</i></div>" * 200_000)
    grown = resident_bytes() or 0
    del tree
    assert release_memory_when_grown() is True
    assert (resident_bytes() or 0) < grown - 50 * 2**20
    assert release_memory_when_grown() is False


def test_a_platform_without_malloc_trim_loses_no_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the C library has no malloc_trim (or no C library goes by that name, as on Windows),
    the trim is skipped and the page's extraction is returned."""

    def no_library(name: object) -> object:
        raise TypeError("argument of type 'NoneType' is not iterable")

    _malloc_trim.cache_clear()
    monkeypatch.setattr("ctypes.CDLL", no_library)
    try:
        page = "<html><body><article><h1>A headline for the test</h1>" + "<p>Some text here.</p>" * 20
        found = extract_in_worker(_extract, 0, page + "</article></body></html>", "https://e.x/a", ())
        assert found.fields.get("headline") == "A headline for the test"
        assert _malloc_trim() is None
    finally:
        _malloc_trim.cache_clear()
