"""Spider arguments, checked once: the crawl limits (``since``, ``until``, ``max_articles``) and
the names a spider accepts.

The date window has one meaning everywhere: **an article is in the window when its publication
day lies in ``[since, until]``** (both inclusive, either open; a page whose publication date is
unknown is in the window). Before download, a sitemap or feed entry is skipped only when its
dates prove the article outside: a publication date outside the window, or (no publication date
given) a ``lastmod`` before ``since`` (an article is never modified before it is published).
After extraction, the validate pipeline applies the same rule to ``date_published``. So the
spider never fetches a page only for validation to reject it by date, and it never skips one
that validation would accept.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

LIMIT_ARGUMENTS = ("since", "until", "max_articles")
"""The arguments every newscrawl spider takes."""


def parse_day(value: str | None, argument: str) -> date | None:
    """Parse a ``since``/``until`` spider argument (ISO date or datetime).

    >>> parse_day("2025-01-31T10:00:00Z", "until")
    datetime.date(2025, 1, 31)
    """
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise ValueError(f"spider argument {argument}={value!r} is not an ISO date (YYYY-MM-DD)") from exc


def parse_count(value: str | int | None, argument: str) -> int | None:
    """Parse a positive whole-number spider argument such as ``max_articles``."""
    if value in (None, ""):
        return None
    try:
        number = int(str(value))
    except ValueError:
        raise ValueError(f"spider argument {argument}={value!r} is not a whole number") from None
    if number < 1:
        raise ValueError(f"spider argument {argument}={value!r} must be at least 1")
    return number


def check_argument_names(spider: str, given: Iterable[str], accepted: Iterable[str]) -> None:
    """ValueError naming the first argument the spider does not take (a misspelling, usually).

    Names starting with ``_`` are left alone: schedulers such as scrapyd pass ``_job``.
    """
    known = sorted(accepted)
    for name in given:
        if name.startswith("_") or name in known:
            continue
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise ValueError(
            f"unknown spider argument {name!r}: {hint}the {spider} spider takes {', '.join(known)}"
        )


@dataclass(frozen=True)
class CrawlLimits:
    """What a run may write: the publication-date window and the number of articles."""

    since: date | None = None
    until: date | None = None
    max_articles: int | None = None

    @classmethod
    def parse(cls, arguments: Mapping[str, Any]) -> CrawlLimits:
        """The limits of the spider arguments ``since``, ``until``, ``max_articles`` (ValueError
        with a one-line message when one is malformed or since is after until)."""
        limits = cls(
            since=parse_day(arguments.get("since"), "since"),
            until=parse_day(arguments.get("until"), "until"),
            max_articles=parse_count(arguments.get("max_articles"), "max_articles"),
        )
        if limits.since and limits.until and limits.since > limits.until:
            raise ValueError(
                f"spider arguments since={limits.since} and until={limits.until}: since is after until"
            )
        return limits

    def as_arguments(self) -> dict[str, str]:
        """The limits given, as the spider arguments that set them."""
        values = {"since": self.since, "until": self.until, "max_articles": self.max_articles}
        return {name: str(value) for name, value in values.items() if value is not None}

    # --- the date window ------------------------------------------------------------------
    def day_in_window(self, day: date) -> bool:
        """Whether a publication day lies in ``[since, until]``."""
        return not ((self.since and day < self.since) or (self.until and day > self.until))

    def published_in_window(self, published: str | None) -> bool:
        """Whether an article's ``date_published`` (ISO 8601) is in the window (unknown: yes).

        >>> CrawlLimits(since=date(2025, 1, 1)).published_in_window("2024-12-31T23:00:00+00:00")
        False
        """
        if not published or not (self.since or self.until):
            return True
        try:
            return self.day_in_window(date.fromisoformat(published[:10]))
        except ValueError:
            return True

    def entry_may_be_in_window(self, published: datetime | None, modified: datetime | None) -> bool:
        """Whether a sitemap or feed entry may list an article published in the window.

        Its publication date decides when it has one; otherwise a ``lastmod`` before ``since``
        rules it out (the article was published on or before that day).
        """
        if published is not None:
            return self.day_in_window(published.date())
        return not self.modified_before_window(modified)

    def modified_before_window(self, modified: datetime | None) -> bool:
        """Whether a ``lastmod`` (of an entry or of a child sitemap) is before ``since``: all it
        lists was published before the window."""
        return bool(modified and self.since and modified.date() < self.since)

    # --- the article count ---------------------------------------------------------------
    def allows_more(self, written: int) -> bool:
        """Whether another article may be written after ``written`` ones."""
        return self.max_articles is None or written < self.max_articles
