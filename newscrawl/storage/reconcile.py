"""After a killed run: record in the ledger what it wrote but had not recorded yet.

A run that uses the ledger leaves a marker, ``state/unfinished/<run_id>``, from before its
first write until every record it wrote is in the ledger. A marker left by another run
means that run was killed (or failed to record its last batch): its records are durable
(complete lines) but the last batch may be missing from the ledger. Recording them here,
before the next crawl starts, means nothing is fetched or written twice. Only the files of
marked runs are read, so a start costs the same after a thousand runs as after one.

Data directories written before markers existed are scanned once in full: output files of
runs whose manifest (``runs/<run_id>.json``) does not say ``ledger_complete``.
"""

from __future__ import annotations

import glob
import json
import logging
import os
from collections.abc import Mapping
from pathlib import Path

from newscrawl.ledger import Ingested, Ledger
from newscrawl.storage.jsonl import fsync_directory, read_records
from newscrawl.storage.runinfo import utc_now_iso

logger = logging.getLogger(__name__)


def run_id_of(path: Path) -> str:
    """The run id an output file belongs to (``<run_id>.jsonl`` or ``<run_id>-<n>.jsonl.gz``)."""
    name = path.name.removesuffix(".gz").removesuffix(".jsonl")
    if path.name.endswith(".gz"):
        name = name.rsplit("-", 1)[0]
    return name


def _complete(manifest: Path) -> bool:
    """Whether a run's manifest says all its records reached the ledger."""
    try:
        return bool(json.loads(manifest.read_text(encoding="utf-8")).get("ledger_complete"))
    except (OSError, ValueError):
        return False


def _markers(data_dir: Path) -> Path:
    return data_dir / "state" / "unfinished"


def mark_unfinished(data_dir: Path, run_id: str) -> None:
    """Leave the marker of a run that may write records not yet in the ledger (durably)."""
    markers = _markers(data_dir)
    markers.mkdir(parents=True, exist_ok=True)
    (markers / run_id).touch()
    fsync_directory(markers)


def mark_finished(data_dir: Path, run_id: str) -> None:
    """Remove a run's marker: every record it wrote is in the ledger."""
    (_markers(data_dir) / run_id).unlink(missing_ok=True)


def _run_files(data_dir: Path, run_id: str) -> list[Path]:
    """The article files of one run: ``articles/<site>/<day>/<run_id>.jsonl`` or gzip batches."""
    articles = data_dir / "articles"
    escaped = glob.escape(run_id)
    paths = [*articles.glob(f"*/*/{escaped}.jsonl"), *articles.glob(f"*/*/{escaped}-*.jsonl.gz")]
    return sorted(p for p in paths if run_id_of(p) == run_id)


def unfinished_runs(data_dir: Path, current_run: str) -> dict[str, list[Path]]:
    """Output files grouped by run, for runs that did not finish recording (other than ``current_run``).

    Runs are those with a marker; in a data directory that has no markers yet, those whose
    manifest does not say ``ledger_complete``.
    """
    markers = _markers(data_dir)
    if markers.is_dir():
        marked = sorted(p.name for p in markers.iterdir() if p.name != current_run)
        return {run_id: _run_files(data_dir, run_id) for run_id in marked}
    runs: dict[str, list[Path]] = {}
    complete: dict[str, bool] = {}
    for path in sorted((data_dir / "articles").glob("**/*.jsonl*"), key=run_id_of):
        if path.name.endswith(".tmp"):
            continue
        run_id = run_id_of(path)
        if run_id not in complete:
            complete[run_id] = _complete(data_dir / "runs" / f"{run_id}.json")
        if run_id != current_run and not complete[run_id]:
            runs.setdefault(run_id, []).append(path)
    return runs


def reconcile_unfinished_runs(data_dir: Path, ledger: Ledger, current_run: str) -> int:
    """Record the unrecorded records of killed runs; returns how many were recorded."""
    recovered = 0
    for run_id, paths in unfinished_runs(data_dir, current_run).items():
        if not paths:  # killed before it wrote anything
            mark_finished(data_dir, run_id)
            continue
        records = [r for path in paths for r in read_records(path)]
        missing = []
        for record in records:
            entry = ledger.get(record["canonical_url"])
            if entry is None or entry.content_sha256 != record["content_sha256"]:
                missing.append(
                    Ingested(
                        canonical_url=record["canonical_url"],
                        content_sha256=record["content_sha256"],
                        site=record.get("site"),
                        date_modified=record.get("date_modified"),
                        signature=ledger.signature(record.get("article_body") or ""),
                    )
                )
        ledger.record_many(missing)
        recovered += len(missing)
        logger.warning(
            "Run %s ended without finishing (killed?); its %d records are all kept "
            "(not yet in the ledger, now recorded: %d)",
            run_id,
            len(records),
            len(missing),
        )
        _write_recovery_manifest(data_dir, run_id, paths, len(records), len(missing))
        mark_finished(data_dir, run_id)
    _markers(data_dir).mkdir(parents=True, exist_ok=True)  # from now on, markers say it all
    return recovered


def _write_recovery_manifest(
    data_dir: Path, run_id: str, paths: list[Path], written: int, missing: int
) -> None:
    path = data_dir / "runs" / f"{run_id}.json"
    try:  # a run that ended but could not record its last batch keeps its own manifest
        existing = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        existing = None
    if isinstance(existing, dict):
        existing.update(ledger_complete=True, recovered_at=utc_now_iso(), recorded_on_recovery=missing)
        _replace(path, existing)
        return
    manifest = {
        "run_id": run_id,
        "spider": None,
        "started_at": None,
        "finished_at": None,
        "finish_reason": "killed",
        "ledger_complete": True,
        "recovered_at": utc_now_iso(),
        "data_dir": str(data_dir),
        "counts": {"articles_written": written, "recorded_on_recovery": missing},
        "files": {"articles": [str(p) for p in paths], "rejects": []},
    }
    _replace(path, manifest)


def _replace(path: Path, manifest: Mapping[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
