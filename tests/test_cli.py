"""The ``newscrawl`` command as a user runs it."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from newscrawl.cli import format_report, main, scrapy_env

DEMO_PAGE = Path(__file__).resolve().parent.parent / "newscrawl" / "demo" / "site" / "politics"


def test_extract_prints_one_json_line(capsys: object, tmp_path: Path) -> None:
    page = next(DEMO_PAGE.glob("north-korean-soldier-*.html"))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "newscrawl.cli",
            "extract",
            "-",
            "--url",
            "https://news.example/politics/x-18254112",
        ],
        input=page.read_bytes(),
        capture_output=True,
        check=True,
    )
    lines = result.stdout.decode("utf-8").splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["headline"] == "North Korean soldier fighting for Russia captured in Ukraine"
    assert record["attribution"] == "TRT World & Agencies"


def test_demo_prints_a_summary_and_a_rerun_with_kept_state_writes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "demo"
    with socket.socket() as probe:  # a free port, kept for all runs (the URLs identify articles)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "newscrawl.cli", "demo", "--data-dir", str(data), "--port", str(port)]
    first = subprocess.run(command, capture_output=True, text=True, check=True, timeout=180)
    assert "articles written   12" in first.stdout
    assert str(data / "articles") in first.stdout
    again = subprocess.run(
        [*command, "--keep-state"], capture_output=True, text=True, check=True, timeout=180
    )
    assert "articles written   0" in again.stdout
    fetched = [int(line.split()[-1]) for line in again.stdout.splitlines() if "pages fetched" in line]
    first_fetched = [int(line.split()[-1]) for line in first.stdout.splitlines() if "pages fetched" in line]
    assert fetched[0] <= first_fetched[0] - 12, "the re-run downloaded articles again"
    fresh = subprocess.run(command, capture_output=True, text=True, check=True, timeout=180)
    assert "articles written   12" in fresh.stdout


def test_runs_and_report(tmp_path: Path, capsys: object) -> None:
    runs = tmp_path / "runs"
    runs.mkdir()
    manifest = {
        "run_id": "20261127T000000Z-abcdef", "spider": "news", "started_at": "a", "finished_at": "b",
        "finish_reason": "finished", "data_dir": str(tmp_path),
        "counts": {"pages_fetched": 3, "articles_written": 2, "duplicates": {"url": 1}, "rejects": 0,
                   "rejects_by_reason": {}, "non_article_pages": 0},
        "files": {"articles": ["x.jsonl"], "rejects": []},
    }  # fmt: skip
    (runs / "20261127T000000Z-abcdef.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert main(["runs", "--data-dir", str(tmp_path)]) == 0
    assert main(["report", "20261127T000000Z-abcdef", "--data-dir", str(tmp_path)]) == 0
    assert main(["report", "nope", "--data-dir", str(tmp_path)]) == 2
    text = format_report(manifest)
    assert "articles written   2" in text and "duplicates         1 (url: 1)" in text


def test_report_of_a_killed_run() -> None:
    text = format_report(
        {"run_id": "r", "finish_reason": "killed", "data_dir": "d", "counts": {"articles_written": 4}}
    )
    assert "[killed]" in text and "articles written   4" in text
    assert all(line == line.rstrip() for line in text.splitlines())  # no trailing space when none counted


def test_a_reader_that_stops_early_is_not_an_error() -> None:
    """`newscrawl sites | head` must not end in a BrokenPipeError traceback."""
    process = subprocess.Popen(
        [sys.executable, "-m", "newscrawl.cli", "sites"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before anything is written
    with process.stderr:
        stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, stderr
    assert "BrokenPipeError" not in stderr


HERALD_PAGE = """<html><head><title>Quay plan approved | Port Herald</title>
<meta property="article:published_time" content="2026-03-01T10:00:00+01:00"></head><body>
<h1>Quay plan approved</h1><span class="writer" data-name="Ada Lovelace">A. L.</span>
<div class="text">{}</div></body></html>""".format(
    "".join(
        f"<p>Paragraph {n} of the story tells what the harbour board decided today.</p>" for n in range(6)
    )
)
HERALD_PROFILE = """name = "herald"
title = "Port Herald"
domains = ["herald.example"]
start_urls = ["https://herald.example/"]
[[rules]]
fields = {{ authors = "{selector}" }}
"""


def run_extract(page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    url = "https://herald.example/2026/03/01/quay-plan-approved"
    command = [sys.executable, "-m", "newscrawl.cli", "extract", str(page), "--url", url, *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_extract_tries_the_rules_of_a_profile_directory(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(HERALD_PAGE, encoding="utf-8")
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "herald.toml").write_text(
        HERALD_PROFILE.format(selector=".writer::attr(data-name)"), encoding="utf-8"
    )
    without = json.loads(run_extract(page).stdout)
    with_rules = json.loads(run_extract(page, "--sites-dir", str(sites)).stdout)
    assert with_rules["authors"] == ["Ada Lovelace"] and with_rules["provenance"]["authors"] == "site-rule"
    assert "site-rule" not in without["provenance"].values()


def test_extract_reports_a_bad_profile_instead_of_an_empty_record(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(HERALD_PAGE, encoding="utf-8")
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "herald.toml").write_text(HERALD_PROFILE.format(selector="..writer[["), encoding="utf-8")
    done = run_extract(page, "--sites-dir", str(sites))
    assert done.returncode == 2 and done.stdout == ""
    assert "herald.toml" in done.stderr and "Traceback" not in done.stderr


def test_scrapy_reports_a_bad_profile_in_one_line(tmp_path: Path) -> None:
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "herald.toml").write_text(HERALD_PROFILE.format(selector="..writer[["), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "list", "-s", f"NEWSCRAWL_SITES_DIRS={sites}"],
        capture_output=True,
        text=True,
        timeout=120,
        env=scrapy_env(),
    )
    assert done.returncode != 0
    assert "newscrawl: bad site profile:" in done.stderr and "herald.toml" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_bad_spider_argument_is_a_usage_error_before_the_crawl(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "start_urls=http://127.0.0.1:9/",
         "-a", "since=yesterday", "-s", f"NEWSCRAWL_DATA_DIR={tmp_path}"],
        capture_output=True, text=True, timeout=120, env=scrapy_env(),
    )  # fmt: skip
    assert done.returncode == 2
    assert "since='yesterday' is not an ISO date" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "runs").exists()  # nothing started


def test_extract_refuses_a_url_it_cannot_place_and_hints_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.html"
    page.write_text(HERALD_PAGE, encoding="utf-8")
    url = "https://herald.example/2026/03/01/quay-plan-approved"
    for argv, named in (
        (["--url", "not-a-url"], "--url 'not-a-url'"),
        (["--url", "ftp://herald.example/a"], "--url 'ftp://herald.example/a'"),
        (["--url", "https://"], "--url 'https://'"),
        (["--url", url, "--published", "notadate"], "--published: not a date 'notadate'"),
        (["--url", url, "--language", "xx-notalang"], "--language: not a language tag"),
    ):
        assert main(["extract", str(page), *argv]) == 2, argv
        out, err = capsys.readouterr()
        assert out == "" and named in err
    assert main(["extract", str(page), "--url", url, "--published", "2026-03-01", "--language", "pt-BR"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["url"] == url
    # a numeric date is read in the language given, as the loader reads it: 12 October, not 10 December
    undated = tmp_path / "undated.html"
    undated.write_text(
        f"<html><body><h1>Quay plan approved</h1>{'<p>The council met. ' * 40}</p></body></html>"
    )
    plain_url = "https://herald.example/quay-plan-approved"  # no date in the path either
    assert (
        main(["extract", str(undated), "--url", plain_url, "--published", "12/10/2025", "--language", "de"])
        == 0
    )
    assert json.loads(capsys.readouterr().out)["date_published"] == "2025-10-12"


def test_sites_reports_a_bad_directory_or_profile_in_one_line(tmp_path: Path) -> None:
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "herald.toml").write_text('name = "herald"\ndomains = "notalist"\n', encoding="utf-8")
    for directory in (tmp_path / "missing", sites):
        command = [sys.executable, "-m", "newscrawl.cli", "sites", "--sites-dir", str(directory)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.startswith("newscrawl sites: ") and len(done.stderr.splitlines()) == 1
        assert "Traceback" not in done.stderr


def test_extract_reads_published_in_the_language_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "A/B/YYYY" read day first in German is a past date, read month first a future one (refused):
    the check reads it as the record will."""
    today = date.today()
    pairs = [
        (a, b)
        for a in range(1, 13)
        for b in range(1, 13)
        if date(today.year, b, a) < today - timedelta(days=1)
        and date(today.year, a, b) > today + timedelta(days=2)
    ]
    if not pairs:
        pytest.skip("no such date this year yet")
    a, b = pairs[0]
    page = tmp_path / "page.html"
    page.write_text(HERALD_PAGE, encoding="utf-8")
    given = f"{a:02d}/{b:02d}/{today.year}"
    url = "https://herald.example/quay-plan-approved"
    assert main(["extract", str(page), "--url", url, "--published", given, "--language", "de"]) == 0
    assert main(["extract", str(page), "--url", url, "--published", given, "--language", "en"]) == 2
    assert "--published: not a date" in capsys.readouterr().err
