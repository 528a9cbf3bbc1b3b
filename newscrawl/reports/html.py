"""One self-contained HTML file about a run: inline CSS and SVG, nothing fetched when viewed."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from newscrawl.reports.chart import day_bars, hour_bars, publication_moments, svg_bar_chart
from newscrawl.reports.runs import SiteHistory, read_records, site_history

# A field whose coverage falls this far (in share of articles) below its mean over the
# previous runs of the site is highlighted as a drop.
COVERAGE_DROP = 0.10

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:980px;
color:#1d2330;background:#fff;padding:0 16px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid #e3e7ef}
.meta{color:#5b6475;margin:0 0 12px}.status-ok{color:#17733b;font-weight:600}
.status-failed{color:#b3261e;font-weight:600}table{border-collapse:collapse;margin:4px 0 8px}
th,td{padding:4px 12px;border-bottom:1px solid #e3e7ef;text-align:left}td.n,th.n{text-align:right}
tr.drop td{background:#fde2df;color:#8c1d18;font-weight:600}.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{background:#f1f4f9;border-radius:8px;padding:10px 16px;min-width:130px}
.card b{display:block;font-size:26px;color:#1f4e9c}.card span{color:#5b6475;font-size:13px}
svg.chart{background:#f8fafc;border:1px solid #e3e7ef;border-radius:6px;margin:6px 0}
.bar{fill:#2f6fd6}.axis{stroke:#8a93a6}.tick{font-size:10px;fill:#5b6475}.chart-title{font-size:13px;font-weight:600}
.empty{color:#5b6475;font-style:italic}
"""

_CARDS = (
    ("pages_fetched", "pages fetched"),
    ("articles_written", "articles written"),
    ("duplicates_total", "duplicates"),
    ("rejects", "rejects"),
    ("non_article_pages", "non-article pages"),
)


def _table(headers: list[str], rows: list[list[Any]], cls: str, row_classes: list[str] | None = None) -> str:
    if not rows:
        return f'<p class="empty {cls}">none</p>'
    head = "".join(f'<th class="{"n" if i else ""}">{escape(h)}</th>' for i, h in enumerate(headers))
    body = []
    for n, row in enumerate(rows):
        extra = f' class="{row_classes[n]}"' if row_classes and row_classes[n] else ""
        cells = "".join(
            f'<td class="{"n" if i else ""}">{escape(str(value))}</td>' for i, value in enumerate(row)
        )
        body.append(f"<tr{extra}>{cells}</tr>")
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _reasons(counts: dict[str, int], cls: str) -> str:
    rows = [[reason, n] for reason, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return _table(["reason", "count"], rows, cls)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def coverage_section(history: SiteHistory) -> str:
    """The site's field coverage beside the mean of its previous runs; drops highlighted."""
    rows, classes = [], []
    for field, share in history.coverage.items():
        before = history.baseline(field)
        change = "" if before is None else f"{(share - before) * 100:+.0f} pts"
        dropped = before is not None and share < before - COVERAGE_DROP
        rows.append([field, _pct(share), _pct(before), change + (" ▼ drop" if dropped else "")])
        classes.append("drop" if dropped else "")
    runs = len(history.previous)
    note = f"against the mean of the {runs} previous run(s) of this site" if runs else "no previous run"
    return (
        f'<h3 data-site="{escape(history.site)}">{escape(history.site)} <small>({note})</small></h3>'
        + _table(["field", "this run", "previous runs", "change"], rows, "coverage", classes)
    )


def render_html(manifest: dict[str, Any], data_dir: Path, site: str | None = None) -> str:
    """The HTML report of one run (of one of its sites, when ``site`` is given)."""
    counts = manifest.get("counts", {})
    records = read_records(data_dir, manifest["run_id"], site)
    by_site = counts.get("by_site", {})
    sites = [site] if site else sorted(by_site)
    figures = {**counts, "duplicates_total": sum(counts.get("duplicates", {}).values())}
    if site:  # the site's own figures where the manifest has them
        mine = by_site.get(site, {})
        figures.update(
            pages_fetched=mine.get("pages/fetched", 0),
            articles_written=mine.get("articles/written", 0),
            non_article_pages=mine.get("pages/non_article", 0),
        )
    cards = "".join(
        f'<div class="card" data-figure="{key}"><b>{int(figures.get(key, 0))}</b><span>{label}</span></div>'
        for key, label in _CARDS
    )
    status = manifest.get("status", "ok")
    failure = manifest.get("failure") or {}
    status_line = f'<span class="status-{escape(status)}" id="status">{escape(status)}</span>' + (
        f" — {escape(str(failure.get('reason')))}: {escape(str(failure.get('detail')))}" if failure else ""
    )
    site_rows = [
        [
            name,
            c.get("pages/fetched", 0),
            c.get("articles/written", 0),
            c.get("pages/non_article", 0),
            sum(v for k, v in c.items() if k.startswith("discovered/")),
            sum(v for k, v in c.items() if k.startswith("skipped/")),
        ]
        for name, c in sorted(by_site.items())
        if site is None or name == site
    ]
    days, hours = publication_moments(records)
    charts = svg_bar_chart(
        "by-day", "Articles by publication day (or month)", day_bars(days)
    ) + svg_bar_chart("by-hour", "Articles by publication hour (UTC)", hour_bars(hours))
    coverage = (
        "".join(coverage_section(site_history(data_dir, manifest, name, records)) for name in sites)
        or '<p class="empty">no articles</p>'
    )
    title = f"newscrawl run {manifest['run_id']}" + (f" — {site}" if site else "")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_CSS}</style></head>
<body>
<h1>{escape(title)}</h1>
<p class="meta">spider {escape(str(manifest.get("spider")))} · from {escape(str(manifest.get("started_at")))}
 to {escape(str(manifest.get("finished_at")))} · finish reason {escape(str(manifest.get("finish_reason")))}
 · status {status_line}</p>
<section id="counts"><h2>Counts</h2><div class="cards">{cards}</div></section>
<section id="rejects"><h2>Rejects by reason</h2>{
        _reasons(counts.get("rejects_by_reason", {}), "rejects")
    }</section>
<section id="non-article"><h2>Non-article pages by reason</h2>
{_non_article(counts)}</section>
<section id="coverage"><h2>Field coverage</h2>{coverage}</section>
<section id="sites"><h2>Sites</h2>{
        _table(["site", "fetched", "written", "non-article", "discovered", "skipped"], site_rows, "sites")
    }</section>
<section id="dates"><h2>Publication dates</h2>{charts}</section>
</body></html>
"""


def _non_article(counts: dict[str, Any]) -> str:
    reasons = counts.get("non_article_by_reason") or {}
    if reasons:
        return _reasons(reasons, "non-article")
    total = counts.get("non_article_pages", 0)
    return f'<p class="empty non-article">{total} page(s); this run recorded no reasons</p>'
