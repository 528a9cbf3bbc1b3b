"""The generic spider: ``scrapy crawl news -a start_urls=URL[,URL...]``."""

from __future__ import annotations

from typing import Any

from newscrawl.spiders.base import ArticleCrawlSpider
from newscrawl.urls import registered_domain


class NewsSpider(ArticleCrawlSpider):
    """Crawls any news site from homepage, sitemap or feed URLs; stays on their domains."""

    name = "news"

    def __init__(self, *args: Any, start_urls: str | list[str] = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        urls = start_urls.split(",") if isinstance(start_urls, str) else list(start_urls)
        self.start_urls = [u.strip() for u in urls if u.strip()]
        if not self.start_urls:
            raise ValueError("the news spider needs -a start_urls=URL[,URL...] (homepage, sitemap or feed)")
        for url in self.start_urls:
            if not url.lower().startswith(("http://", "https://")):
                raise ValueError(f"start URL {url!r} is not an http(s) URL")
        self.site_domains = tuple(dict.fromkeys(registered_domain(u) for u in self.start_urls))
