"""``newscrawl export --format parquet``: a data directory's articles as a partitioned Parquet dataset.

Layout: ``<out>/site=<site>/day=<YYYY-MM-DD>/part-<n>-<i>.parquet`` (hive style; ``day`` is
the UTC crawl day), with the fixed schema of :mod:`newscrawl.schema.dataset`, written by
``pyarrow.dataset.write_dataset``.

Incremental (see :mod:`newscrawl.export.state`): each export reads only the records the
previous ones had not read and writes them as new files. By default only the latest revision
of each canonical URL is kept: the latest is the highest (revision, crawled_at, run_id); when
a newer one arrives, the Parquet file holding the older row is rewritten without it
(temporary file, then rename), so the dataset always has one row per canonical URL.
``--all-revisions`` keeps every record and never rewrites a file.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from newscrawl.export.progress import Progress
from newscrawl.export.state import ExportState
from newscrawl.schema.dataset import file_schema, partitioning, to_table
from newscrawl.schema.optional import require
from newscrawl.storage.jsonl import read_records

logger = logging.getLogger(__name__)


@dataclass
class ExportResult:
    """What one export did."""

    records_read: int = 0
    rows_written: int = 0
    rows_replaced: int = 0
    files_written: int = 0


def source_files(data_dir: Path) -> list[Path]:
    """The article files of a data directory, in a stable order."""
    articles = data_dir / "articles"
    return sorted([*articles.glob("**/*.jsonl"), *articles.glob("**/*.jsonl.gz")])


def _key(record: dict[str, Any]) -> list[Any]:
    return [record.get("revision") or 1, record.get("crawled_at") or "", record.get("run_id") or ""]


def read_new_records(data_dir: Path, state: ExportState, progress: Progress) -> list[dict[str, Any]]:
    """Records of the data directory not exported yet; advances ``state.files``."""
    new: list[dict[str, Any]] = []
    for path in source_files(data_dir):
        name = path.relative_to(data_dir).as_posix()
        records = read_records(path)
        done = state.files.get(name, 0)
        new.extend(records[done:])
        state.files[name] = max(done, len(records))
        progress.update(1, f"{len(new)} new records")
    return new


def select_latest(records: Iterable[dict[str, Any]], state: ExportState) -> list[dict[str, Any]]:
    """Of ``records``, the latest revision per canonical URL, if newer than the one exported."""
    best: dict[str, dict[str, Any]] = {}
    for record in records:
        url = record["canonical_url"]
        if url not in best or _key(record) > _key(best[url]):
            best[url] = record
    return [r for url, r in best.items() if url not in state.latest or _key(r) > state.latest[url]["key"]]


def _drop_rows(path: Path, urls: set[str]) -> int:
    """Rewrite one Parquet file without the rows of ``urls``; returns how many were dropped."""
    pc = require("pyarrow.compute", "parquet")
    pq = require("pyarrow.parquet", "parquet")
    pa = require("pyarrow", "parquet")
    table = pq.read_table(path, schema=file_schema(), partitioning=None)
    keep = pc.invert(pc.is_in(table["canonical_url"], value_set=pa.array(sorted(urls))))
    kept = table.filter(keep)
    if kept.num_rows == 0:
        path.unlink()
    else:
        tmp = path.with_name(path.name + ".tmp")
        pq.write_table(kept, tmp)
        os.replace(tmp, path)
    return table.num_rows - kept.num_rows


def _remove_unrecorded(out: Path, sequence: int) -> None:
    """Delete files of an export that was interrupted before it saved its state."""
    for path in out.glob("site=*/day=*/part-*.parquet"):
        number = path.name.split("-")[1]
        if number.isdigit() and int(number) > sequence:
            logger.warning("Removing %s, left by an interrupted export", path)
            path.unlink()


def export_parquet(data_dir: Path, out: Path, *, all_revisions: bool = False) -> ExportResult:
    """Add the data directory's new articles to the Parquet dataset in ``out``."""
    ds = require("pyarrow.dataset", "parquet")
    out.mkdir(parents=True, exist_ok=True)
    state = ExportState.load(out, "all" if all_revisions else "latest")
    _remove_unrecorded(out, state.sequence)
    result = ExportResult()
    progress = Progress("export", len(source_files(data_dir)), "files")
    records = read_new_records(data_dir, state, progress)
    progress.close()
    result.records_read = len(records)
    rows = records if all_revisions else select_latest(records, state)
    if rows:
        state.sequence += 1
        written: list[str] = []
        ds.write_dataset(
            to_table(rows),
            out,
            format="parquet",
            partitioning=partitioning(),
            basename_template=f"part-{state.sequence:05d}-{{i}}.parquet",
            existing_data_behavior="overwrite_or_ignore",
            file_visitor=lambda f: written.append(f.path),
        )
        result.rows_written, result.files_written = len(rows), len(written)
        if not all_revisions:
            result.rows_replaced = _replace_older(out, rows, written, state)
    state.save(out)
    return result


def _replace_older(out: Path, rows: list[dict[str, Any]], written: list[str], state: ExportState) -> int:
    """Point ``state.latest`` at the new rows; drop the rows they supersede from older files."""
    file_of_dir = {
        unquote(Path(p).parent.relative_to(out).as_posix()): Path(p).relative_to(out).as_posix()
        for p in written
    }  # fmt: skip (partition values are URI-encoded in names)
    stale: dict[str, set[str]] = {}
    for row in rows:
        url = row["canonical_url"]
        previous = state.latest.get(url)
        if previous is not None:
            stale.setdefault(previous["file"], set()).add(url)
        site, day = row.get("site"), (row.get("crawled_at") or "")[:10]
        state.latest[url] = {"key": _key(row), "file": file_of_dir[f"site={site}/day={day}"]}
    return sum(_drop_rows(out / name, urls) for name, urls in stale.items() if (out / name).exists())
