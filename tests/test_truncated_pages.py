"""Bodies cut short (fewer bytes than their Content-Length): rejected as ``truncated`` by default;
with NEWSCRAWL_KEEP_TRUNCATED_PAGES a page that arrived complete-looking is kept, one cut midway
is still rejected."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.crawling import run_crawl
from tests.support.hostile_site import HostileSite

COMPLETE = "/news/2026/02/04/truncated-body-story"  # the whole page, then the connection closes early
MIDWAY = "/news/2026/02/18/truncated-midway-story"  # half a page


@pytest.mark.parametrize("keep", [False, True])
def test_truncated_pages(tmp_path: Path, keep: bool) -> None:
    with HostileSite(lifetime=120, only={COMPLETE, MIDWAY}) as site:
        result = run_crawl(
            "news",
            tmp_path / "data",
            arguments={"start_urls": f"{site.url(COMPLETE)},{site.url(MIDWAY)}"},
            settings={
                "NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true",
                "NEWSCRAWL_KEEP_TRUNCATED_PAGES": str(keep).lower(),
            },
            # Both start URLs truncated and none kept: nothing was read, the run failed (exit 1).
            expect_exit=0 if keep else 1,
        )
        hits = site.log.counts()
        complete_url = site.url(COMPLETE)
    reasons = {r["url"].rsplit("/", 1)[1]: r["reason"] for r in result.rejects}
    assert reasons["truncated-midway-story"] == "truncated"
    if keep:
        assert [r["url"] for r in result.records] == [complete_url]
        assert result.manifest["counts"]["truncated_kept"] == 1
        assert hits[COMPLETE] == hits[MIDWAY] == 1  # received as they are, not retried
    else:
        assert result.records == []
        assert reasons["truncated-body-story"] == "truncated"
        assert hits[COMPLETE] == 3  # retried (RETRY_TIMES=2) before the reject
