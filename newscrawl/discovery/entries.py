"""What a sitemap or feed says about one URL. Its dates are read by
:func:`newscrawl.normalize.dates.parse_source_date` (the one date parser)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
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
