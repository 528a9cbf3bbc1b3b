"""One report of a shared run: the manifests of its workers (``runs/<run_id>/<worker_id>.json``) added up.

Counts are summed (nested per-reason and per-site counts too); field coverage is the
articles-weighted mean; the run spans the earliest start to the latest finish; it failed when a
worker that finished judged it failed; ``workers`` lists each worker's own figures. A worker
that was killed has the recovery manifest its files were reconciled under (status unknown).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

WORKER_FIELDS = ("worker_id", "status", "finish_reason", "started_at", "finished_at")


def _add(total: dict[str, Any], counts: dict[str, Any]) -> None:
    for key, value in counts.items():
        if key == "coverage":
            continue
        if isinstance(value, dict):
            _add(total.setdefault(key, {}), value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            total[key] = total.get(key, 0) + value


def _coverage(workers: list[dict[str, Any]]) -> dict[str, float]:
    written = sum(int(m.get("counts", {}).get("articles_written", 0)) for m in workers)
    if not written:
        return {}
    fields: dict[str, float] = {}
    for manifest in workers:
        counts = manifest.get("counts", {})
        for name, share in (counts.get("coverage") or {}).items():
            fields[name] = fields.get(name, 0.0) + share * int(counts.get("articles_written", 0))
    return {name: round(value / written, 3) for name, value in fields.items()}


def merge_workers(run_id: str, workers: list[dict[str, Any]], directory: Path) -> dict[str, Any]:
    """The run manifest of a shared run, from its workers' manifests."""
    workers = sorted(workers, key=lambda m: str(m.get("worker_id") or ""))
    counts: dict[str, Any] = {}
    files: dict[str, list[str]] = {}
    for manifest in workers:
        _add(counts, manifest.get("counts", {}))
        for kind, paths in (manifest.get("files") or {}).items():
            files.setdefault(kind, []).extend(paths)
    counts["coverage"] = _coverage(workers)
    judged = [m for m in workers if "status" in m]
    failed = [m for m in judged if m.get("status") == "failed"]
    reasons = sorted({str(m.get("finish_reason")) for m in workers})
    merged: dict[str, Any] = {
        "run_id": run_id,
        "spider": next((m.get("spider") for m in workers if m.get("spider")), None),
        "started_at": min((m["started_at"] for m in workers if m.get("started_at")), default=None),
        "finished_at": max((m["finished_at"] for m in workers if m.get("finished_at")), default=None),
        "finish_reason": ", ".join(reasons),
        "data_dir": next((m.get("data_dir") for m in workers if m.get("data_dir")), None),
        "counts": counts,
        "files": files,
        "ledger_complete": all(m.get("ledger_complete") for m in workers),
        "manifest_dir": str(directory),
        "workers": [
            {
                **{name: m.get(name) for name in WORKER_FIELDS},
                "articles_written": int(m.get("counts", {}).get("articles_written", 0)),
                "pages_fetched": int(m.get("counts", {}).get("pages_fetched", 0) or 0),
            }
            for m in workers
        ],
    }
    if judged:
        merged["status"] = "failed" if failed else "ok"
        merged["failure"] = failed[0].get("failure") if failed else None
    return merged
