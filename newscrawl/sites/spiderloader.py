"""Spider loader: the spiders in ``SPIDER_MODULES`` plus one spider per site profile."""

from __future__ import annotations

from scrapy.settings import BaseSettings
from scrapy.spiderloader import SpiderLoader

from newscrawl.sites import load_profiles
from newscrawl.sites.profile import ProfileError
from newscrawl.spiders.site import SiteSpider


class NewsSpiderLoader(SpiderLoader):
    """Adds a spider for every bundled profile and every profile in ``NEWSCRAWL_SITES_DIRS``."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        try:
            profiles = load_profiles(settings.getlist("NEWSCRAWL_SITES_DIRS"))
        except ProfileError as exc:  # the file, key and problem; a traceback would only hide them
            raise SystemExit(f"newscrawl: bad site profile: {exc}") from exc
        for name, profile in profiles.items():
            if name in self._spiders:
                raise ValueError(f"{profile.path}: site name {name!r} is already a spider")
            self._spiders[name] = SiteSpider.for_profile(profile)
