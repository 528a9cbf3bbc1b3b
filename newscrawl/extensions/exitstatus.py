"""Whether a crawl run failed, for schedulers: the manifest's ``status``/``failure`` and the exit code.

A run fails when nothing could be read from any of its start URLs and sources, when the share
of rejects exceeds ``NEWSCRAWL_FAIL_REJECT_RATIO`` (off by default), or when it was interrupted
(``shutdown``), or when a worker of a shared run lost Redis for good (``redis_unavailable``).
``scrapy crawl`` (newscrawl/commands/crawl.py) then exits with status 1.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

EXIT_RUN_FAILED = 1


@dataclass(frozen=True)
class RunVerdict:
    """``status`` is "ok" or "failed"; a failed run has a ``reason`` code and a readable ``detail``."""

    status: str
    reason: str | None = None
    detail: str | None = None

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    def manifest_fields(self) -> dict[str, Any]:
        failure = {"reason": self.reason, "detail": self.detail} if self.failed else None
        return {"status": self.status, "failure": failure}


def reject_share(counts: dict[str, Any]) -> float:
    """Rejects among the pages fetched plus the requests that fetched no page (failed, bad sources)."""
    rejects = int(counts.get("rejects", 0))
    unfetched = max(rejects - int(counts.get("rejected_pages", 0)), 0)
    attempts = int(counts.get("pages_fetched", 0)) + unfetched
    return rejects / attempts if attempts else 0.0


def judge_run(
    counts: dict[str, Any], finish_reason: str, max_reject_ratio: float, ok_responses: int = 0
) -> RunVerdict:
    """The verdict on a finished run, from the manifest's counts (``manifest.summarize``);
    ``ok_responses``: responses of status 2xx the downloader received (any spider's pages)."""
    if finish_reason == "shutdown":
        return RunVerdict("failed", "interrupted", "the crawl was stopped before it finished (shutdown)")
    if finish_reason == "redis_unavailable":
        return RunVerdict(
            "failed",
            "redis_unavailable",
            "Redis stayed unreachable (NEWSCRAWL_REDIS_RETRY_SECONDS): this worker stopped; its leases"
            " expire and are taken over by the other workers",
        )
    sources = counts.get("sources", {})
    read_anything = (
        counts.get("pages_fetched", 0) > 0
        or sources.get("sitemaps", 0) > 0
        or sources.get("feeds", 0) > 0
        or ok_responses > 0
    )
    if not read_anything:
        errors = dict(counts.get("rejects_by_reason", {}))
        robots = counts.get("skipped", {}).get("robots_disallowed", 0)
        if robots:
            errors["robots_disallowed"] = robots
        why = ", ".join(f"{k}: {v}" for k, v in sorted(errors.items())) or "no request was made"
        where = "; see rejects/" if counts.get("rejects") else ""  # only when one was written
        return RunVerdict("failed", "no_source_read", f"no start URL or source could be read ({why}){where}")
    if max_reject_ratio > 0:
        share = reject_share(counts)
        if share > max_reject_ratio:
            return RunVerdict(
                "failed",
                "reject_ratio",
                f"{share:.0%} of pages were rejected ({counts.get('rejects', 0)} rejects),"
                f" over NEWSCRAWL_FAIL_REJECT_RATIO={max_reject_ratio:g}",
            )
    return RunVerdict("ok")


def run_verdict(crawler: Crawler, counts: dict[str, Any], finish_reason: str) -> RunVerdict:
    """The crawler's verdict, judged once and kept by its ExitStatus extension (the manifest and
    the exit code share it); judged afresh when that extension is not enabled."""
    extension = crawler.get_extension(ExitStatus)
    if extension is None:
        return judge_crawl(crawler, counts, finish_reason)
    if extension.verdict is None:
        extension.verdict = judge_crawl(crawler, counts, finish_reason)
    return extension.verdict


def ok_page_responses(stats: dict[str, Any]) -> int:
    """Responses of status 2xx the downloader received, robots.txt's left out (a site that
    serves its robots.txt but none of the start URLs read nothing).

    >>> ok_page_responses({"downloader/response_status_count/200": 3,
    ...                    "robotstxt/response_status_count/200": 1})
    2
    """

    def ok(prefix: str) -> int:
        status = f"{prefix}/response_status_count/2"
        return sum(int(value) for key, value in stats.items() if key.startswith(status))

    return max(ok("downloader") - ok("robotstxt"), 0)


def judge_crawl(crawler: Crawler, counts: dict[str, Any], finish_reason: str) -> RunVerdict:
    """:func:`judge_run` with the crawler's settings and downloader stats."""
    ratio = crawler.settings.getfloat("NEWSCRAWL_FAIL_REJECT_RATIO")
    stats = crawler.stats.get_stats() if crawler.stats is not None else {}
    ok_responses = ok_page_responses(stats)
    shared = bool(crawler.settings.get("NEWSCRAWL_REDIS_URL"))
    if (
        shared
        and not stats.get("downloader/request_count")
        and finish_reason not in ("shutdown", "redis_unavailable")
    ):
        # A worker of a shared run that found nothing left to fetch: another worker read the
        # run's sources.
        return RunVerdict("ok")
    return judge_run(counts, finish_reason, ratio, ok_responses)


def crawler_verdict(crawler: Crawler) -> RunVerdict | None:
    """The verdict judged when the crawler's spider closed (None if it never opened, or the
    ExitStatus extension is not enabled)."""
    try:
        extension = crawler.get_extension(ExitStatus)
    except RuntimeError:  # the crawl never started: no extensions were built
        return None
    return extension.verdict if extension is not None else None


class ExitStatus:
    """Judges the run when the spider closes, keeps the verdict and logs a failed run's reason
    as an error."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.verdict: RunVerdict | None = None
        """The run's verdict, once judged (at ``spider_closed``, by the manifest or by this)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExitStatus:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> None:
        from newscrawl.extensions.manifest import summarize

        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        verdict = run_verdict(self.crawler, summarize(stats), reason)
        if verdict.failed:
            logger.error("The run failed (%s): %s", verdict.reason, verdict.detail)
