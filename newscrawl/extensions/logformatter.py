"""Log lines that stay readable in cron logs: a dropped item is named by its URL, not dumped."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import logformatter
from scrapy.http import Response
from scrapy.spiders import Spider
from twisted.python.failure import Failure


class NewsLogFormatter(logformatter.LogFormatter):
    """Scrapy's log formatter; drops and scraped items are logged without the whole record."""

    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider | None = None,
    ) -> logformatter.LogFormatterResult:
        level = getattr(exception, "log_level", None) or "WARNING"
        return {
            "level": logging.getLevelName(level) if isinstance(level, str) else level,
            "msg": "Dropped: %(exception)s",
            "args": {"exception": exception},
        }

    def scraped(
        self, item: Any, response: Response | Failure | None, spider: Spider | None = None
    ) -> logformatter.LogFormatterResult:
        url = item.get("url") if isinstance(item, dict) else getattr(item, "url", None)
        return {"level": logging.DEBUG, "msg": "Scraped %(url)s", "args": {"url": url}}
