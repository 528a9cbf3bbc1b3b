"""Dates: the one parser of newscrawl (day-first by language, time-zone names, epochs, RFC 2822,
ISO 8601, free text), its floors (nothing before 1990, nothing more than a day ahead), and the
site time zone given to wall-clock times.

Every entry point reads dates here: the page's markup (through extraction), site rules, feed and
sitemap dates (:func:`parse_source_date`) and hints passed to the loader. A numeric date whose
year comes last is read day-first when written with dots ("05.12.2024" is 5 December in every
language that writes it) and, written with slashes or dashes ("05/12/2024"), day-first unless
the language is English without a region or US English (:func:`reads_day_first`).
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as date_parser

from newscrawl.normalize.text import clean_space

__all__ = [
    "FUTURE_SLACK",
    "MIN_YEAR",
    "TZ_OFFSETS",
    "localize_date",
    "normalize_date",
    "parse_date",
    "parse_source_date",
    "reads_day_first",
]

MIN_YEAR = 1990
"""Dates before this year are refused (a default or a typo, not a news date)."""
FUTURE_SLACK = timedelta(days=1)
"""How far ahead of now a date may be (time zones, embargoed publication)."""
MAX_DATE_CHARS = 80
"""Longer text is a sentence, not a date."""

TZ_OFFSETS: dict[str, int] = {
    name: int(hours * 3600)
    for name, hours in {
        "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 1, "WEST": 1, "CET": 1, "MEZ": 1, "CEST": 2,
        "MESZ": 2, "EET": 2, "EEST": 3, "MSK": 3, "TRT": 3, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5,
        "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "JST": 9, "KST": 9,
    }.items()
}  # fmt: skip
"""Time-zone abbreviations read in dates, as UTC offsets in seconds (unambiguous ones only)."""

# Languages (tags) that write a numeric date month first: 12/05/2024 is 5 December.
_MONTH_FIRST = frozenset({"en", "en-us", "en-ph"})
_NUMERIC_YEAR_LAST = re.compile(r"^\d{1,2}\s?([./-])\s?\d{1,2}\s?\1\s?\d{2,4}(?!\d)")
_DATE_LABEL_RE = re.compile(
    r"^(?:(?:last\s+)?(?:published|updated|modified|posted)(?:\s+on)?|on|date)\b\s*:?\s*", re.IGNORECASE
)
_EPOCH_RE = re.compile(r"^\d{10}(?:\d{3})?(?:\.\d+)?$")
_RFC_2822 = re.compile(
    r"^(?:[^\W\d_]{3},\s*)?\d{1,2}\s+[^\W\d_]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s+\S+$"
)
# Two defaults that differ in every component: what the text omits shows up as a difference.
_DEFAULT_A = datetime(2001, 1, 1, 0, 0, 0)
_DEFAULT_B = datetime(2002, 2, 2, 1, 1, 1)


def reads_day_first(text: str, language: str | None = None) -> bool:
    """Whether a numeric date with the year last ("05.12.2024", "05/12/2024") puts the day first.

    Dots: always. Slashes and dashes: unless ``language`` (a tag: "en", "en-US", "de") is
    English without a region or US English, or unknown.

    >>> reads_day_first("05.12.2024"), reads_day_first("05/12/2024", "de")
    (True, True)
    >>> reads_day_first("05/12/2024", "en-US"), reads_day_first("05/12/2024")
    (False, False)
    """
    match = _NUMERIC_YEAR_LAST.match(text)
    if not match:
        return False
    if match.group(1) == ".":
        return True
    tag = (language or "").strip().casefold().replace("_", "-")
    return bool(tag) and tag not in _MONTH_FIRST


def _parse_free_date(text: str, day_first: bool) -> datetime | date | None:
    """Parse with dateutil; a ``date`` when the text has no time; ``None`` when a date part is missing."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unknown time zone names: keep the wall time, naive
        try:
            first = date_parser.parse(text, default=_DEFAULT_A, tzinfos=TZ_OFFSETS, dayfirst=day_first)
            second = date_parser.parse(text, default=_DEFAULT_B, tzinfos=TZ_OFFSETS, dayfirst=day_first)
            first.utcoffset()  # an out-of-range offset (+99:00) only fails here
        except (ValueError, OverflowError, TypeError):
            return None
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None  # "December 2024", "Monday": not a full date
    if first.hour != second.hour:
        return first.date()
    if first.minute != second.minute:
        first = first.replace(minute=0)
    if first.second != second.second:
        first = first.replace(second=0)
    return first


