"""Unit tests of crawl components: address guard, JSON Lines writer, validation, store paths."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
)
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TCPTimedOutError
from twisted.python.failure import Failure

from newscrawl.extensions.manifest import summarize
from newscrawl.middlewares.address_guard import is_public_address
from newscrawl.middlewares.useragent import build_user_agent
from newscrawl.pipelines.store import safe_name
from newscrawl.pipelines.validate import problems_of
from newscrawl.spiders.arguments import CrawlLimits, parse_count, parse_day
from newscrawl.spiders.failures import classify_failure
from newscrawl.storage.jsonl import GzipBatchWriter, JsonLinesWriter, read_records
from newscrawl.storage.reconcile import run_id_of


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("127.0.0.1", False),
        ("10.0.0.8", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("::1", False),
        ("::ffff:127.0.0.1", False),
        ("fd00::1", False),
        ("2606:4700:4700::1111", True),
        ("not-an-ip", False),
        ("64:ff9b::a00:1", False),
        ("2002:7f00:1::1", False),
        ("::127.0.0.1", False),
        ("64:ff9b::5db8:d822", True),
    ],
)
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public_address(address) is public


def test_user_agent_contact() -> None:
    assert build_user_agent("newscrawl/0.1", "") == "newscrawl/0.1"
    assert build_user_agent("newscrawl/0.1", "a@b.example") == "newscrawl/0.1 (contact: a@b.example)"


def test_jsonl_writer_writes_complete_utf8_lines(tmp_path: Path) -> None:
    path = tmp_path / "out" / "a.jsonl"
    writer = JsonLinesWriter(path)
    records = [{"headline": "Türkiye’s “news”", "n": i} for i in range(5)]
    for n, record in enumerate(records):
        writer.write(record)
        if n == 2:
            writer.sync()
    writer.close()
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b""
    assert [json.loads(line) for line in lines[:-1]] == records
    assert "Türkiye’s" in path.read_text(encoding="utf-8")
    assert writer.count == 5


def test_gzip_batches_are_complete_files(tmp_path: Path) -> None:
    writer = GzipBatchWriter(tmp_path / "site" / "run1.jsonl")
    for n in range(5):
        writer.write({"n": n})
        if n == 2:
            writer.sync()
    writer.close()
    assert [p.name for p in sorted((tmp_path / "site").iterdir())] == ["run1-1.jsonl.gz", "run1-2.jsonl.gz"]
    assert [r["n"] for p in writer.paths for r in read_records(p)] == [0, 1, 2, 3, 4]
    assert run_id_of(writer.paths[1]) == "run1"


def test_read_records_skips_a_torn_last_line(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_bytes(b'{"n": 1}\n{"n": 2')
    assert read_records(path) == [{"n": 1}]


def test_jsonl_writer_appends(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    for n in range(2):
        writer = JsonLinesWriter(path)
        writer.write({"n": n})
        writer.close()
    assert [json.loads(line)["n"] for line in path.read_text().splitlines()] == [0, 1]


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"url": "", "headline": "h", "word_count": 100}, "missing_url"),
        ({"url": "u", "headline": None, "word_count": 100}, "missing_headline"),
        ({"url": "u", "headline": "h", "word_count": 0}, "empty_body"),
        ({"url": "u", "headline": "h", "word_count": 12}, "body_too_short"),
    ],
)
def test_validation_reasons(record: dict[str, object], reason: str) -> None:
    problem = problems_of(record, min_words=40)
    assert problem is not None and problem[0] == reason


def test_validation_accepts_an_article() -> None:
    assert problems_of({"url": "u", "headline": "h", "word_count": 40}, min_words=40) is None


def test_date_window() -> None:
    limits = CrawlLimits.parse({"since": "2025-01-01", "until": "2025-01-31"})
    assert not limits.published_in_window("2024-12-31T23:00:00+00:00")
    assert limits.published_in_window("2025-01-15")
    assert limits.published_in_window("2025-01-31T23:59:00+00:00")
    assert not limits.published_in_window("2025-02-01")
    assert limits.published_in_window(None)
    with pytest.raises(ValueError, match="since='last week'"):
        parse_day("last week", "since")


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("published", "modified", "expected"),
    [
        # The publication date decides, whatever the lastmod: validation would reject the page.
        ("2024-12-20", "2025-01-10", False),
        ("2025-01-10", "2025-03-01", True),
        ("2025-02-03", None, False),
        # No publication date: a lastmod before since proves the article older; after until proves nothing.
        (None, "2024-12-31", False),
        (None, "2025-02-20", True),
        (None, None, True),
    ],
)
def test_a_source_entry_is_skipped_only_when_validation_would_reject_its_page(
    published: str | None, modified: str | None, expected: bool
) -> None:
    limits = CrawlLimits.parse({"since": "2025-01-01", "until": "2025-01-31"})
    assert (
        limits.entry_may_be_in_window(
            at(published) if published else None, at(modified) if modified else None
        )
        is expected
    )
    if published is not None:  # one rule: the same answer as for the extracted date_published
        assert limits.published_in_window(published) is expected


def test_limits_refuse_since_after_until_and_count_articles() -> None:
    with pytest.raises(ValueError, match="since is after until"):
        CrawlLimits.parse({"since": "2025-02-01", "until": "2025-01-01"})
    limits = CrawlLimits.parse({"max_articles": "2"})
    assert limits.allows_more(1) and not limits.allows_more(2)
    assert CrawlLimits().allows_more(10**6)
    assert limits.as_arguments() == {"max_articles": "2"}


def test_count_arguments() -> None:
    assert parse_count("25", "max_articles") == 25
    assert parse_count(None, "max_articles") is None
    with pytest.raises(ValueError, match="max_articles='abc' is not a whole number"):
        parse_count("abc", "max_articles")
    with pytest.raises(ValueError, match="must be at least 1"):
        parse_count("-1", "max_articles")


def test_safe_name() -> None:
    assert safe_name("../../etc") == "etc"
    assert safe_name("example.org") == "example.org"


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (DownloadTimeoutError("took too long"), "timeout"),
        (TCPTimedOutError(), "timeout"),
        (DownloadConnectionRefusedError("refused"), "connection_refused"),
        (ConnectionRefusedError(), "connection_refused"),
        (CannotResolveHostError("no results for hostname lookup: nowhere.invalid"), "dns_error"),
        (DNSLookupError("nowhere.invalid"), "dns_error"),
        (
            DownloadCancelledError("Got 9000 bytes which is larger than download max size (8000)"),
            "response_too_large",
        ),
        (DownloadCancelledError("cancelled"), "download_cancelled"),
        (ValueError("odd"), "download_error"),
    ],
)
def test_failed_downloads_are_classified(error: Exception, reason: str) -> None:
    failure = Failure(error)
    failure.request = Request("https://nowhere.invalid/story")  # type: ignore[attr-defined]
    assert classify_failure(failure)[0] == reason


def test_skipped_requests_are_not_download_errors_in_the_manifest() -> None:
    prefix = "downloader/exception_type_count/"
    counts = summarize(
        {
            f"{prefix}newscrawl.middlewares.revisit.AlreadyIngested": 3,
            f"{prefix}newscrawl.middlewares.window.OutsideWindow": 2,
            f"{prefix}twisted.internet.error.TimeoutError": 1,
        }
    )
    assert counts["errors_by_type"] == {"twisted.internet.error.TimeoutError": 1}
