"""What a sitemap or feed says about one URL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from dateutil import parser as date_parser


@dataclass(frozen=True)
class SourceEntry:
    """One URL listed by a sitemap or feed, with the dates and title it gives."""

    url: str
    published: datetime | None = None
    modified: datetime | None = None
    title: str | None = None
    keywords: tuple[str, ...] = field(default_factory=tuple)

    @property
    def newest_date(self) -> datetime | None:
        """The most recent date known for the entry (used for newest-first ordering)."""
        dates = [d for d in (self.published, self.modified) if d is not None]
        return max(dates, key=_sort_key) if dates else None


def _sort_key(value: datetime) -> float:
    return value.timestamp() if value.tzinfo else value.replace(tzinfo=None).timestamp()


# Date parts a text leaves out come from here; year 1 marks "no usable date".
_NO_DEFAULT = datetime(1, 1, 1)


def parse_source_date(text: str | None) -> datetime | None:
    """Parse a sitemap/feed date (W3C datetime, RFC 822 or ISO 8601); None when unreadable.

    >>> parse_source_date("2024-12-30T09:15:00+00:00").isoformat()
    '2024-12-30T09:15:00+00:00'
    >>> parse_source_date("Mon, 30 Dec 2024 09:15:00 GMT").isoformat()
    '2024-12-30T09:15:00+00:00'
    >>> parse_source_date("yesterday") is None
    True
    >>> parse_source_date("2024-01-01T00:00:00+99:00") is None
    True
    """
    if not text or not text.strip():
        return None
    try:
        moment = date_parser.parse(text.strip(), default=_NO_DEFAULT)
        moment.isoformat()  # an out-of-range offset (+99:00) only fails here
        moment.utcoffset()
    except (ValueError, OverflowError):
        return None
    if moment.year < 1990:  # also catches parts the text did not give (filled from _NO_DEFAULT)
        return None
    return moment