def parse_date(value: Any, *, language: str | None = None) -> datetime | date | None:
    """A ``datetime`` (with the offset the text gives, else naive) or a ``date`` (no time given)
    from a raw value: a string in any common format, an epoch, a ``date``; ``None`` when unreadable
    or incomplete. No floors here (see :func:`normalize_date`).

    >>> parse_date("05.12.2024")
    datetime.date(2024, 12, 5)
    >>> parse_date("05/12/2024", language="en")
    datetime.date(2024, 5, 12)
    """
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = clean_space(value)
    if not text or len(text) > MAX_DATE_CHARS:
        return None
    if _EPOCH_RE.match(text):
        seconds = float(text) / (1000 if len(text.split(".")[0]) == 13 else 1)
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    text = _DATE_LABEL_RE.sub("", text)
    if "T" not in text and ":" not in text:
        try:
            return date.fromisoformat(text)  # "2024-12-30", "20241230"
        except ValueError:
            pass
    try:
        moment = datetime.fromisoformat(text)  # ISO 8601, "Z" included
        moment.utcoffset()
        return moment
    except ValueError:
        pass
    if _RFC_2822.match(text):
        try:
            return parsedate_to_datetime(text)  # RFC 2822 (feeds, HTTP headers)
        except (TypeError, ValueError, IndexError):
            pass
    return _parse_free_date(text, reads_day_first(text, language))


def _fixed_offset(moment: datetime) -> datetime | None:
    """``moment`` with a plain UTC offset (``timezone``) instead of a zone object; "Z" as UTC."""
    if moment.tzinfo is None:
        return moment
    try:
        offset = moment.utcoffset()
    except (ValueError, OverflowError):
        return None
    if offset is None:
        return moment.replace(tzinfo=None)
    return moment.replace(tzinfo=UTC if offset == timedelta(0) else timezone(offset))


def normalize_date(
    value: Any,
    *,
    language: str | None = None,
    zone: str | None = None,
    now: datetime | None = None,
) -> str | None:
    """ISO 8601, keeping the page's own UTC offset; a date stays a date.

    ``language`` decides how "05/12/2024" reads (:func:`reads_day_first`); ``zone`` (an IANA
    name, the site's time zone) is given to a wall-clock time without offset
    (:func:`localize_date`). Unparseable values, dates before 1990 and dates more than a day
    after ``now`` (default: the current UTC time) give ``None``. "Z" becomes "+00:00";
    fractions of a second are dropped.

    >>> normalize_date("2024-12-30T12:15:00.123+03:00")
    '2024-12-30T12:15:00+03:00'
    >>> normalize_date("Mon, 30 Dec 2024 09:15:00 GMT")
    '2024-12-30T09:15:00+00:00'
    >>> normalize_date("30 December 2024"), normalize_date("05.12.2024", language="de")
    ('2024-12-30', '2024-12-05')
    >>> normalize_date("2024-12-30 09:15", zone="Europe/Berlin")
    '2024-12-30T09:15:00+01:00'
    >>> normalize_date("next Tuesday") is None
    True
    """
    parsed = parse_date(value, language=language)
    if parsed is None or parsed.year < MIN_YEAR:
        return None
    current = now or datetime.now(UTC)
    if current.tzinfo is None:
        current = current.replace(tzinfo=UTC)
    if isinstance(parsed, datetime):
        fixed = _fixed_offset(parsed)
        if fixed is None:
            return None
        aware = fixed if fixed.tzinfo else fixed.replace(tzinfo=UTC)
        try:
            if aware - current > FUTURE_SLACK:
                return None
        except OverflowError:
            return None
        return localize_date(fixed.replace(microsecond=0).isoformat(), zone)
    if parsed - current.date() > FUTURE_SLACK:
        return None
    return parsed.isoformat()


def localize_date(value: str | None, zone: str | None) -> str | None:
    """Give an ISO date-time without UTC offset the offset of ``zone`` (the site's own zone);
    anything else is returned as it is.

    >>> localize_date("2025-07-01T09:30:00", "Europe/Berlin")
    '2025-07-01T09:30:00+02:00'
    >>> localize_date("2025-07-01T09:30:00+00:00", "Europe/Berlin")
    '2025-07-01T09:30:00+00:00'
    >>> localize_date("2025-07-01", "Europe/Berlin")
    '2025-07-01'
    """
    if not value or not zone or "T" not in value:
        return value
    try:
        moment = datetime.fromisoformat(value)
        tz = ZoneInfo(zone)
    except (ValueError, ZoneInfoNotFoundError):
        return value
    if moment.tzinfo is not None:
        return value
    return moment.replace(tzinfo=tz).isoformat()


def parse_source_date(text: str | None, *, language: str | None = None) -> datetime | None:
    """A sitemap or feed date (W3C datetime, RFC 822, ISO 8601, or any form :func:`parse_date`
    reads) as a ``datetime`` (a day alone at midnight, without offset); ``None`` when unreadable
    or before 1990.

    >>> parse_source_date("2024-12-30T09:15:00+00:00").isoformat()
    '2024-12-30T09:15:00+00:00'
    >>> parse_source_date("Mon, 30 Dec 2024 09:15:00 GMT").isoformat()
    '2024-12-30T09:15:00+00:00'
    >>> parse_source_date("05.12.2024").isoformat()
    '2024-12-05T00:00:00'
    >>> parse_source_date("yesterday") is None, parse_source_date("2024-01-01T00:00:00+99:00") is None
    (True, True)
    """
    parsed = parse_date(text, language=language)
    if parsed is None or parsed.year < MIN_YEAR:
        return None
    if not isinstance(parsed, datetime):
        return datetime(parsed.year, parsed.month, parsed.day)
    return _fixed_offset(parsed)
