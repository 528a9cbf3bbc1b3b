"""Extraction in worker processes: same records as in-process, and a dying worker loses nothing."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from newscrawl.demo.server import DemoServer
from newscrawl.extraction import extract_page
from newscrawl.extraction.result import PageExtraction
from newscrawl.sites.rules import SiteRule
from newscrawl.workers import ExtractionCrashed, ExtractionTimeout, ExtractionWorkers
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
        local = run_crawl("news", tmp_path / "local", arguments=start, settings=ALLOWED)
        pooled = run_crawl(
            "news",
            tmp_path / "pooled",
            arguments=start,
            settings={**ALLOWED, "NEWSCRAWL_EXTRACT_WORKERS": "2"},
        )

    def stable(records: list[dict]) -> dict[str, tuple]:
        # Keyed by content: which of two identical copies is written depends on download order.
        return {r["content_sha256"]: tuple(r[k] for k in COMPARED) for r in records}

    assert len(local.records) >= 10
    assert stable(pooled.records) == stable(local.records)


@pytest.mark.parametrize("workers", [0, 1])
def test_an_extraction_that_never_ends_is_stopped_and_the_next_page_extracts(workers: int) -> None:
    extractor = ExtractionWorkers(workers, function=stall_on_slow, timeout=5)
    try:
        with pytest.raises(ExtractionTimeout, match="slow"):
            run(extractor.extract(page("ferries"), "https://port.example/news/slow"))
        after = run(extractor.extract(page("ferries"), "https://port.example/news/ferries"))
    finally:
        extractor.close()
    assert "Ferries news" in after.fields["article_body"]
