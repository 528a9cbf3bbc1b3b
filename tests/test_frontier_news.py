"""newscrawl's own ``news`` spider in the shared mode: N workers download the demo site once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from newscrawl.demo.server import DemoServer
from tests.crawling import run_crawl
from tests.support.frontier_workers import WorkerPool

# Scrapy's robots.txt middleware fetches robots.txt itself, once per worker, outside the
# scheduler (it is the politeness check, not discovery); everything else goes through the frontier.
PER_WORKER = {"/robots.txt"}


def page_hits(hits: Counter[str]) -> Counter[str]:
    return Counter({path: count for path, count in hits.items() if path not in PER_WORKER})


def test_two_news_workers_download_what_one_crawl_does_once(redis_url: str, tmp_path: Path) -> None:
    with DemoServer() as demo:
        start = {"start_urls": f"{demo.base_url}/"}
        run_crawl(
            "news", tmp_path / "alone", arguments=start, settings={"NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true"}
        )
        alone = page_hits(demo.hits)
        demo_robots_alone = demo.hits["/robots.txt"]
        demo.reset_hits()
        pool = WorkerPool(tmp_path)
        try:
            workers = [
                pool.start(f"news{n}", redis_url, demo.base_url, spider="news", arguments=start)
                for n in range(2)
            ]
            codes = [worker.wait(180) for worker in workers]
        finally:
            pool.stop_all()
        shared = page_hits(demo.hits)
        robots = demo.hits["/robots.txt"]
    assert codes == [0, 0], workers[0].log()[-2000:] + workers[1].log()[-2000:]
    assert max(alone.values()) == 1 and len(alone) > 20
    assert shared == alone  # the same pages, each downloaded once by the two workers together
    crawled = [w for w in workers if "'downloader/request_count'" in w.log()]
    assert robots == demo_robots_alone + len(crawled) - 1  # one robots check per worker that crawled
