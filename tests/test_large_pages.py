"""Large pages: extracted in a one-off process (the same fields as in-process, a process of their
own that exits after the page, crashes and timeouts rejected; in a crawl that extracts in-process
the reactor keeps ticking meanwhile), and not decoded or parsed whole by the meta refresh check
or the start page's feed links (the text or tree would stay on the response)."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import re
import signal
import sys
import time
import types
from collections.abc import Coroutine, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse

from newscrawl.discovery.links import alternate_links
from newscrawl.extraction import extract_page, largepages
from newscrawl.extraction.largepages import LargePageExtraction, LargePageLimits
from newscrawl.extraction.result import PageExtraction
from newscrawl.extraction.workers import ExtractionCrashed, ExtractionTimeout
from newscrawl.middlewares.redirects import META_REFRESH_HEAD_BYTES, HeadMetaRefreshMiddleware
from newscrawl.sites.rules import SiteRule
from newscrawl.spiders.news import NewsSpider
from tests.crawling import run_crawl
from tests.support import stuck_import
from tests.support.big_sources import BigSourcesSite, link_page
from tests.support.crawlers import project_crawler

T = TypeVar("T")
ARTICLE = (
    "<html><head><title>Dam inspection finds cracks</title></head><body><article>"
    "<h1>Dam inspection finds cracks</h1>{}</article></body></html>"
)
PARAGRAPH = (
    "<p>Inspectors found hairline cracks in the spillway of the reservoir dam on Tuesday and"
    " ordered the water level lowered by two metres while engineers study them further.</p>"
)


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


def tagged_with_pid(html: str, url: str, rules: Sequence[SiteRule]) -> PageExtraction:
    """Extract, and say which process did it."""
    result = extract_page(html, url, rules)
    result.fields["extracted_by"] = os.getpid()
    return result


def die_or_stall(html: str, url: str, rules: Sequence[SiteRule]) -> PageExtraction:
    """A page whose URL says "poison" kills its process; "slow" never finishes."""
    if "poison" in url:
        os._exit(3)
    if "deaf" in url:  # stuck where the deadline cannot reach it (as a long call in C would be)
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
    while "slow" in url or "deaf" in url:
        time.sleep(0.05)
    return extract_page(html, url, rules)


def no_children_left(within_s: float = 10) -> bool:
    deadline = time.monotonic() + within_s
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.1)
    return multiprocessing.active_children() == []


def test_a_page_is_large_by_its_tags_or_its_characters() -> None:
    limits = LargePageLimits(tags=100, chars=10_000)
    assert not limits.is_large("<p>short</p>" * 40)  # 80 tags, 480 characters
    assert limits.is_large("<p>x</p>" * 60)  # 120 tags
    assert limits.is_large("<p>" + "x" * 10_001 + "</p>")  # 2 tags, too many characters
    assert not LargePageLimits(tags=0, chars=0).is_large("<p>x</p>" * 100_000)  # both limits off
    assert LargePageLimits().is_large(link_page(20_000).decode())  # 40,000 tags: over the default
    assert not LargePageLimits().is_large(ARTICLE.format(PARAGRAPH * 200))


def test_a_large_page_is_extracted_in_a_process_of_its_own_that_exits() -> None:
    html, url = ARTICLE.format(PARAGRAPH * 6), "https://dams.example/news/2026/03/02/cracks"
    large = LargePageExtraction()

    async def twice() -> list[PageExtraction]:
        return [await large.extract(tagged_with_pid, 0, html, url) for _ in range(2)]

    first, second = run(twice())
    in_process = extract_page(html, url, ())
    pids = {first.fields.pop("extracted_by"), second.fields.pop("extracted_by")}
    assert first.fields == second.fields == in_process.fields
    assert len(pids) == 2 and os.getpid() not in pids  # a new process for each page
    assert large.extracted == 2
    assert no_children_left()


def test_a_large_page_that_kills_or_holds_its_process_is_refused_and_the_next_extracts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(largepages, "KILL_GRACE_S", 3.0)  # the deaf child is killed sooner
    html = ARTICLE.format(PARAGRAPH * 6)
    large = LargePageExtraction()
    with pytest.raises(ExtractionCrashed, match="poison"):
        run(large.extract(die_or_stall, 0, html, "https://dams.example/news/poison"))
    with pytest.raises(ExtractionTimeout, match="slow"):
        run(large.extract(die_or_stall, 3, html, "https://dams.example/news/slow"))
    with pytest.raises(ExtractionTimeout, match=r"process killed.*deaf"):
        run(large.extract(die_or_stall, 1, html, "https://dams.example/news/deaf"))
    # (no limit here: a new process imports the extraction libraries, slow on a loaded machine)
    after = run(large.extract(die_or_stall, 0, html, "https://dams.example/news/cracks"))
    assert "hairline cracks" in after.fields["article_body"]
    assert no_children_left()


@pytest.mark.parametrize("paragraphs", [6, 2_000])  # within a pipe's buffer, and far over it
def test_a_one_off_process_that_dies_before_it_reads_its_page_is_a_crash(paragraphs: int) -> None:
    """The page goes to the child after it started; a child that exits first (here: it cannot
    import the function it was given) is a crash, not a wait for ever."""
    module = types.ModuleType("newscrawl_only_in_the_parent")
    module.tagged_with_pid = tagged_with_pid  # type: ignore[attr-defined]
    tagged_with_pid.__module__, saved = module.__name__, tagged_with_pid.__module__
    sys.modules[module.__name__] = module
    try:
        with pytest.raises(ExtractionCrashed, match="died"):
            run(
                LargePageExtraction().extract(
                    tagged_with_pid, 0, ARTICLE.format(PARAGRAPH * paragraphs), "https://dams.example/x"
                )
            )
    finally:
        tagged_with_pid.__module__ = saved
        del sys.modules[module.__name__]
    assert no_children_left()


def test_a_one_off_process_stuck_before_it_reads_its_page_is_stopped_at_the_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Sending the page counts against the deadline too: a child that never reads it (stuck in
    an import here) is killed, and the next large page is extracted."""
    monkeypatch.setattr(largepages, "KILL_GRACE_S", 1.0)
    monkeypatch.setenv("NEWSCRAWL_TEST_STUCK_IMPORT", "1")  # read by the child only: imported here
    large = LargePageExtraction()
    page = ARTICLE.format(PARAGRAPH * 2_000)  # far more than a pipe's buffer
    started = time.monotonic()
    with pytest.raises(ExtractionTimeout, match="process killed"):
        run(large.extract(stuck_import.extract, 1, page, "https://dams.example/stuck"))
    assert time.monotonic() - started < 60  # not the child's two minutes
    monkeypatch.delenv("NEWSCRAWL_TEST_STUCK_IMPORT")
    after = run(large.extract(stuck_import.extract, 60, page, "https://dams.example/cracks"))
    assert "hairline cracks" in after.fields["article_body"]
    assert no_children_left()


