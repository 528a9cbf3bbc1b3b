"""After a killed run: record in the ledger what it wrote but had not recorded yet.

A run that uses the ledger leaves a marker, ``state/unfinished/<run_id>``, from before its
first write until every record it wrote is in the ledger. A marker left by another run
means that run was killed (or failed to record its last batch): its records are durable
(complete lines) but the last batch may be missing from the ledger. Recording them here,
before the next crawl starts, means nothing is fetched or written twice. Only the files of
marked runs are read, so a start costs the same after a thousand runs as after one.

A worker of a shared run (``<run_id>.<worker_id>`` names its files and its marker, whose
content says which run and worker it is) commits before it writes, so its files hold nothing
the ledger lacks; what the next start does for it is drop the records another worker wrote in
its place after it died (:func:`drop_records`, with the ledger's list of what was taken over).

Data directories written before markers existed are scanned once in full: output files of
runs whose manifest (``runs/<run_id>.json``) does not say ``ledger_complete``.
"""

from __future__ import annotations

import glob
import json
import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from newscrawl.ledger import Ingested, Ledger
from newscrawl.runinfo import utc_now_iso
from newscrawl.storage.jsonl import dumps_line, fsync_directory, read_records

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


def mark_unfinished(data_dir: Path, run_id: str, worker_id: str | None = None) -> None:
    """Leave the marker of a run that may write records not yet in the ledger (durably); a worker
    of a shared run names it ``<run_id>.<worker_id>`` and writes both ids in it."""
    markers = _markers(data_dir)
    markers.mkdir(parents=True, exist_ok=True)
    if worker_id is None:
        (markers / run_id).touch()
    else:
        marker = markers / f"{run_id}.{worker_id}"
        marker.write_text(json.dumps({"run_id": run_id, "worker_id": worker_id}) + "\n", encoding="utf-8")
        with open(marker, "rb") as handle:
            os.fsync(handle.fileno())
    fsync_directory(markers)


def is_unfinished(data_dir: Path, stem: str) -> bool:
    """Whether the run or worker ``stem`` left its marker in ``data_dir``."""
    return (_markers(data_dir) / stem).is_file()


def marker_worker(data_dir: Path, stem: str) -> tuple[str, str] | None:
    """(run id, worker id) of a shared run's worker marker; None for a run's own marker."""
    try:
        info = json.loads((_markers(data_dir) / stem).read_text(encoding="utf-8") or "null")
    except (OSError, ValueError):
        return None
    if isinstance(info, dict) and info.get("run_id") and info.get("worker_id"):
        return str(info["run_id"]), str(info["worker_id"])
    return None


def mark_finished(data_dir: Path, run_id: str) -> None:
    """Remove a run's marker: every record it wrote is in the ledger."""
    (_markers(data_dir) / run_id).unlink(missing_ok=True)


def run_files(data_dir: Path, run_id: str) -> list[Path]:
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
        return {run_id: run_files(data_dir, run_id) for run_id in marked}
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


TakenOver = Callable[[str], set[tuple[str, str]]]


def reconcile_unfinished_runs(
    data_dir: Path,
    ledger: Ledger,
    current_run: str,
    taken_over: TakenOver | None = None,
    alive: Callable[[str], bool] | None = None,
    forget: Callable[[str], None] | None = None,
) -> int:
    """Record the unrecorded records of killed runs; returns how many were recorded.

    Shared runs: ``alive(stem)`` says a worker (whose marker a shared data directory shows) is
    still running, so it is left alone; ``taken_over(stem)``: the (canonical URL, sha256) of a
    dead worker's records that another worker wrote in its place, removed from its files first."""
    recovered = 0
    for run_id, paths in unfinished_runs(data_dir, current_run).items():
        if alive is not None and marker_worker(data_dir, run_id) is not None and alive(run_id):
            continue  # a live worker of a shared run, writing in this data directory too
        if not paths:  # killed before it wrote anything
            mark_finished(data_dir, run_id)
            continue
        if taken_over is not None and marker_worker(data_dir, run_id) is not None:
            dropped = drop_records(paths, taken_over(run_id))
            if dropped:
                logger.warning(
                    "Worker %s died after writing %d records that another worker wrote again: "
                    "removed from its files",
                    run_id,
                    dropped,
                )
            if forget is not None:
                forget(run_id)
        records = [r for path in paths for r in read_records(path)]
        missing = []
        committed_first = marker_worker(data_dir, run_id) is not None  # a shared worker: nothing to record
        for record in [] if committed_first else records:
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


def drop_records(paths: list[Path], unwanted: set[tuple[str, str]]) -> int:
    """Rewrite ``paths`` without the records whose (canonical URL, sha256) is ``unwanted``
    (each file replaced whole: a temporary file, fsync, rename); returns how many were removed."""
    if not unwanted:
        return 0
    removed = 0
    for path in paths:
        records = read_records(path)
        kept = [r for r in records if (r.get("canonical_url"), r.get("content_sha256")) not in unwanted]
        if len(kept) == len(records):
            continue
        removed += len(records) - len(kept)
        data = b"".join(dumps_line(r) for r in kept)
        if path.name.endswith(".gz"):
            import gzip

            data = gzip.compress(data, mtime=0)
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        fsync_directory(path.parent)
    return removed


def _write_recovery_manifest(
    data_dir: Path, run_id: str, paths: list[Path], written: int, missing: int
) -> None:
    worker = marker_worker(data_dir, run_id)
    if worker is None:
        path = data_dir / "runs" / f"{run_id}.json"
    else:
        path = data_dir / "runs" / worker[0] / f"{worker[1]}.json"
    try:  # a run that ended but could not record its last batch keeps its own manifest
        existing = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        existing = None
    if isinstance(existing, dict):
        existing.update(ledger_complete=True, recovered_at=utc_now_iso(), recorded_on_recovery=missing)
        _replace(path, existing)
        return
    manifest = {
        "run_id": worker[0] if worker else run_id,
        **({"worker_id": worker[1]} if worker else {}),
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
