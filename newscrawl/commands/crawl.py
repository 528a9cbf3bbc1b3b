"""``scrapy crawl`` that refuses bad spider arguments before anything starts.

Scrapy builds the spider inside the running crawl, where a bad argument ends in a traceback;
checked here (by the spider class's own ``check_arguments``: a misspelled name, a malformed
``since``/``until``/``max_articles``, a missing or non-http(s) ``start_urls``), it is a usage
error of one line (exit code 2).
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError


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
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and self.crawler_process is not None:
            try:
                spidercls = self.crawler_process.spider_loader.load(args[0])
            except KeyError:
                spidercls = None  # Scrapy reports an unknown spider itself
            if spidercls is not None:
                check_spider_arguments(spidercls, opts.spargs)
        super().run(args, opts)
