"""Run manifest: ``<data dir>/runs/<run_id>.json`` with what a crawl did, written when it ends
(``runs/<run_id>/<worker_id>.json`` for each worker of a shared run)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.utils.misc import load_object

from newscrawl.extensions.crawlstate import crawl_state
from newscrawl.extensions.exitstatus import run_verdict
from newscrawl.extensions.heartbeat import PEAK_RSS_STAT, STALL_CPU_STAT, STALL_STAT
from newscrawl.middlewares.skipped import SkippedRequest
from newscrawl.storage.runinfo import utc_now_iso

logger = logging.getLogger(__name__)
_PREFIX = "newscrawl/"


def settings_digest(crawler: Crawler) -> str:
    """A short digest of the settings that differ from Scrapy's defaults (to compare runs)."""
    items = sorted(
        (name, repr(value))
        for name, value in crawler.settings.copy_to_dict().items()
        if crawler.settings.getpriority(name) not in (None, 0)
    )
    return hashlib.sha256(json.dumps(items).encode()).hexdigest()[:16]


def summarize(stats: dict[str, Any]) -> dict[str, Any]:
    """The manifest's counts, from the crawler's stats."""

    def group(prefix: str) -> dict[str, int]:
        return {k[len(prefix) :]: int(v) for k, v in stats.items() if k.startswith(prefix)}

    rejects = group(f"{_PREFIX}rejects/")
    total_rejects = rejects.pop("total", 0)
    written = int(stats.get(f"{_PREFIX}articles/written", 0))
    coverage = (
        {field: round(n / written, 3) for field, n in group(f"{_PREFIX}coverage/").items()} if written else {}
    )
    return {
        "pages_fetched": int(stats.get(f"{_PREFIX}pages/fetched", 0)),
        "articles_written": written,
        "duplicates": group(f"{_PREFIX}duplicates/"),
        "rejects": total_rejects,
        "rejects_by_reason": rejects,
        "rejected_pages": int(stats.get(f"{_PREFIX}rejected_pages", 0)),
        "revisions_written": int(stats.get(f"{_PREFIX}articles/revisions", 0)),
        "near_duplicates_annotated": int(stats.get(f"{_PREFIX}near_duplicates/annotated", 0)),
        "revisits": group(f"{_PREFIX}revisits/"),
        "listings": group(f"{_PREFIX}listings/"),
        "recovered_from_killed_runs": int(stats.get(f"{_PREFIX}recovered_from_killed_runs", 0)),
        "non_article_pages": int(stats.get(f"{_PREFIX}pages/non_article", 0)),
        "non_article_by_reason": group(f"{_PREFIX}non_article/"),
        "discovered": group(f"{_PREFIX}discovered/"),
        "skipped": group(f"{_PREFIX}skipped/"),
        "sources": group(f"{_PREFIX}sources/"),
        "coverage": coverage,
        "requests": request_equation(stats),
        "charset_repaired": int(stats.get(f"{_PREFIX}charset_repaired", 0)),
        "truncated_kept": int(stats.get(f"{_PREFIX}pages/truncated_kept", 0)),
        "large_pages_extracted_alone": int(stats.get(f"{_PREFIX}extraction/large_pages", 0)),
        "retry_after": group(f"{_PREFIX}retry_after/"),
        "shared_pacing": group(f"{_PREFIX}shared_pacing/"),
        "by_site": by_site(stats),
        "http_requests": int(stats.get("downloader/request_count", 0)),
        "errors_by_type": {
            k.rsplit("/", 1)[-1]: int(v)
            for k, v in stats.items()
            if k.startswith("downloader/exception_type_count/") and not is_skip(k.rsplit("/", 1)[-1])
        },
    }


