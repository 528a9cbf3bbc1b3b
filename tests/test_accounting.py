"""Request accounting: each discovered URL gets one outcome; retries and redirect hops are not new
URLs; redirects the dupefilter drops are a loop reject or a skip."""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.http import Response

from newscrawl.extensions.accounting import RequestAccounting, send_outcome
from newscrawl.extensions.rejects import Rejected, page_rejected
from newscrawl.items import Reject
from tests.support.crawlers import project_crawler

A, B, C = "https://n.example/2026/03/01/a", "https://n.example/2026/03/01/b", "https://n.example/2026/03/01/c"


def accounting() -> tuple[RequestAccounting, list[Reject]]:
    crawler = project_crawler()
    rejects: list[Reject] = []

    def collect(reject: Reject, **_: Any) -> None:
        rejects.append(reject)

    crawler.signals.connect(collect, signal=page_rejected, weak=False)
    return RequestAccounting.from_crawler(crawler), rejects


def hop(url: str, chain: list[str]) -> Request:
    return Request(url, meta={"redirect_urls": chain})


def test_retries_and_redirect_hops_are_one_url_with_one_outcome() -> None:
    ext, _ = accounting()
    ext.request_scheduled(Request(A))
    ext.request_scheduled(Request(A, meta={"retry_times": 1}, dont_filter=True))
    ext.request_scheduled(hop(B, [A]))
    ext.item_scraped(item={}, response=Response(B))  # the article arrives under its final URL
    assert ext.summary() == {"discovered": 1, "article": 1, "unaccounted": 0}


def test_the_stronger_outcome_wins_and_unsettled_urls_are_unaccounted() -> None:
    ext, _ = accounting()
    for url in (A, B, C):
        ext.request_scheduled(Request(url))
    ext.response_received(
        response=Response(A, status=200), request=Request(A, meta={"newscrawl_source": True})
    )
    ext.page_rejected(Reject(url=A, reason="malformed_sitemap"))  # read in part, rejected as malformed
    ext.item_dropped(
        item={}, response=Response(B), exception=Rejected(Reject(url=B, reason="body_too_short"))
    )
    assert ext.summary() == {"discovered": 3, "reject": 2, "unaccounted": 1}
    assert list(ext.pending.values()) == [C]


def test_a_loop_the_dupefilter_drops_is_a_redirect_loop_reject() -> None:
    ext, rejects = accounting()
    ext.request_scheduled(Request(A))
    ext.request_scheduled(hop(B, [A]))
    loop = hop(A, [A, B])
    ext.request_scheduled(loop)
    ext.request_dropped(loop)
    assert [(r.url, r.reason) for r in rejects] == [(A, "redirect_loop")]
    assert "a -> https://n.example/2026/03/01/b -> https" in rejects[0].detail


def test_a_redirect_to_a_page_requested_before_is_skipped_and_counted() -> None:
    ext, rejects = accounting()
    ext.request_scheduled(Request(A))
    ext.request_scheduled(Request(B))
    to_a = hop(A, [B])
    ext.request_scheduled(to_a)
    ext.request_dropped(to_a)
    ext.item_scraped(item={}, response=Response(A))
    assert rejects == []
    assert ext.summary() == {"discovered": 2, "article": 1, "skipped/redirect_to_seen": 1, "unaccounted": 0}
    assert ext.crawler.stats.get_value("newscrawl/skipped/redirect_to_seen") == 1


def test_spider_outcomes_and_a_dupefilter_kept_from_a_past_job() -> None:
    ext, _ = accounting()
    ext.request_scheduled(Request(A))
    send_outcome(ext.crawler, A, "non_article")  # the spider's report, through the signal
    ext.request_scheduled(Request(B))
    ext.request_dropped(Request(B))  # never requested in this run, yet filtered
    assert ext.summary() == {
        "discovered": 2,
        "non_article": 1,
        "skipped/filtered_duplicate": 1,
        "unaccounted": 0,
    }


def test_urls_left_when_the_crawl_is_closed_early_are_pending() -> None:
    ext, _ = accounting()
    ext.request_scheduled(Request(A))
    assert ext.summary(finished=False) == {"discovered": 1, "pending": 1, "unaccounted": 0}


def test_an_article_found_lost_to_another_worker_stays_a_duplicate_whenever_item_scraped_comes() -> None:
    ext, _ = accounting()
    ext.request_scheduled(Request(A))
    ext.request_scheduled(Request(B))
    ext.item_scraped(item={}, response=Response(A))  # scraped, then its batch finds it lost
    send_outcome(ext.crawler, A, "duplicate", replace=True)
    send_outcome(ext.crawler, B, "duplicate", replace=True)  # the item that filled the batch:
    ext.item_scraped(item={}, response=Response(B))  # its item_scraped comes after the commit
    assert ext.summary() == {"discovered": 2, "duplicate": 2, "unaccounted": 0}
