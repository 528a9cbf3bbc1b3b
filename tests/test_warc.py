"""WARC capture during a real crawl of the demo site, and ``newscrawl reextract`` over the
archive (ours, a truncated one, and a CC-NEWS style file written here with warcio)."""

from __future__ import annotations

import gzip
import io
import itertools
import json
import logging
import os
import subprocess
import sys
import zlib
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.demo.server import BASE_PLACEHOLDER, SITE_DIR, DemoServer
from newscrawl.schema import validate_article
from newscrawl.warc.capture import WarcFiles
from newscrawl.warc.reader import ReadReport, read_pages
from tests.crawling import PROJECT_ROOT, CrawlResult, read_jsonl, run_crawl

ALLOWED = {"NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true"}
VARYING = ("run_id", "crawled_at")
MAX_SIZE = 40_000  # small, so the demo's pages rotate over several files


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    with DemoServer() as server:
        yield server


@pytest.fixture(scope="module")
def crawl(demo: DemoServer, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    return run_crawl(
        "news",
        tmp_path_factory.mktemp("warc") / "data",
        arguments={"start_urls": f"{demo.base_url}/"},
        settings={**ALLOWED, "NEWSCRAWL_WARC": "true", "NEWSCRAWL_WARC_MAX_SIZE": str(MAX_SIZE)},
    )


def warc_files(crawl: CrawlResult) -> list[Path]:
    return sorted((Path(crawl.manifest["data_dir"]) / "warc").glob("*.warc.gz"))


def reextract(files: list[Path], out: Path) -> tuple[CrawlResult, subprocess.CompletedProcess[str]]:
    done = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "reextract", *map(str, files), "--out", str(out),
         "--log-level", "INFO"],
        capture_output=True, text=True, timeout=120, cwd=PROJECT_ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    (manifest_path,) = (out / "runs").glob("*.json")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    records, raw = read_jsonl(list((out / "articles").glob(f"*/*/{manifest['run_id']}.jsonl")))
    rejects, _ = read_jsonl(list((out / "rejects").glob("*.jsonl")))
    return CrawlResult(records, rejects, manifest, done.stderr, raw), done


def stable(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["url"]: {k: v for k, v in r.items() if k not in VARYING} for r in records}


def test_every_article_page_is_archived_with_request_and_response(crawl: CrawlResult) -> None:
    files = warc_files(crawl)
    run_id = crawl.manifest["run_id"]
    assert len(files) > 1, "the size cap must rotate the files"
    assert [f.name for f in files] == [f"{run_id}-{n:05d}.warc.gz" for n in range(1, len(files) + 1)]
    requests, responses = {}, {}
    for path in files:
        with open(path, "rb") as handle:
            kinds = []
            for record in ArchiveIterator(handle):
                kinds.append(record.rec_type)
                uri = record.rec_headers.get_header("WARC-Target-URI")
                if record.rec_type == "request":
                    requests[uri] = record.http_headers
                elif record.rec_type == "response":
                    responses[uri] = (record.http_headers, record.content_stream().read())
            assert kinds[0] == "warcinfo"
    for article in crawl.records:
        headers, body = responses[article["url"]]
        assert headers.get_statuscode() == "200"
        assert headers.get_header("Content-Type", "").startswith("text/html")
        assert int(headers.get_header("Content-Length")) == len(body)
        assert article["headline"].split()[0].encode() in body
        assert requests[article["url"]].get_header("User-Agent", "").startswith("newscrawl/")
    assert crawl.manifest["files"]["warc"] == [str(f) for f in files]


def test_reextraction_gives_the_same_records_without_touching_the_web(
    crawl: CrawlResult, demo: DemoServer, tmp_path: Path
) -> None:
    before = sum(demo.hits.values())
    again, done = reextract(warc_files(crawl), tmp_path / "again")
    assert sum(demo.hits.values()) == before, "re-extraction fetched from the web"
    assert stable(again.records) == stable(crawl.records)
    fetched = {r["url"]: datetime.fromisoformat(r["crawled_at"]) for r in crawl.records}
    for record in again.records:  # the archive's fetch time, not the time of the re-extraction
        assert abs(datetime.fromisoformat(record["crawled_at"]) - fetched[record["url"]]) < timedelta(
            seconds=10
        )
    assert again.manifest["run_id"] != crawl.manifest["run_id"]
    assert again.manifest["spider"] == "reextract" and again.manifest["finish_reason"] == "finished"
    for count in ("articles_written", "non_article_pages", "rejects_by_reason", "duplicates"):
        assert again.manifest["counts"][count] == crawl.manifest["counts"][count], count
    assert f"Run {again.manifest['run_id']} (reextract)" in done.stdout
    assert "reextract: " in done.stderr and " pages" in done.stderr  # progress lines (not a terminal)