# The crawl: a listing page of 200,000 links (its in-process extraction takes seconds), with
# extraction in the crawl's process. The heartbeat (every 0.1 s) records the longest stall.
LINKS = 200_000
CRAWL = {
    "NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true",
    "NEWSCRAWL_EXTRACT_WORKERS": "0",
    "NEWSCRAWL_MAX_LINKS_PER_PAGE": "10",
    "NEWSCRAWL_MAX_ENTRIES_PER_SOURCE": "5",
}
LIMITS_OFF = {"NEWSCRAWL_EXTRACT_LARGE_PAGE_TAGS": "0", "NEWSCRAWL_EXTRACT_LARGE_PAGE_CHARS": "0"}


def test_the_reactor_keeps_ticking_while_a_large_page_is_extracted(tmp_path: Path) -> None:
    """Compared with what extracting the page takes here and now, the longest reactor stall is
    short when the page goes to a one-off process, and as long as the extraction when the large-
    page limits are off (the control: the heartbeat would notice)."""
    page = link_page(LINKS).decode()
    started = time.monotonic()
    extract_page(page, "http://127.0.0.1/archive/all", ())
    extraction_s = time.monotonic() - started
    with BigSourcesSite(links=LINKS, feed_items=5, lifetime=500) as site:
        arguments = {"start_urls": f"{site.origin}/"}
        alone = run_crawl("news", tmp_path / "alone", arguments=arguments, settings=CRAWL, timeout=240)
        inline = run_crawl(
            "news", tmp_path / "inline", arguments=arguments, settings={**CRAWL, **LIMITS_OFF}, timeout=240
        )
    print(
        f"in-process extraction {extraction_s:.1f} s; longest stall {alone.manifest['max_reactor_stall_s']} s"
        f" with the page extracted alone, {inline.manifest['max_reactor_stall_s']} s on the reactor"
    )
    assert alone.manifest["counts"]["large_pages_extracted_alone"] == 1
    assert len(re.findall(r"/archive/all \(\d+ characters\) in a one-off process", alone.log)) == 1
    assert inline.manifest["counts"]["large_pages_extracted_alone"] == 0
    for result in (alone, inline):  # the same crawl either way: the link page read as a listing
        counts = result.manifest["counts"]
        assert counts["non_article_by_reason"] and counts["non_article_pages"] == 2
        assert counts["skipped"]["link_cap"] == LINKS - 10
    assert {r["url"] for r in alone.records} == {r["url"] for r in inline.records}
    assert alone.manifest["max_reactor_stall_s"] < extraction_s / 2
    assert inline.manifest["max_reactor_stall_s"] > extraction_s / 2
    assert inline.manifest["max_reactor_stall_cpu_s"] > extraction_s / 3  # the reactor's own work


