"""Spiders made from site profiles: ``scrapy crawl <profile name>``."""

from __future__ import annotations

from typing import Any, ClassVar

from newscrawl.sites import SiteProfile
from newscrawl.sites.rules import SiteRule
from newscrawl.spiders.base import ArticleCrawlSpider


class SiteSpider(ArticleCrawlSpider):
    """Crawls one publisher as its profile describes (subclassed per profile by the spider loader)."""

    profile: ClassVar[SiteProfile]

    def initial_urls(self) -> list[str]:
        return list(self.profile.start_urls)

    def rules_for(self, url: str) -> tuple[SiteRule, ...]:
        """The profile's own rules (user profiles included)."""
        return self.profile.rules

    @classmethod
    def for_profile(cls, profile: SiteProfile) -> type[SiteSpider]:
        """A spider class named after the profile, carrying its sources and rules."""
        attributes: dict[str, Any] = {
            "name": profile.name,
            "profile": profile,
            "site_name": profile.name,
            "site_timezone": profile.timezone,
            "site_language": profile.language,
            "site_domains": profile.domains,
            "start_sitemaps": profile.sitemaps,
            "start_feeds": profile.feeds,
            "allow_patterns": profile.allow,
            "deny_patterns": profile.deny,
            "custom_settings": dict(profile.settings),
            "__module__": __name__,
            "__doc__": f"Crawls {profile.title} ({', '.join(profile.domains)}).",
        }
        class_name = "".join(part.title() for part in profile.name.split("_")) + "Spider"
        return type(class_name, (cls,), attributes)
