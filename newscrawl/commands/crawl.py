"""``scrapy crawl`` that refuses bad ``since``/``until``/``max_articles`` before anything starts.

Scrapy builds the spider inside the running crawl, where a bad argument ends in a traceback;
checked here, it is a usage error of one line (exit code 2).
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from newscrawl.spiders.base import parse_count, parse_day
from newscrawl.workers import AUTO, worker_count


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
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        check_spider_arguments(opts.spargs)
        if self.settings is not None:
            try:  # a bad NEWSCRAWL_EXTRACT_WORKERS is a usage error too
                worker_count(self.settings.get("NEWSCRAWL_EXTRACT_WORKERS", AUTO), cores=1)
            except ValueError as exc:
                raise UsageError(str(exc), print_help=False) from exc
        super().run(args, opts)