def big_page(head: str, body_bytes: int = 3 * META_REFRESH_HEAD_BYTES) -> bytes:
    filler = "<p>" + "Long listing text. " * (body_bytes // 19) + "</p>"
    return f"<html><head>{head}</head><body>{filler}</body></html>".encode()


def test_a_meta_refresh_is_found_in_the_head_without_decoding_the_whole_page() -> None:
    middleware = HeadMetaRefreshMiddleware.from_crawler(project_crawler())
    url = "https://dams.example/old"
    request = Request(url)
    refresh = '<meta http-equiv="refresh" content="0; url=/new">'
    moved = middleware.process_response(request, HtmlResponse(url, body=big_page(refresh), request=request))
    assert isinstance(moved, Request) and moved.url == "https://dams.example/new"
    small = HtmlResponse(url, body=f"<html><head>{refresh}</head></html>".encode(), request=request)
    assert isinstance(middleware.process_response(request, small), Request)  # Scrapy's own path
    plain = HtmlResponse(url, body=big_page("<title>Old</title>"), request=request)
    assert middleware.process_response(request, plain) is plain
    assert plain._cached_ubody is None  # its text was never decoded, so not kept on it


def test_feed_links_are_read_from_the_head_without_a_tree_on_the_response() -> None:
    head = (
        '<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
        '<link rel="stylesheet" href="/style.css">'
        '<link rel="Alternate" type="Application/Atom+XML" href="https://dams.example/atom">'
    )
    page = big_page(head).replace(
        b"</body>", b'<link rel="alternate" type="application/rss+xml" href="/late">'
    )
    assert alternate_links(page) == [
        ("application/rss+xml", "/feed.xml"),
        ("application/atom+xml", "https://dams.example/atom"),
    ]  # the link after <body> is not read: the page is read no further than its head
    spider = NewsSpider.from_crawler(project_crawler(NewsSpider), start_urls="https://dams.example/")
    home = HtmlResponse("https://dams.example/", body=page)
    feeds = [r.url for r in spider.feed_links(home)]
    assert feeds == ["https://dams.example/feed.xml", "https://dams.example/atom"]
    assert home._cached_selector is None and home._cached_ubody is None
