"""User-Agent with the operator's contact, so site owners can reach whoever crawls them."""

from __future__ import annotations

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.useragent import UserAgentMiddleware


def build_user_agent(base: str, contact: str) -> str:
    """Append ``contact`` to the User-Agent string.

    >>> build_user_agent("newscrawl/0.1", "ops@example.org")
    'newscrawl/0.1 (contact: ops@example.org)'
    """
    return f"{base} (contact: {contact})" if contact else base


class ContactUserAgentMiddleware(UserAgentMiddleware):
    """Scrapy's UserAgentMiddleware, with ``NEWSCRAWL_CONTACT`` appended."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ContactUserAgentMiddleware:
        settings = crawler.settings
        agent = build_user_agent(settings.get("USER_AGENT"), settings.get("NEWSCRAWL_CONTACT") or "")
        middleware = cls(agent)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware
