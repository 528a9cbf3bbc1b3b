"""Site profiles (TOML files in this directory) and their loader."""

from __future__ import annotations

from newscrawl.sites.profile import ProfileError, SiteProfile, load_profile, load_profiles

__all__ = ["ProfileError", "SiteProfile", "load_profile", "load_profiles"]
