"""``scrapy crawl`` that refuses bad ``since``/``until``/``max_articles`` before anything starts,
and exits with status 1 when the run failed (see ``newscrawl.extensions.exitstatus``).

Scrapy builds the spider inside the running crawl, where a bad argument ends in a traceback;
checked here, it is a usage error of one line (exit code 2).
"""

from __future__ import annotations

import argparse

from scrapy import Spider
from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError

from newscrawl.extensions.exitstatus import EXIT_RUN_FAILED, crawler_verdict
from newscrawl.spiders.base import parse_count, parse_day


def check_spider_arguments(arguments: dict[str, str]) -> None:
    """Raise UsageError for a ``since``/``until`` that is not a date, or ``max_articles`` that is
    not a positive count (the same checks as the spider's)."""
    try:
        since = parse_day(arguments.get("since"), "since")
        until = parse_day(arguments.get("until"), "until")
        parse_count(arguments.get("max_articles"), "max_articles")
    except ValueError as exc:
        raise UsageError(str(exc), print_help=False) from exc
    if since and until and since > until:
        raise UsageError(
            f"spider arguments since={since} and until={until}: since is after until", print_help=False
        )


class Command(ScrapyCrawlCommand):
    _newscrawl_crawler: Crawler | None = None

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        crawler = super()._create_crawler(spidercls)
        self._newscrawl_crawler = crawler  # to read the run's verdict once it ended
        return crawler

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        check_spider_arguments(opts.spargs)
        super().run(args, opts)
        verdict = crawler_verdict(self._newscrawl_crawler) if self._newscrawl_crawler else None
        if not self.exitcode and verdict is not None and verdict.failed:
            self.exitcode = EXIT_RUN_FAILED  # the manifest's "failure" says why
