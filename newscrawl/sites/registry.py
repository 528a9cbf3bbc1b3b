"""Find the site profile of a URL (for site rules outside a profile's own spider): a bundled
one, or one from the extra profile directories given."""

from __future__ import annotations

from functools import cache

from newscrawl.normalize.urls import host_matches
from newscrawl.sites.profile import SiteProfile, load_profiles
from newscrawl.sites.rules import SiteRule


@cache
def _profiles(extra_dirs: tuple[str, ...] = ()) -> tuple[SiteProfile, ...]:
    return tuple(load_profiles(extra_dirs).values())


def profile_for_url(url: str, extra_dirs: tuple[str, ...] = ()) -> SiteProfile | None:
    """The profile whose domains include the URL's host, if any (raises ProfileError for a bad
    profile in ``extra_dirs``)."""
    return next((p for p in _profiles(extra_dirs) if host_matches(url, p.domains)), None)


def rules_for_url(url: str, extra_dirs: tuple[str, ...] = ()) -> tuple[SiteRule, ...]:
    """The site rules that apply to ``url`` (none for sites without a profile)."""
    profile = profile_for_url(url, extra_dirs)
    return profile.rules if profile is not None else ()
