"""The generic spider: ``scrapy crawl news -a start_urls=URL[,URL...]``."""

from __future__ import annotations

from typing import Any, ClassVar

from newscrawl.normalize.urls import is_http_url, registered_domain
from newscrawl.spiders.arguments import LIMIT_ARGUMENTS
from newscrawl.spiders.base import ArticleCrawlSpider

USAGE = "the news spider needs -a start_urls=URL[,URL...] (homepage, sitemap or feed)"


def parse_start_urls(value: str | list[str] | None) -> list[str]:
    """The start URLs of ``-a start_urls=URL[,URL...]`` (ValueError, one line, when there are
    none or one is not an http(s) URL)."""
    urls = (value or "").split(",") if not isinstance(value, list) else list(value)
    cleaned = [u.strip() for u in urls if u.strip()]
    if not cleaned:
        raise ValueError(USAGE)
    for url in cleaned:
        if not is_http_url(url):
            raise ValueError(f"start URL {url!r} is not an http(s) URL ({USAGE})")
    return cleaned


class NewsSpider(ArticleCrawlSpider):
    """Crawls any news site from homepage, sitemap or feed URLs; stays on their domains."""

    name = "news"
    accepted_arguments: ClassVar[tuple[str, ...]] = (*LIMIT_ARGUMENTS, "start_urls")

    def __init__(self, *args: Any, start_urls: str | list[str] = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_urls = parse_start_urls(start_urls)
        self.site_domains = tuple(dict.fromkeys(registered_domain(u) for u in self.start_urls))

    @classmethod
    def check_arguments(cls, arguments: dict[str, str]) -> None:
        super().check_arguments(arguments)
        parse_start_urls(arguments.get("start_urls"))
