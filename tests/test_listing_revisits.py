"""Re-runs read listing pages only when due: real crawls of a generated site of 120 topic pages."""

from __future__ import annotations

from pathlib import Path

from tests.crawling import run_crawl
from tests.support.listing_site import ListingSite, article_path

TOPICS = 120
HOT = 17  # the topic whose stories no sitemap lists
ALLOWED = {"NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true", "CONCURRENT_REQUESTS": "16"}


def crawl(site: ListingSite, data: Path):  # type: ignore[no-untyped-def]
    return run_crawl(
        "news", data, arguments={"start_urls": site.base_url + "/"}, settings=ALLOWED, timeout=300
    )


def urls(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {record["url"] for record in result.records}


def test_rerun_reads_few_listings_and_still_finds_a_new_story_on_a_yielding_one(tmp_path: Path) -> None:
    links = {k: [k % 60, (k + 1) % 60, (k + 7) % 60] for k in range(TOPICS)}
    links[HOT] = [1000]  # only the hot topic leads to its stories
    data = tmp_path / "data"
    with ListingSite(TOPICS, links, in_sitemap=set(range(60))) as site:
        first = crawl(site, data)
        first_topics = site.topic_hits()
        assert len(first.records) == 61, first.log[-2000:]
        assert first_topics == TOPICS
        assert first.manifest["counts"]["skipped"].get("listing_not_due", 0) == 0

        site.links[HOT].append(1001)  # a new story, linked only from the hot topic page
        site.reset_hits()
        second = crawl(site, data)
        second_topics = site.topic_hits()
    fraction = second_topics / first_topics
    print(f"listing pages fetched: first run {first_topics}, re-run {second_topics} ({fraction:.1%})")
    assert fraction <= 0.10
    assert site.base_url + article_path(1001) in urls(second)
    assert urls(second) == {site.base_url + article_path(1001)}
    skipped = second.manifest["counts"]["skipped"]
    # Every topic link of the homepage is either fetched or counted as not due.
    assert skipped["listing_not_due"] + second_topics == TOPICS
    assert (
        second.manifest["counts"]["by_site"]["127.0.0.1"]["skipped/listing_not_due"]
        == skipped["listing_not_due"]
    )


def test_without_a_sitemap_listings_back_off_after_they_stop_yielding(tmp_path: Path) -> None:
    links = {k: [k % 60, (k + 1) % 60, (k + 7) % 60] for k in range(TOPICS)}
    data = tmp_path / "data"
    with ListingSite(TOPICS, links) as site:
        first = crawl(site, data)
        fetched = [site.topic_hits()]
        assert len(first.records) == 60
        assert first.manifest["counts"]["listings"]["fetched"] == TOPICS + 1  # and the homepage
        for _ in range(2):
            site.reset_hits()
            again = crawl(site, data)
            assert again.records == []
            fetched.append(site.topic_hits())
    print(f"listing pages fetched per run, no sitemap: {fetched}")
    assert fetched[0] == TOPICS
    assert fetched[1] <= 60  # only those that led to a new story (each story credits one)
    assert fetched[2] / fetched[0] <= 0.10
