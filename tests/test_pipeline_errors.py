"""A pipeline that fails is never a silent drop: a bug is a ``pipeline_error`` reject; in a shared
run a Redis outage sends the request back to the frontier and the article is written once."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscrawl.demo.server import DemoServer
from newscrawl.frontier.acks import STORE_RETRIES
from tests.crawling import run_crawl
from tests.support import newsfarm
from tests.support.faulty_pipeline import pipelines_with_fault
from tests.support.fixture_web import FixtureWeb
from tests.support.shared_crawl import (
    SharedCrawl,
    assert_exactly_once,
    records,
    run_ids,
    story,
    worker_manifests,
)

COALITION = "/politics/2025/09/23/coalition-talks-stall-over-pension-age-as-deadline-looms/"


def test_a_pipeline_bug_is_a_reject_with_its_exception_and_the_request_is_accounted(tmp_path: Path) -> None:
    with DemoServer() as demo:
        result = run_crawl(
            "news",
            tmp_path / "data",
            arguments={"start_urls": f"{demo.base_url}/"},
            settings={
                "NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true",
                "ITEM_PIPELINES": pipelines_with_fault(),
                "TEST_FAULT_URL_PART": COALITION,
                "TEST_FAULT_KIND": "bug",
            },
        )
    assert result.records, "the other articles are written"
    assert not [r for r in result.records if COALITION in r["url"]]
    (reject,) = [r for r in result.rejects if COALITION in r["url"]]
    assert reject["reason"] == "pipeline_error"
    assert reject["detail"].startswith("RuntimeError: a bug in a pipeline")
    counts = result.manifest["counts"]
    assert counts["rejects_by_reason"]["pipeline_error"] == 1
    requests = counts["requests"]
    assert requests["unaccounted"] == 0 and requests["balanced"], requests


def test_a_store_outage_in_a_shared_run_retries_the_request_and_loses_nothing(
    tmp_path: Path, redis_url: str
) -> None:
    farm = tmp_path / "site"
    newsfarm.build(farm, 12)
    data = tmp_path / "data"
    faulty = {
        "ITEM_PIPELINES": pipelines_with_fault(),
        "TEST_FAULT_URL_PART": "story-0005",
        "TEST_FAULT_KIND": "outage",
        "TEST_FAULT_MARKER": str(tmp_path / "outage-happened"),
    }
    with FixtureWeb(farm) as web:
        crawl = SharedCrawl(tmp_path, web, redis_url)
        try:
            workers = [crawl.start(f"w{n}", data, **faulty) for n in range(2)]
            codes = [w.wait() for w in workers]
        finally:
            crawl.stop_all()
        downloads = crawl.article_downloads()
    assert codes == [0, 0], workers[0].log()[-3000:]
    assert (tmp_path / "outage-happened").exists()
    assert_exactly_once(records(data), 12)
    story_5 = [path for path in downloads if "story-0005" in path]
    assert [downloads[p] for p in story_5] == [2]  # fetched again after the outage
    logs = workers[0].log() + workers[1].log()
    assert "its request goes back to the frontier" in logs
    (run_id,) = run_ids(data)
    manifests = worker_manifests(data, run_id).values()
    rejects = [m["counts"]["rejects_by_reason"] for m in manifests]
    assert not any("pipeline_error" in r for r in rejects), rejects
    for manifest in manifests:  # the request given back is the taker's to account for
        equation = manifest["counts"]["requests"]
        assert equation["balanced"] and equation["unaccounted"] == 0, equation
    assert sum(m["counts"]["requests"]["articles"] for m in manifests) == 12


@pytest.mark.parametrize(
    ("kind", "most_downloads"), [("endless_outage", 2 * STORE_RETRIES + 1), ("redis_refuses", 1)]
)
def test_a_store_error_that_does_not_pass_ends_in_a_reject_and_the_run_ends(
    tmp_path: Path, redis_url: str, kind: str, most_downloads: int
) -> None:
    farm = tmp_path / "site"
    newsfarm.build(farm, 6)
    data = tmp_path / "data"
    faulty = {
        "ITEM_PIPELINES": pipelines_with_fault(),
        "TEST_FAULT_URL_PART": "story-0003",
        "TEST_FAULT_KIND": kind,
        # no lease runs out while a worker is slow (a loaded machine): the fetches counted are
        # the store's retries, not a takeover of an expired lease
        "NEWSCRAWL_LEASE_SECONDS": "30",
    }
    with FixtureWeb(farm) as web:
        crawl = SharedCrawl(tmp_path, web, redis_url)
        try:
            workers = [crawl.start(f"w{n}", data, **faulty) for n in range(2)]
            codes = [w.wait() for w in workers]
        finally:
            crawl.stop_all()
        downloads = crawl.article_downloads()
    assert codes == [0, 0], workers[0].log()[-3000:]
    written = records(data)
    assert sorted(story(r) for r in written) == [0, 1, 2, 4, 5]
    (fetches,) = [n for path, n in downloads.items() if "story-0003" in path]
    assert 1 <= fetches <= most_downloads  # given back a bounded number of times, then rejected
    (run_id,) = run_ids(data)
    manifests = worker_manifests(data, run_id).values()
    assert sum(m["counts"]["rejects_by_reason"].get("pipeline_error", 0) for m in manifests) == 1
    for manifest in manifests:
        equation = manifest["counts"]["requests"]
        assert equation["balanced"] and equation["unaccounted"] == 0, equation
