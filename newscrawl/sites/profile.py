"""Site profiles: what newscrawl knows about one publisher, as data (TOML)."""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newscrawl.normalize.urls import is_http_url
from newscrawl.sites.rules import SiteRule, parse_rules

logger = logging.getLogger(__name__)
# Politeness and extraction settings a profile may override; safety settings
# (private hosts, robots.txt, data directory) stay with whoever runs the crawl.
PROFILE_SETTINGS = frozenset(
    {
        "DOWNLOAD_DELAY", "CONCURRENT_REQUESTS_PER_DOMAIN", "AUTOTHROTTLE_ENABLED", "AUTOTHROTTLE_START_DELAY",
        "AUTOTHROTTLE_MAX_DELAY", "AUTOTHROTTLE_TARGET_CONCURRENCY", "DOWNLOAD_TIMEOUT", "RETRY_TIMES",
        "DEPTH_LIMIT", "NEWSCRAWL_MIN_BODY_WORDS", "NEWSCRAWL_REVISIT_POLICY",
    }
)  # fmt: skip
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class ProfileError(ValueError):
    """A site profile that cannot be used; the message names the file, key and problem."""


@dataclass(frozen=True)
class SiteProfile:
    """One publisher: domains, where to discover articles, and how to tell them apart."""

    name: str
    title: str
    domains: tuple[str, ...]
    start_urls: tuple[str, ...]
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    language: str | None = None
    timezone: str | None = None
    unconfirmed_sources: tuple[str, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)
    rules: tuple[SiteRule, ...] = ()
    path: str = ""


_LIST_KEYS = ("domains", "start_urls", "sitemaps", "feeds", "allow", "deny", "unconfirmed_sources")
_KNOWN_KEYS = {"name", "title", "language", "timezone", "settings", "rules", *_LIST_KEYS}


def _string_list(data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ProfileError(f"{where}: key '{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def parse_profile(data: dict[str, Any], where: str) -> SiteProfile:
    """Validate a profile's TOML data; ``where`` names its file in error messages."""
    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        raise ProfileError(f"{where}: unknown key '{unknown[0]}'")
    name = data.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ProfileError(f"{where}: key 'name' must be lowercase letters, digits or '_' (got {name!r})")
    lists = {key: _string_list(data, key, where) for key in _LIST_KEYS}
    if not lists["domains"]:
        raise ProfileError(f"{where}: key 'domains' must list at least one domain")
    for key in ("start_urls", "sitemaps", "feeds", "unconfirmed_sources"):
        for url in lists[key]:
            if not is_http_url(url):
                raise ProfileError(f"{where}: key '{key}': {url!r} is not an http(s) URL")
    if not (lists["start_urls"] or lists["sitemaps"] or lists["feeds"]):
        raise ProfileError(f"{where}: give at least one of 'start_urls', 'sitemaps' or 'feeds'")
    for key in ("allow", "deny"):
        for pattern in lists[key]:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ProfileError(f"{where}: key '{key}': bad pattern {pattern!r}: {exc}") from exc
    if not isinstance(data.get("settings", {}), dict):
        raise ProfileError(f"{where}: key 'settings' must be a table")
    for key in data.get("settings", {}):
        if key not in PROFILE_SETTINGS:
            raise ProfileError(
                f"{where}: settings.{key} cannot be set by a profile (allowed: {', '.join(sorted(PROFILE_SETTINGS))})"
            )
    try:
        rules = parse_rules(data.get("rules"), where)
    except ValueError as exc:
        raise ProfileError(str(exc)) from None
    for key in ("title", "language", "timezone"):
        if key in data and not isinstance(data[key], str):
            raise ProfileError(f"{where}: key '{key}' must be a string")
    if "timezone" in data:
        try:
            ZoneInfo(data["timezone"])
        except (ValueError, ZoneInfoNotFoundError):
            raise ProfileError(f"{where}: key 'timezone': unknown time zone {data['timezone']!r}") from None
    return SiteProfile(
        name=name,
        title=data.get("title", name),
        language=data.get("language"),
        timezone=data.get("timezone"),
        settings=dict(data.get("settings", {})),
        rules=rules,
        path=where,
        **lists,
    )


def load_profile(path: Path) -> SiteProfile:
    """Read and validate one profile file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: invalid TOML: {exc}") from exc
    return parse_profile(data, str(path))


def bundled_profiles_dir() -> Path:
    """The directory of the profiles shipped with newscrawl."""
    return Path(__file__).resolve().parent


def load_profiles(extra_dirs: list[str] | tuple[str, ...] = ()) -> dict[str, SiteProfile]:
    """All profiles, bundled first, then the user's directories (a later one overrides by name)."""
    profiles: dict[str, SiteProfile] = {}
    bundled = bundled_profiles_dir()
    if not bundled.is_dir():  # inside a zipped egg (scrapyd): the generic news spider only
        logger.warning("Bundled site profiles cannot be read from %s; only the news spider", bundled)
    for directory in (*([bundled] if bundled.is_dir() else []), *map(Path, extra_dirs)):
        if not directory.is_dir():
            raise ProfileError(f"{directory}: site profile directory does not exist")
        for path in sorted(directory.glob("*.toml")):
            profile = load_profile(path)
            if profile.name in profiles:
                logger.warning(
                    "%s replaces site profile %r of %s", path, profile.name, profiles[profile.name].path
                )
            profiles[profile.name] = profile
    return profiles
