"""A dead worker's committed but unwritten articles, written by the worker that takes them over.

A worker of a shared run commits a batch to the Redis ledger and parks the records it won
(:mod:`newscrawl.ledger.redis_pending`) before it writes them; killed before its fsync, it
leaves them parked. Any live worker adopts them once the dead one's liveness key expired (one
lease): at its start and whenever it is idle, so a run does not end before they are written.

- Data directory shared by the workers (the dead worker's marker ``state/unfinished/<stem>`` is
  visible): the adopter writes only the records the dead worker's files do not hold already.
- Data directory local to each machine (no marker of the dead worker here): the adopter writes
  them all and the ledger lists them as taken over from the dead worker; when a worker starts
  again on the dead worker's machine, reconciling its unfinished files removes those records
  (:func:`newscrawl.storage.reconcile.drop_records`), so each article ends up in one file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newscrawl.ledger.redis_pending import PendingBook
from newscrawl.storage.jsonl import JsonLinesWriter, RecordWriter, read_records
from newscrawl.storage.reconcile import is_unfinished, run_files

logger = logging.getLogger(__name__)

WriterFor = Callable[[dict[str, Any]], RecordWriter]


def written_keys(data_dir: Path, stem: str) -> set[tuple[str, str]]:
    """(canonical URL, sha256) of every record in the files of run or worker ``stem``."""
    return {
        (r.get("canonical_url") or "", r.get("content_sha256") or "")
        for path in run_files(data_dir, stem)
        for r in read_records(path)
    }


def adopt_dead_workers(
    book: PendingBook, data_dir: Path, own_stem: str, stats: Any = None, writer_for: WriterFor | None = None
) -> int:
    """Write the parked records of every dead worker (see the module docstring); returns how many.

    ``writer_for(record)``: the writer of this worker's file for a record (default: plain JSON
    Lines files ``articles/<site>/<day>/<own_stem>.jsonl``, closed at the end)."""
    from newscrawl.pipelines.store import article_path

    own: dict[Path, JsonLinesWriter] = {}

    def default_writer(record: dict[str, Any]) -> RecordWriter:
        path = article_path(data_dir, record, own_stem)
        if path not in own:
            own[path] = JsonLinesWriter(path)
        return own[path]

    write_to = writer_for or default_writer
    total = 0
    try:
        for stem in book.others():
            if book.alive(stem):
                continue
            visible = is_unfinished(data_dir, stem)
            parked = book.adopt(stem, mark_taken_over=not visible)
            if not parked:
                continue
            there = written_keys(data_dir, stem) if visible else set()
            writers: list[RecordWriter] = []
            written = 0
            for entry in parked:
                record = dict(entry.record, revision=entry.revision)
                if (record.get("canonical_url") or "", record.get("content_sha256") or "") in there:
                    continue  # the dead worker wrote it before it died
                writer = write_to(record)
                writer.write(record)
                writers.append(writer)
                written += 1
            for writer in {id(w): w for w in writers}.values():
                writer.sync()
            book.done([entry.url for entry in parked])
            total += written
            logger.warning(
                "Worker %s died with %d articles committed but not confirmed written: %d written here, "
                "%d were in its files",
                stem,
                len(parked),
                written,
                len(parked) - written,
            )
            if stats is not None:
                stats.inc_value("newscrawl/takeover/articles_written", written)
                stats.inc_value("newscrawl/takeover/workers")
    finally:
        for writer in own.values():
            writer.close()
    return total
