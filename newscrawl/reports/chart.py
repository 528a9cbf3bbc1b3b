"""Inline SVG bar charts of articles by publication day and hour (no script, no external file)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from html import escape
from typing import Any

MAX_DAYS = 62  # a longer span is shown by month
MAX_MONTHS = 48


def publication_moments(records: Iterable[dict[str, Any]]) -> tuple[Counter[date], Counter[int]]:
    """(articles per publication day, articles per UTC hour of day for dates that have a time)."""
    days: Counter[date] = Counter()
    hours: Counter[int] = Counter()
    for record in records:
        value = record.get("date_published")
        if not isinstance(value, str) or not value:
            continue
        try:
            if len(value) == 10:
                days[date.fromisoformat(value)] += 1
                continue
            moment = datetime.fromisoformat(value)
        except ValueError:
            continue
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC)
        days[moment.date()] += 1
        hours[moment.hour] += 1
    return days, hours


def day_bars(days: Counter[date]) -> list[tuple[str, int]]:
    """One bar per day from the first to the last publication day; per month when that spans
    more than ``MAX_DAYS`` days (the last ``MAX_MONTHS`` months)."""
    if not days:
        return []
    first, last = min(days), max(days)
    if (last - first).days < MAX_DAYS:
        return [
            (str(first + timedelta(n)), days[first + timedelta(n)]) for n in range((last - first).days + 1)
        ]
    months: Counter[str] = Counter()
    for day, n in days.items():
        months[f"{day:%Y-%m}"] += n
    end = last.year * 12 + last.month - 1
    start = max(first.year * 12 + first.month - 1, end - MAX_MONTHS + 1)
    labels = [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(start, end + 1)]
    return [(label, months[label]) for label in labels]


def hour_bars(hours: Counter[int]) -> list[tuple[str, int]]:
    return [(f"{h:02d}", hours[h]) for h in range(24)]


def svg_bar_chart(name: str, title: str, bars: list[tuple[str, int]], width: int = 760) -> str:
    """A bar chart as inline SVG; each bar carries its label and value (``data-*``, ``<title>``)."""
    height, top, bottom, left = 220, 28, 46, 36
    plot_h = height - top - bottom
    peak = max((v for _, v in bars), default=0) or 1
    step = (width - left - 8) / max(len(bars), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="{escape(name)}"'
        f' width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img"'
        f' aria-label="{escape(title)}">',
        f'<text x="{left}" y="18" class="chart-title">{escape(title)}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" class="axis"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" class="tick">{peak}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" class="tick">0</text>',
    ]
    label_every = max(1, len(bars) // 16)
    for i, (label, value) in enumerate(bars):
        bar_h = plot_h * value / peak
        x = left + i * step
        parts.append(
            f'<rect class="bar" x="{x + 1:.1f}" y="{top + plot_h - bar_h:.1f}" width="{max(step - 2, 1):.1f}"'
            f' height="{bar_h:.1f}" data-label="{escape(label)}" data-value="{value}">'
            f"<title>{escape(label)}: {value}</title></rect>"
        )
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{top + plot_h + 14}" text-anchor="middle"'
                f' class="tick">{escape(label[-5:] if len(label) == 10 else label)}</text>'
            )
    if not any(value for _, value in bars):
        parts.append(f'<text x="{width / 2}" y="{top + plot_h / 2}" text-anchor="middle">no dates</text>')
    parts.append("</svg>")
    return "".join(parts)
