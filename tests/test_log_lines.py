"""Log lines of a crawl that stay one line: a robots.txt that cannot be fetched."""

from __future__ import annotations

import logging

import pytest
from scrapy.exceptions import DownloadConnectionRefusedError
from twisted.internet.error import DNSLookupError

from newscrawl.extensions.logformatter import ROBOTS_LOGGER, QuietRobotsFetchErrors


def log_robots_error(exception: Exception) -> None:
    """What Scrapy's robots.txt middleware logs when the robots.txt download raises."""
    try:
        raise exception
    except Exception as exc:
        logging.getLogger(ROBOTS_LOGGER).error(
            "Error downloading %(request)s: %(f_exception)s",
            {"request": "<GET http://news.example/>", "f_exception": exc},
            exc_info=True,
        )


def test_a_network_error_fetching_robots_txt_is_one_warning_line(caplog: pytest.LogCaptureFixture) -> None:
    extension = QuietRobotsFetchErrors()
    extension.spider_opened()
    with caplog.at_level(logging.INFO, logger=ROBOTS_LOGGER):
        log_robots_error(DownloadConnectionRefusedError("Connection was refused by other side"))
        log_robots_error(DNSLookupError("news.example"))
        log_robots_error(ValueError("a bug in a component"))  # keeps its traceback
        extension.spider_closed()
        log_robots_error(DownloadConnectionRefusedError("after the crawl"))
    refused, unresolved, bug, after = caplog.records
    for record in (refused, unresolved):
        assert record.levelname == "WARNING" and record.exc_info is None
        assert "crawled as if the site had none" in record.getMessage()
    assert "Traceback" not in caplog.text.split("a bug in a component")[0]
    assert bug.levelname == "ERROR" and bug.exc_info is not None
    assert after.levelname == "ERROR" and after.exc_info is not None  # the filter left with the crawl
