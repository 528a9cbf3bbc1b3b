"""The shared mode end to end: real ``scrapy crawl news`` workers, a real redis-server (frontier and
ledger), a local site of 200 articles (plus syndicated copies) counted at the server."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from newscrawl.cli import scrapy_env
from newscrawl.frontier.keys import RunKeys
from tests.crawling import PROJECT_ROOT
from tests.support import newsfarm
from tests.support.fixture_web import FixtureWeb
from tests.support.redis_server import RedisServer, free_port
from tests.support.shared_crawl import (
    SharedCrawl,
    assert_exactly_once,
    records,
    run_ids,
    wait_until,
    worker_manifests,
)

ARTICLES = 200
COPIES = 10


def crawl_for(tmp_path: Path, web: FixtureWeb, url: str) -> Iterator[SharedCrawl]:
    crawl = SharedCrawl(tmp_path, web, url)
    try:
        yield crawl
    finally:
        crawl.stop_all()


@pytest.fixture
def farm(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    newsfarm.build(root, ARTICLES, copies=COPIES)
    return root


@pytest.fixture
def web(farm: Path) -> Iterator[FixtureWeb]:
    with FixtureWeb(farm) as server:
        yield server


@pytest.fixture
def crawl(tmp_path: Path, web: FixtureWeb, redis_url: str) -> Iterator[SharedCrawl]:
    yield from crawl_for(tmp_path, web, redis_url)


def newscrawl_cli(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", *args],
        env=scrapy_env(),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


def test_three_workers_write_every_article_once_and_download_it_once(
    crawl: SharedCrawl, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    workers = [crawl.start(f"w{n}", data) for n in range(3)]
    codes = [worker.wait() for worker in workers]
    assert codes == [0, 0, 0], workers[0].log()[-3000:]
    downloads = crawl.article_downloads()
    assert len(downloads) == ARTICLES + COPIES and max(downloads.values()) == 1
    found = records(data)
    assert_exactly_once(found, ARTICLES)
    (run_id,) = run_ids(data)
    manifests = worker_manifests(data, run_id)
    assert set(manifests) == {"w0", "w1", "w2"}
    written = {name: m["counts"]["articles_written"] for name, m in manifests.items()}
    assert sum(written.values()) == ARTICLES and sum(1 for n in written.values() if n) >= 2
    for name in manifests:  # each worker its own files, named by run and worker
        assert all(Path(p).name == f"{run_id}.{name}.jsonl" for p in manifests[name]["files"]["articles"]), (
            manifests[name]["files"]
        )
    for name, manifest in manifests.items():  # each worker accounts for the requests it took
        equation = manifest["counts"]["requests"]
        assert equation["balanced"] and equation["unaccounted"] == 0, (name, equation)
    taken = [m["counts"]["requests"] for m in manifests.values()]
    assert sum(e["articles"] for e in taken) == ARTICLES
    assert sum(e["duplicates"] for e in taken) == COPIES
    duplicates = sum(sum(m["counts"]["duplicates"].values()) for m in manifests.values())
    assert duplicates == COPIES  # each copy counted once, by whichever worker met it second
    report = newscrawl_cli("report", run_id, "--data-dir", str(data))
    assert f"articles written   {ARTICLES}" in report
    assert all(f"worker {name}" in report for name in manifests), report
    listed = newscrawl_cli("runs", "--data-dir", str(data)).splitlines()
    assert len(listed) == 1 and listed[0].startswith(run_id) and "workers=3" in listed[0]
    assert not list((data / "state" / "unfinished").iterdir())


@pytest.mark.parametrize(
    ("moment", "shared_dir"),
    [(5, True), (80, True), (170, True), (80, False)],
    ids=["early", "mid", "late", "mid-local-dirs"],
)
def test_a_killed_worker_loses_nothing_and_duplicates_nothing(
    tmp_path: Path, farm: Path, redis_url: str, moment: int, shared_dir: bool
) -> None:
    client = redis.Redis.from_url(redis_url)
    with FixtureWeb(farm, delay=0.02) as web:
        crawl = SharedCrawl(tmp_path, web, redis_url)
        try:
            dirs = {n: tmp_path / ("data" if shared_dir else f"data-{n}") for n in ("doomed", "a", "b")}
            doomed = crawl.start("doomed", dirs["doomed"])
            wait_until(lambda: "seeds it" in doomed.log(), what="the first worker to seed the run")
            survivors = [crawl.start(n, dirs[n]) for n in ("a", "b")]
            run_id = doomed.log().split("Shared run ", 1)[1].split()[0]
            keys = RunKeys("news", run_id)
            wait_until(lambda: sum(crawl.article_downloads().values()) >= moment, what="the moment to kill")
            wait_until(
                lambda: any(b"doomed" in owner for owner in client.hvals(keys.owner)),
                what="the doomed worker to hold leases",
            )
            doomed.kill()
            codes = [worker.wait() for worker in survivors]
            assert codes == [0, 0], survivors[0].log()[-3000:]
            stats = {k.decode(): int(v) for k, v in client.hgetall(keys.stats).items()}
            assert stats.get("reclaimed", 0) >= 1  # the dead worker's leases were taken over
            if not shared_dir:  # the dead worker's machine starts a worker again: it reconciles
                again = crawl.start("doomed-again", dirs["doomed"])
                assert again.wait() == 0, again.log()[-3000:]
            found = records(*dirs.values())
        finally:
            crawl.stop_all()
            client.close()
    assert_exactly_once([r for r in found if r["run_id"] == run_id], ARTICLES)
    assert not [r for r in found if r["run_id"] != run_id]  # a later run wrote nothing again
    assert not (dirs["doomed"] / "state" / "unfinished" / f"{run_id}.doomed").exists() or shared_dir


def farm_record(n: int) -> dict[str, object]:
    return {
        "canonical_url": f"https://www.farm-news.test/news/story-{n:04d}.html",
        "content_sha256": f"{n:064x}",
        "site": "farm",
        "run_id": "run",
        "crawled_at": "2025-01-01T00:00:00+00:00",
    }


@pytest.mark.parametrize("shared_dir", [True, False], ids=["shared-dir", "local-dirs"])
def test_a_batch_committed_but_not_confirmed_is_written_once(
    tmp_path: Path, redis_url: str, shared_dir: bool
) -> None:
    """The window of a worker killed between its ledger commit and its fsync, made on purpose:
    the dead worker wrote two of the four records its commit won."""
    from newscrawl.ledger import Ingested, open_ledger
    from newscrawl.ledger.redis_pending import PendingBook
    from newscrawl.pipelines.store import article_path
    from newscrawl.storage.jsonl import JsonLinesWriter
    from newscrawl.storage.reconcile import mark_unfinished, reconcile_unfinished_runs
    from newscrawl.storage.takeover import adopt_dead_workers

    batch = [farm_record(n) for n in range(4)]
    items = [Ingested(str(r["canonical_url"]), str(r["content_sha256"])) for r in batch]
    dead_dir = tmp_path / "dead"
    live_dir = dead_dir if shared_dir else tmp_path / "live"
    with open_ledger(dead_dir, backend="redis", url=redis_url) as ledger:
        dead = PendingBook(ledger, "run.dead", lease_ms=60_000)
        live = PendingBook(ledger, "run.live", lease_ms=60_000)
        mark_unfinished(dead_dir, "run", "dead")
        dead.heartbeat()
        assert [c.status for c in dead.commit(items, batch)] == ["new"] * 4
        assert [c.status for c in live.commit(items[:1], batch[:1])] == ["unchanged"]  # lost the race
        assert live.still_mine([str(batch[0]["canonical_url"])]) == [False]
        writer = JsonLinesWriter(article_path(dead_dir, batch[0], "run.dead"))
        for record in batch[:2]:
            writer.write(record)
        writer.close()
        assert adopt_dead_workers(live, live_dir, "run.live") == 0  # alive: left alone
        assert live.has_pending("run.dead")
        ledger._client.delete(f"{ledger.prefix}alive:run.dead")  # its liveness expired: it is dead
        written = adopt_dead_workers(live, live_dir, "run.live")
        assert written == (2 if shared_dir else 4)
        assert not live.has_pending("run.dead") and not live.has_pending("run.live")
        if not shared_dir:  # a worker starts again on the dead worker's machine and reconciles
            assert len(live.taken_over("run.dead")) == 4
            reconcile_unfinished_runs(
                dead_dir, ledger, "run.next", taken_over=live.taken_over, forget=live.forget_taken_over
            )
            assert not live.taken_over("run.dead")
        found = records(dead_dir, live_dir)
    assert sorted(str(r["canonical_url"]) for r in found) == sorted(str(r["canonical_url"]) for r in batch)
    assert not (dead_dir / "state" / "unfinished" / "run.dead").exists() or shared_dir


def test_a_second_run_downloads_nothing_again_and_an_edit_is_revision_2_once(
    tmp_path: Path, farm: Path, web: FixtureWeb, redis_url: str
) -> None:
    data = tmp_path / "data"
    first = SharedCrawl(tmp_path, web, redis_url)
    try:
        assert [w.wait() for w in [first.start(f"a{n}", data) for n in range(3)]] == [0, 0, 0]
        before = first.article_downloads()
        time.sleep(1.1)  # the edit's lastmod is strictly after the first fetch
        newsfarm.build(farm, ARTICLES, edited={150: 2}, copies=COPIES)
        second = [first.start(f"b{n}", data) for n in range(3)]
        assert [w.wait() for w in second] == [0, 0, 0], second[0].log()[-3000:]
        after = first.article_downloads() - before
    finally:
        first.stop_all()
    edited = newsfarm.safe(newsfarm.article_url(150)).split(newsfarm.HOST, 1)[1]
    assert dict(after) == {edited: 1}  # only the edited article was downloaded again, once
    first_run, second_run = sorted(run_ids(data), key=lambda r: (data / "runs" / r).stat().st_mtime)
    again = records(data, run_id=second_run)
    assert [(r["canonical_url"], r["revision"]) for r in again] == [(newsfarm.article_url(150), 2)]
    assert_exactly_once(records(data, run_id=first_run), ARTICLES)


def test_redis_restarted_mid_crawl_loses_nothing_and_writes_nothing_twice(
    tmp_path: Path, farm: Path, restartable_redis: RedisServer
) -> None:
    data = tmp_path / "data"
    with FixtureWeb(farm, delay=0.02) as web:
        crawl = SharedCrawl(tmp_path, web, restartable_redis.url())
        try:
            workers = [crawl.start(f"w{n}", data) for n in range(2)]
            wait_until(
                lambda: sum(crawl.article_downloads().values()) >= 60, what="the crawl to be under way"
            )
            restartable_redis.stop()  # graceful: the AOF holds every acknowledged write
            time.sleep(1.5)
            restartable_redis.start()
            codes = [w.wait() for w in workers]
        finally:
            crawl.stop_all()
    assert codes == [0, 0], workers[0].log()[-3000:] + workers[1].log()[-3000:]
    assert_exactly_once(records(data), ARTICLES)


def test_redis_unreachable_at_start_is_one_line_before_anything_opens(tmp_path: Path) -> None:
    data = tmp_path / "data"
    closed = f"redis://127.0.0.1:{free_port()}/0"
    command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "start_urls=http://127.0.0.1:9/"]
    command += ["-s", f"NEWSCRAWL_REDIS_URL={closed}", "-s", f"NEWSCRAWL_DATA_DIR={data}"]
    done = subprocess.run(
        command, env=scrapy_env(), cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("newscrawl: cannot reach Redis at redis://127.0.0.1:"), last
    assert "Traceback" not in done.stderr
    assert not data.exists()  # no ledger, marker or file was opened