def test_a_truncated_warc_is_read_up_to_its_last_complete_record(
    crawl: CrawlResult, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    whole = b"".join(f.read_bytes() for f in warc_files(crawl))
    complete = list(read_pages(_write(tmp_path / "whole.warc.gz", whole)))
    cut = _write(tmp_path / "cut.warc.gz", whole[: _inside_a_member(whole, len(whole) * 2 // 3)])
    report = ReadReport()
    with caplog.at_level(logging.WARNING, logger="newscrawl.warc.reader"):
        pages = list(read_pages(cut, report))
    assert 0 < len(pages) < len(complete)
    assert [p.url for p in pages] == [p.url for p in complete[: len(pages)]]
    assert [p.body for p in pages] == [p.body for p in complete[: len(pages)]]
    assert report.truncated == [str(cut)]
    assert f"{cut} is truncated: read {len(pages)} pages" in caplog.text

    plain = _write(tmp_path / "cut.warc", gzip.decompress(whole)[: len(gzip.decompress(whole)) // 2])
    with caplog.at_level(logging.WARNING, logger="newscrawl.warc.reader"):
        pages = list(read_pages(plain))
    assert 0 < len(pages) < len(complete) and f"{plain} is truncated" in caplog.text

    garbage = tmp_path / "notes.warc.gz"
    garbage.write_bytes(b"these are not WARC records\n" * 20)
    again, done = reextract([cut, garbage, cut], tmp_path / "out")  # a file given twice
    assert 0 < len(again.records) < len(crawl.records)
    assert "is truncated" in done.stderr
    files = {r["url"]: r for r in again.rejects if r["url"].startswith("file:")}
    assert files[cut.resolve().as_uri()]["reason"] == "warc_truncated"
    assert files[garbage.resolve().as_uri()]["reason"] == "warc_unreadable"
    assert "not a readable WARC file" in files[garbage.resolve().as_uri()]["detail"]
    assert again.manifest["counts"]["rejects_by_reason"]["warc_truncated"] == 1  # once, not twice
    assert all(validate_article(r) == [] for r in again.records)


def _inside_a_member(data: bytes, near: int) -> int:
    """An offset in the middle of the gzip member (a WARC record) that holds offset ``near``: a
    cut there always leaves a record incomplete, as a cut on a member boundary would not."""
    start = 0
    while start < len(data):
        member = zlib.decompressobj(wbits=31)
        member.decompress(data[start:])
        end = len(data) - len(member.unused_data)
        if end > near:
            return (start + end) // 2
        start = end
    raise AssertionError("offset past the data")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _cc_news_warc(path: Path) -> list[str]:
    """A WARC like Common Crawl's news archive: gzip per record, a warcinfo, then response
    records only (no request records), one with a gzip Content-Encoding, an image, a redirect."""
    host = "https://news.example.org"
    pages = {
        f"{host}/world/wildfire.html": SITE_DIR
        / "world/wildfire-season-starts-weeks-early-across-southern-europe.html",
        f"{host}/politics/ferry-strike.html": SITE_DIR
        / "politics/ferry-workers-strike-halts-island-services.html",
    }
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(
            writer.create_warcinfo_record(path.name, {"software": "StormCrawler", "isPartOf": "CC-NEWS"})
        )
        for index, (url, source) in enumerate(pages.items()):
            body = source.read_bytes().replace(BASE_PLACEHOLDER, host.encode())
            headers = [("Content-Type", "text/html; charset=utf-8"), ("Server", "nginx")]
            if index == 1:
                body = gzip.compress(body)
                headers.append(("Content-Encoding", "gzip"))
            headers.append(("Content-Length", str(len(body))))
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http
                )
            )
        image = StatusAndHeaders(
            "200 OK", [("Content-Type", "image/jpeg"), ("Content-Length", "4")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                f"{host}/logo.jpg",
                "response",
                payload=io.BytesIO(b"\xff\xd8\xff\xe0"),
                length=4,
                http_headers=image,
            )
        )
        moved = StatusAndHeaders(
            "301 Moved Permanently",
            [("Location", f"{host}/world/wildfire.html"), ("Content-Length", "0")],
            protocol="HTTP/1.1",
        )
        writer.write_record(
            writer.create_warc_record(
                f"{host}/old", "response", payload=io.BytesIO(b""), length=0, http_headers=moved
            )
        )
    return list(pages)


def test_a_cc_news_style_warc_is_reextracted(tmp_path: Path) -> None:
    path = tmp_path / "CC-NEWS-20261201000000-00001.warc.gz"
    articles = _cc_news_warc(path)
    result, _ = reextract([path], tmp_path / "out")
    assert sorted(r["url"] for r in result.records) == sorted(articles)
    for record in result.records:
        assert validate_article(record) == []
        assert record["site"] == "example.org" and record["word_count"] > 100
    assert {r["reason"] for r in result.rejects} == {"not_html"}
    assert result.manifest["counts"]["skipped"] == {"warc_redirect": 1}


def test_warc_files_are_never_shared(tmp_path: Path) -> None:
    (tmp_path / "run-1-00001.warc.gz").write_bytes(b"another process's file")
    files = WarcFiles(tmp_path, "run-1", max_size=10**9)
    files.append(b"")
    files.close()
    assert files.paths == [tmp_path / "run-1-00002.warc.gz"]
    assert (tmp_path / "run-1-00001.warc.gz").read_bytes() == b"another process's file"


def test_no_warc_is_written_by_default(demo: DemoServer, tmp_path: Path) -> None:
    result = run_crawl(
        "news", tmp_path, arguments={"start_urls": f"{demo.base_url}/feed.xml", "max_articles": "1"},
        settings=ALLOWED,
    )  # fmt: skip
    assert len(result.records) == 1
    assert not (tmp_path / "warc").exists() and "warc" not in result.manifest["files"]
    assert "WarcCaptureMiddleware" not in result.log  # a default run warns of nothing it left off
    assert " WARNING: " not in result.log, result.log[-2000:]


def test_a_file_that_is_not_a_warc_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "notes.warc.gz", b"these are not WARC records\n")
    done = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "reextract", str(path), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=120, cwd=PROJECT_ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert f"{path} is not a readable WARC file" in done.stderr
    assert "no archived page could be read" in done.stderr


def test_an_archived_page_is_durable_before_its_article_is_in_the_ledger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store's commit fsyncs the WARC file first, then records the batch in the ledger;
    between commits, archiving a page does not fsync (the batch does)."""
    from scrapy import Request
    from scrapy.http import HtmlResponse

    from newscrawl.items import ArticleItem
    from newscrawl.normalize.loader import PageHints, load_article
    from newscrawl.pipelines.store import JsonLinesStorePipeline
    from newscrawl.storage.runinfo import utc_now_iso
    from newscrawl.warc.capture import WarcCaptureMiddleware
    from tests.support.crawlers import open_state, project_crawler

    url = "https://news.example.com/2026/11/27/harbour-wall-repaired"
    crawler = project_crawler(
        NEWSCRAWL_DATA_DIR=str(tmp_path),
        NEWSCRAWL_RUN_ID="run-w",
        NEWSCRAWL_WARC=True,
        NEWSCRAWL_BATCH_SIZE=1,
    )
    state = open_state(crawler)
    capture = WarcCaptureMiddleware(crawler, state)
    store = JsonLinesStorePipeline(crawler, state)
    events: list[str] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append(f"fsync {fd}"), real_fsync(fd))[1])
    real_record_many = state.ledger.record_many
    monkeypatch.setattr(
        state.ledger, "record_many", lambda batch: (events.append("ledger"), real_record_many(batch))[1]
    )

    def parse_page(response: Any) -> None:  # the spider callback a page goes to
        raise AssertionError("not called")

    request = Request(url, callback=parse_page)
    body = b"<html><body><p>The harbour wall is repaired.</p></body></html>"
    capture.process_response(request, HtmlResponse(url, body=body, request=request))
    warc_fd = capture.files._fd
    assert warc_fd is not None and f"fsync {warc_fd}" not in events  # not synced page by page
    fields = {"headline": "Harbour wall repaired", "article_body": "The wall is repaired. " * 30}
    record = load_article(fields, {}, url, hints=PageHints(site="example"), crawled_at=utc_now_iso())
    store.process_item(ArticleItem.from_record(record))  # a batch of one: committed now
    assert "ledger" in events and f"fsync {warc_fd}" in events
    assert events.index(f"fsync {warc_fd}") < events.index("ledger")
    store.close_spider()
    capture.spider_closed()
    state.close()
    (path,) = capture.files.paths
    assert [page.url for page in read_pages(path, ReadReport())] == [url]


def test_a_warc_cut_inside_a_record_s_headers_is_read_up_to_that_record(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A cut that leaves a record without its WARC-Target-URI (warcio raises AttributeError)
    is a truncated file, not a crash."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for n in range(3):
        body = f"<html><body><p>Page {n}.</p></body></html>".encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://news.example.org/{n}", "response", payload=io.BytesIO(body), length=len(body),
            http_headers=http,
        )  # fmt: skip
        writer.write_record(record)
    data = buffer.getvalue()
    third = data.index(b"WARC/1.0", data.index(b"WARC/1.0", 1) + 1)
    cut = _write(tmp_path / "cut.warc", data[: third + 30])  # inside the third record's headers
    report = ReadReport()
    with caplog.at_level(logging.WARNING, logger="newscrawl.warc.reader"):
        pages = list(read_pages(cut, report))
    assert [p.url for p in pages] == ["https://news.example.org/0", "https://news.example.org/1"]
    assert report.truncated == [str(cut)] and f"{cut} is truncated: read 2 pages" in caplog.text


def test_a_warc_cut_inside_the_headers_of_a_record_without_a_uri_is_truncated(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Files joined end to end, cut inside the next file's warcinfo headers (before its
    Content-Length): warcio reads a record without Content-Length and ends quietly."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for n in range(2):
        body = f"<html><body><p>Page {n}.</p></body></html>".encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                f"https://news.example.org/{n}", "response", payload=io.BytesIO(body), length=len(body),
                http_headers=http,
            )
        )  # fmt: skip
    writer.write_record(writer.create_warcinfo_record("next.warc", {"software": "newscrawl"}))
    data = buffer.getvalue()
    info = data.index(b"WARC-Type: warcinfo")
    cut = _write(tmp_path / "cut.warc", data[: info + 25])
    report = ReadReport()
    with caplog.at_level(logging.WARNING, logger="newscrawl.warc.reader"):
        pages = list(read_pages(cut, report))
    assert [p.url for p in pages] == ["https://news.example.org/0", "https://news.example.org/1"]
    assert report.truncated == [str(cut)] and "a record without Content-Length" in caplog.text


def test_a_warc_without_a_response_record_is_without_pages(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    writer.write_record(writer.create_warcinfo_record("empty.warc", {"software": "newscrawl"}))
    path = _write(tmp_path / "empty.warc", buffer.getvalue())
    report = ReadReport()
    assert list(read_pages(path, report)) == []
    assert report.problems[str(path)][0] == "warc_without_pages" and report.truncated == []


def test_a_cut_inside_any_record_is_reported_truncated(crawl: CrawlResult, tmp_path: Path) -> None:
    """Wherever the file ends (inside a response, a request or a metadata record, or the first
    warcinfo), the reader says it is truncated: warcio alone ends quietly on a cut gzip member."""
    whole = b"".join(f.read_bytes() for f in warc_files(crawl))
    bounds, start = [0], 0
    while start < len(whole):
        member = zlib.decompressobj(wbits=31)
        member.decompress(whole[start:])
        start = len(whole) - len(member.unused_data)
        bounds.append(start)
    assert len(bounds) > 10
    missed = []
    for n, (begin, end) in enumerate(itertools.pairwise(bounds)):
        cut = _write(tmp_path / f"cut-{n}.warc.gz", whole[: (begin + end) // 2])
        report = ReadReport()
        list(read_pages(cut, report))
        if report.truncated != [str(cut)]:
            missed.append(n)
    assert missed == []
