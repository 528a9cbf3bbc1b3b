"""The store pipeline on its own, with a real crawler's settings, stats and SQLite ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.utils.test import get_crawler

from newscrawl.loaders import load_article
from newscrawl.pipelines.store import JsonLinesStorePipeline
from newscrawl.runinfo import utc_now_iso
from newscrawl.state import crawl_ledger
from newscrawl.storage.jsonl import read_records

URL = "https://news.example.com/2026/11/27/harbour-wall-repaired"


def article(body: str) -> dict[str, Any]:
    fields = {"headline": "Harbour wall repaired", "article_body": body, "date_published": "2026-11-27"}
    item = load_article(fields, {"headline": "dom"}, URL, site="example", crawled_at=utc_now_iso())
    return dict(item)


def test_a_revision_the_ledger_disagrees_with_is_counted(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_DATA_DIR": str(tmp_path), "NEWSCRAWL_RUN_ID": "run-b"})
    store = JsonLinesStorePipeline.from_crawler(crawler)
    ledger = crawl_ledger(crawler)
    assert ledger is not None
    first = article("The first version of the story. " * 20)
    ledger.record(first["canonical_url"], first["content_sha256"])  # another writer got there first
    second = article("The corrected version of the story. " * 20)
    second["revision"] = 1  # as a dedupe step that had not seen the first would have said
    store.process_item(second)
    store.close_spider()
    assert crawler.stats.get_value("newscrawl/errors/revision_mismatch") == 1
    (written,) = [r for p in (tmp_path / "articles").glob("**/*.jsonl") for r in read_records(p)]
    assert written["revision"] == 1 and ledger.get(URL).revision == 2
    ledger.close()
