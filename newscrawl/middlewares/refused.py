"""Downloads newscrawl ends on purpose, each with the reject reason it becomes."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest


class RefusedDownload(IgnoreRequest):
    """A request that cannot end in a page; ``reason`` is the reject's reason (see
    :func:`newscrawl.spiders.failures.classify_failure`)."""

    reason = "refused"


class RedirectLoop(RefusedDownload):
    """A redirect back to a URL of the same redirect chain."""

    reason = "redirect_loop"


class RedirectLimit(RefusedDownload):
    """A redirect chain longer than ``REDIRECT_MAX_TIMES``."""

    reason = "redirect_limit"


class ResponseTooLarge(RefusedDownload):
    """More bytes than ``DOWNLOAD_MAXSIZE`` arrived (a response without Content-Length, or one
    that sent more than it announced)."""

    reason = "response_too_large"
