"""Find the bundled site profile of a URL (for site rules outside a profile's own spider)."""

from __future__ import annotations

from functools import cache

from newscrawl.sites.profile import SiteProfile, load_profiles
from newscrawl.sites.rules import SiteRule
from newscrawl.urls import host_matches


@cache
def _bundled() -> tuple[SiteProfile, ...]:
    return tuple(load_profiles().values())


def profile_for_url(url: str) -> SiteProfile | None:
    """The bundled profile whose domains include the URL's host, if any."""
    return next((p for p in _bundled() if host_matches(url, p.domains)), None)


def rules_for_url(url: str) -> tuple[SiteRule, ...]:
    """The site rules that apply to ``url`` (none for sites without a profile)."""
    profile = profile_for_url(url)
    return profile.rules if profile is not None else ()
