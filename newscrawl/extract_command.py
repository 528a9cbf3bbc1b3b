"""``newscrawl extract FILE --url URL``: one page's record, as ``scrapy crawl`` would write it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newscrawl.normalize.loader import PageHints
    from newscrawl.sites.rules import SiteRule


def add_extract_command(sub: argparse._SubParsersAction) -> None:
    """The ``extract`` subcommand and its page hints."""
    extract = sub.add_parser("extract", help="extract one article page; print its fields as one JSON line")
    extract.add_argument("file", help="HTML file, or - for standard input")
    extract.add_argument("--url", required=True, help="the page's URL (resolves links, names the site)")
    extract.add_argument(
        "--sites-dir",
        action="append",
        metavar="DIR",
        help="also use the site profiles (and their rules) in DIR; may be repeated",
    )
    hints = extract.add_argument_group(
        "page hints", "what a crawl knows of the page besides its HTML; scrapy crawl passes the same"
    )
    hints.add_argument("--site", metavar="NAME", help="site profile: its name, time zone, language and rules")
    hints.add_argument("--title", help="the feed or sitemap title (used when the page has no headline)")
    hints.add_argument("--published", metavar="DATE", help="the feed or sitemap publication date")
    hints.add_argument("--keywords", metavar="A,B", help="the feed or sitemap keywords (comma-separated)")
    hints.add_argument(
        "--hint-source",
        choices=("sitemap", "feed"),
        default="sitemap",
        help="where --title/--published/--keywords come from (their provenance; default sitemap)",
    )
    hints.add_argument("--timezone", metavar="ZONE", help="IANA time zone given to dates without offset")
    hints.add_argument("--language", metavar="TAG", help="language to read numeric dates in (e.g. de)")
    extract.set_defaults(func=_cmd_extract)


def _cmd_extract(args: argparse.Namespace) -> int:
    from newscrawl.api import extract_with_page_type
    from newscrawl.normalize.urls import is_http_url
    from newscrawl.sites.profile import ProfileError
    from newscrawl.sites.registry import rules_for_url

    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as exc:
        print(f"newscrawl extract: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    if not is_http_url(args.url):
        print(f"newscrawl extract: --url {args.url!r} is not an http(s) URL with a host", file=sys.stderr)
        return 2
    try:  # the profiles first: a bad one is reported, not turned into an empty record
        rules = rules_for_url(args.url, tuple(args.sites_dir or ()))
        hints, site_rules = _extract_hints(args)
    except (ProfileError, ValueError) as exc:
        print(f"newscrawl extract: {exc}", file=sys.stderr)
        return 2
    data = _render_demo_template(data, args.url)
    record, result = extract_with_page_type(
        data, args.url, rules=rules if site_rules is None else site_rules, hints=hints
    )
    print(f"newscrawl extract: page type: {result.page_type} ({result.page_type_reason})", file=sys.stderr)
    try:
        print(json.dumps(record, ensure_ascii=False))
    except BrokenPipeError:  # e.g. piped into head
        sys.stderr.close()
    return 0


def _extract_hints(args: argparse.Namespace) -> tuple[PageHints, tuple[SiteRule, ...] | None]:
    """The page hints ``newscrawl extract`` was given, and the rules of its ``--site`` profile
    (None without one), as ``scrapy crawl <site>`` would use them; ValueError for a bad one."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from newscrawl.normalize.dates import normalize_date
    from newscrawl.normalize.language import language_tag, normalize_language
    from newscrawl.normalize.loader import PageHints
    from newscrawl.sites.profile import load_profiles

    site: str | None = None
    timezone: str | None = None
    language: str | None = None
    rules: tuple[SiteRule, ...] | None = None
    if args.site:
        profiles = load_profiles(tuple(args.sites_dir or ()))
        if args.site not in profiles:
            raise ValueError(f"no site profile named {args.site!r} (see newscrawl sites)")
        profile = profiles[args.site]
        site, timezone, language, rules = profile.name, profile.timezone, profile.language, profile.rules
    timezone = args.timezone or timezone
    if timezone:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"--timezone: unknown time zone {timezone!r}") from None
    if args.language and normalize_language(args.language) is None:
        raise ValueError(f"--language: not a language tag or name {args.language!r} (e.g. de, pt-BR)")
    language = args.language or language
    # read as the loader reads it when the page declares no language of its own
    if (
        args.published
        and normalize_date(args.published, language=language_tag(language), zone=timezone) is None
    ):
        raise ValueError(
            f"--published: not a date {args.published!r} (ISO 8601 or an RFC 822 date, not after tomorrow)"
        )
    keywords = tuple(k.strip() for k in (args.keywords or "").split(",") if k.strip())
    hints = PageHints(
        title=args.title,
        published=args.published,
        keywords=keywords,
        source=args.hint_source,
        timezone=timezone,
        language=language,
        site=site,
    )
    return hints, rules


def _render_demo_template(data: bytes, url: str) -> bytes:
    """A page of the bundled demo site is a template: fill in its ``{{BASE}}`` as the demo server
    does (with the origin of ``url``), so that its links and canonical URL resolve."""
    from urllib.parse import urlsplit

    from newscrawl.demo.server import BASE_PLACEHOLDER

    if BASE_PLACEHOLDER not in data:
        return data
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    print(f"newscrawl extract: a demo site template: {{{{BASE}}}} read as {origin}", file=sys.stderr)
    return data.replace(BASE_PLACEHOLDER, origin.encode("ascii", "replace"))
