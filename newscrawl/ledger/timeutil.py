"""Datetime <-> integer conversions used by ledger backends (UTC epoch seconds)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime


def utc(dt: datetime) -> datetime:
    """``dt`` as an aware UTC datetime (naive means UTC)."""
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def to_epoch(value: datetime | str | None) -> int | None:
    """Epoch seconds of a datetime or ISO 8601 string (a bare date is midnight UTC)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return int(utc(value).timestamp())


def from_epoch(value: int | None) -> datetime | None:
    """Aware UTC datetime of epoch seconds."""
    return None if value is None else datetime.fromtimestamp(value, UTC)


def at_epoch(value: int) -> datetime:
    """Aware UTC datetime of epoch seconds (never None)."""
    return datetime.fromtimestamp(value, UTC)


def now_epoch(now: datetime | None = None) -> int:
    """Epoch seconds of ``now`` (default: the current time)."""
    return int(utc(now).timestamp()) if now is not None else int(datetime.now(UTC).timestamp())


def http_date_to_stored(value: str | None) -> int | str | None:
    """A ``Last-Modified`` header as epoch seconds, or the raw text when it does not parse."""
    if not value:
        return None
    try:
        return int(utc(parsedate_to_datetime(value)).timestamp())
    except (TypeError, ValueError, IndexError):
        return value


def stored_to_http_date(value: int | str | None) -> str | None:
    """The stored ``Last-Modified`` back as an IMF-fixdate (``Wed, 21 Oct 2015 07:28:00 GMT``)."""
    if value is None or isinstance(value, str):
        return value
    return format_datetime(datetime.fromtimestamp(value, UTC), usegmt=True)
