"""Log lines that stay readable in cron logs: a dropped item is named by its URL, not dumped."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import exceptions, logformatter, signals
from scrapy.http import Response
from scrapy.spiders import Spider
from twisted.internet import error
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


ROBOTS_LOGGER = "scrapy.downloadermiddlewares.robotstxt"


class RobotsFetchErrors(logging.Filter):
    """A robots.txt that could not be fetched (refused, timed out, unresolvable) is logged by
    Scrapy as an error with its traceback; the site is then crawled as if it had none. This
    filter makes that one warning line: the traceback of a network error says nothing more."""

    def filter(self, record: logging.LogRecord) -> bool:
        raised = record.exc_info[1] if record.exc_info else None
        if raised is not None and _is_network_error(raised):
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.msg = f"{record.msg} (robots.txt not fetched: crawled as if the site had none)"
        return True


def _is_network_error(error: BaseException) -> bool:
    """Scrapy's download errors and the Twisted ones they wrap (not a bug in a component)."""
    return isinstance(error, _NETWORK_ERRORS)


_NETWORK_ERRORS = (
    exceptions.CannotResolveHostError,
    exceptions.DownloadConnectionRefusedError,
    exceptions.DownloadFailedError,
    exceptions.DownloadTimeoutError,
    error.ConnectError,
    error.DNSLookupError,
    error.TimeoutError,
)


class QuietRobotsFetchErrors:
    """Installs :class:`RobotsFetchErrors` on Scrapy's robots.txt logger while the spider runs.

    The filter changes the record itself: every handler sees the warning line, and Scrapy counts
    it in ``log_count/WARNING``, not ``log_count/ERROR``."""

    def __init__(self) -> None:
        self.filter = RobotsFetchErrors()

    @classmethod
    def from_crawler(cls, crawler: Any) -> QuietRobotsFetchErrors:
        extension = cls()
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        logging.getLogger(ROBOTS_LOGGER).addFilter(self.filter)  # added once: filters are a set

    def spider_closed(self) -> None:
        logging.getLogger(ROBOTS_LOGGER).removeFilter(self.filter)
