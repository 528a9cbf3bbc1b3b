"""``scrapy crawl`` that refuses bad spider arguments before anything starts, and exits with
status 1 when the run failed (see ``newscrawl.extensions.exitstatus``).

Scrapy builds the spider inside the running crawl, where a bad argument ends in a traceback;
checked here (by the spider class's own ``check_arguments``: a misspelled name, a malformed
``since``/``until``/``max_articles``, a missing or non-http(s) ``start_urls``; and an unknown
spider), it is a usage error (exit code 2): Scrapy's usage header and one line naming the
problem, before Scrapy's start-up banner.
"""

from __future__ import annotations

import argparse

from scrapy import Spider
from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from scrapy.spiderloader import get_spider_loader

from newscrawl.extensions.exitstatus import EXIT_RUN_FAILED, crawler_verdict
from newscrawl.extraction.workers import worker_count


def check_spider_arguments(spidercls: type, arguments: dict[str, str]) -> None:
    """Raise UsageError when ``spidercls`` would refuse ``arguments``."""
    check = getattr(spidercls, "check_arguments", None)
    if check is None:
        return
    try:
        check(arguments)
    except ValueError as exc:
        raise UsageError(str(exc), print_help=False) from exc


class Command(ScrapyCrawlCommand):
    _newscrawl_crawler: Crawler | None = None

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        crawler = super()._create_crawler(spidercls)
        self._newscrawl_crawler = crawler  # to read the run's verdict once it ended
        return crawler

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Scrapy's options, then the checks: before Scrapy builds the crawler process (and logs
        its banner), so a bad argument is the usage error alone."""
        super().process_options(args, opts)
        if len(args) == 1 and self.settings is not None:
            try:
                spidercls = get_spider_loader(self.settings).load(args[0])
            except KeyError:
                raise UsageError(
                    f"no spider {args[0]!r} (scrapy list names them)", print_help=False
                ) from None
            check_spider_arguments(spidercls, opts.spargs)
        if self.settings is not None:
            try:  # a bad NEWSCRAWL_EXTRACT_WORKERS is a usage error too
                worker_count(self.settings.get("NEWSCRAWL_EXTRACT_WORKERS"), cores=1)
            except ValueError as exc:
                raise UsageError(str(exc), print_help=False) from exc

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        super().run(args, opts)
        verdict = crawler_verdict(self._newscrawl_crawler) if self._newscrawl_crawler else None
        if not self.exitcode and verdict is not None and verdict.failed:
            self.exitcode = EXIT_RUN_FAILED  # the manifest's "failure" says why