def request_equation(stats: dict[str, Any]) -> dict[str, Any]:
    """The requests equation (see newscrawl.extensions.accounting): every URL discovered is in
    exactly one of articles, duplicates, rejects, non-article pages, sources and skipped (by
    reason), ``pending`` when the crawl was closed before the end; ``unaccounted`` (should be 0)
    is the rest. Links not requested because of DEPTH_LIMIT are outside it (``not_requested``),
    and so are, for a worker of a shared run, redirect chains whose next hop another worker
    took (``handed_over``: that worker accounts for them)."""
    prefix = f"{_PREFIX}requests/"
    raw = {k[len(prefix) :]: int(v) for k, v in stats.items() if k.startswith(prefix)}
    skipped = {k.split("/", 1)[1]: v for k, v in sorted(raw.items()) if k.startswith("skipped/")}
    equation = {
        "discovered": raw.get("discovered", 0),
        "articles": raw.get("article", 0),
        "duplicates": raw.get("duplicate", 0),
        "rejects": raw.get("reject", 0),
        "non_article_pages": raw.get("non_article", 0),
        "sources": raw.get("source", 0),
        "skipped": skipped,
        "pending": raw.get("pending", 0),
        "unaccounted": raw.get("unaccounted", 0),
    }
    parts = sum(v for k, v in equation.items() if k != "discovered" and isinstance(v, int))
    equation["balanced"] = equation["discovered"] == parts + sum(skipped.values())
    equation["not_requested"] = {"depth_limit": int(stats.get("depth/request_ignored_count", 0))}
    if "handed_over" in raw:
        equation["handed_over"] = raw["handed_over"]
    return equation


def is_skip(exception_type: str) -> bool:
    """Whether a download "exception" is a request a newscrawl middleware skipped on purpose
    (counted under ``skipped``, not an error)."""
    try:
        cls = load_object(exception_type)
    except (ImportError, NameError, ValueError, AttributeError):
        return False
    return isinstance(cls, type) and issubclass(cls, SkippedRequest)


def spider_arguments(spider: Spider) -> dict[str, Any]:
    """The run-shaping spider arguments that were given."""
    names = ("since", "until", "max_articles")
    arguments: dict[str, Any] = {
        name: str(getattr(spider, name)) for name in names if getattr(spider, name, None) is not None
    }
    if getattr(spider, "start_urls", None):
        arguments["start_urls"] = list(spider.start_urls)
    return arguments


def by_site(stats: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Per-site counts (discovered, skipped as seen or old, fetched, non-article, written)."""
    sites: dict[str, dict[str, int]] = {}
    prefix = f"{_PREFIX}by_site/"
    for key, value in stats.items():
        if key.startswith(prefix):
            site, _, name = key[len(prefix) :].partition("/")
            sites.setdefault(site, {})[name] = int(value)
    return sites


class RunManifest:
    """Writes the run manifest at spider close and logs a one-line summary."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunManifest:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> None:
        run = crawl_state(self.crawler).run
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        counts = summarize(stats)
        manifest = {
            "run_id": run.run_id,
            **({"worker_id": run.worker_id} if run.worker_id is not None else {}),
            "spider": spider.name,
            "arguments": spider_arguments(spider),
            "started_at": run.started_at,
            "finished_at": utc_now_iso(),
            "finish_reason": reason,
            **run_verdict(self.crawler, counts, reason).manifest_fields(),
            "data_dir": str(run.data_dir),
            "settings_digest": settings_digest(self.crawler),
            "counts": counts,
            "files": run.files,
            "ledger_complete": run.ledger_complete,
            # Measured by newscrawl.extensions.heartbeat (None when it is off).
            "max_reactor_stall_s": stats.get(STALL_STAT),
            "max_reactor_stall_cpu_s": stats.get(STALL_CPU_STAT),
            "peak_rss_mb": stats.get(PEAK_RSS_STAT),
        }
        path = run.manifest_path
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, path)
        logger.info(
            "Run %s: %d articles written, %d duplicates, %d rejects, %d non-article pages; manifest %s",
            run.run_id,
            counts["articles_written"],
            sum(counts["duplicates"].values()),
            counts["rejects"],
            counts["non_article_pages"],
            path,
        )
