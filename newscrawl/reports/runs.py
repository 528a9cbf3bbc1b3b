"""Finding runs in a data directory and reading what they wrote."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newscrawl.pipelines.store import COVERAGE_FIELDS
from newscrawl.reports.shared import merge_workers

LATEST = "latest"


class RunNotFound(LookupError):
    """No run matches; the message says where it looked."""


def _read(path: Path) -> dict[str, Any] | None:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def load_manifests(data_dir: Path) -> list[dict[str, Any]]:
    """Every run manifest under ``<data dir>/runs/``, oldest first (an unreadable one is skipped);
    a shared run (``runs/<run_id>/<worker_id>.json``) is one manifest, its workers' added up."""
    manifests = [m for path in (data_dir / "runs").glob("*.json") if (m := _read(path)) is not None]
    for directory in (data_dir / "runs").glob("*/"):
        workers = [m for path in sorted(directory.glob("*.json")) if (m := _read(path)) is not None]
        if workers:
            manifests.append(merge_workers(directory.name, workers, directory))
    return sorted(manifests, key=lambda m: (m.get("started_at") or "", m.get("run_id") or ""))


def run_sites(manifest: dict[str, Any]) -> set[str]:
    """The sites a run fetched pages of."""
    return set(manifest.get("counts", {}).get("by_site", {}))


def find_run(data_dir: Path, run_id: str, site: str | None = None) -> dict[str, Any]:
    """The manifest of ``run_id``, or of the latest run (of ``site``, when given) for ``latest``."""
    manifests = load_manifests(data_dir)
    if site:
        manifests = [m for m in manifests if site in run_sites(m)]
    if run_id == LATEST:
        if not manifests:
            of = f" of site {site!r}" if site else ""
            raise RunNotFound(f"no run{of} under {data_dir / 'runs'}")
        return manifests[-1]
    for manifest in manifests:
        if manifest.get("run_id") == run_id:
            return manifest
    raise RunNotFound(
        f"no run {run_id!r}{f' of site {site!r}' if site else ''} under {data_dir / 'runs'}"
        " (another data directory? use --data-dir, e.g. --data-dir data/demo for the demo's runs)"
    )


def read_records(data_dir: Path, run_id: str, site: str | None = None) -> list[dict[str, Any]]:
    """The article records a run wrote (plain and gzip files), of one site when given."""
    records: list[dict[str, Any]] = []
    articles = data_dir / "articles"
    paths = [*articles.glob(f"*/*/{run_id}.jsonl"), *articles.glob(f"*/*/{run_id}-*.jsonl.gz")]
    if (data_dir / "runs" / run_id).is_dir():  # a shared run: every worker's files
        paths += [*articles.glob(f"*/*/{run_id}.*.jsonl"), *articles.glob(f"*/*/{run_id}.*-*.jsonl.gz")]
    for path in sorted(paths):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue  # a torn last line of a killed run
                if site is None or record.get("site") == site:
                    records.append(record)
    return records


def field_coverage(records: list[dict[str, Any]]) -> dict[str, float]:
    """The share of records with a value, per coverage field (the manifest's fields)."""
    if not records:
        return {}
    return {field: sum(1 for r in records if r.get(field)) / len(records) for field in COVERAGE_FIELDS}


@dataclass
class SiteHistory:
    """A site's field coverage in this run and in the runs before it."""

    site: str
    coverage: dict[str, float]
    previous: list[tuple[str, dict[str, float]]]  # (run id, coverage), oldest first

    def baseline(self, field: str) -> float | None:
        """The mean coverage of ``field`` over the previous runs that wrote articles of the site."""
        values = [cov[field] for _, cov in self.previous if field in cov]
        return sum(values) / len(values) if values else None


def site_history(
    data_dir: Path, manifest: dict[str, Any], site: str, records: list[dict[str, Any]], limit: int = 5
) -> SiteHistory:
    """Coverage of ``site`` in this run and in up to ``limit`` earlier runs that wrote its articles."""
    earlier = [
        m
        for m in load_manifests(data_dir)
        if site in run_sites(m)
        and (m.get("started_at") or "", m["run_id"]) < (manifest.get("started_at") or "", manifest["run_id"])
    ]
    previous: list[tuple[str, dict[str, float]]] = []
    for past in reversed(earlier):
        coverage = field_coverage(read_records(data_dir, past["run_id"], site))
        if coverage:
            previous.insert(0, (past["run_id"], coverage))
        if len(previous) == limit:
            break
    own = [r for r in records if r.get("site") == site]
    return SiteHistory(site, field_coverage(own), previous)
