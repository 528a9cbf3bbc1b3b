"""Recovery after killed runs: marked runs' records reach the ledger (either backend); finished runs
are not read."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from newscrawl.storage.jsonl import JsonLinesWriter
from newscrawl.storage.reconcile import (
    mark_finished,
    mark_unfinished,
    reconcile_unfinished_runs,
    unfinished_runs,
)


def write_run(data: Path, run_id: str, urls: list[str], day: str = "2026-11-20") -> Path:
    """Article lines of one run, as the store writes them (complete and fsynced)."""
    path = data / "articles" / "example" / day / f"{run_id}.jsonl"
    writer = JsonLinesWriter(path)
    for url in urls:
        body = f"The story told at {url}, in enough words to be an article body."
        digest = hashlib.sha256(body.encode()).hexdigest()
        writer.write(
            {"canonical_url": url, "content_sha256": digest, "article_body": body, "site": "example"}
        )
    writer.sync()
    writer.close()
    return path


def test_a_marked_run_is_recorded_and_its_marker_removed(tmp_path: Path, open_test_ledger) -> None:
    mark_unfinished(tmp_path, "run-killed")
    write_run(tmp_path, "run-killed", ["https://example.com/a", "https://example.com/b"], day="2026-11-20")
    write_run(tmp_path, "run-killed", ["https://example.com/c"], day="2026-11-21")
    with open_test_ledger() as ledger:
        assert reconcile_unfinished_runs(tmp_path, ledger, current_run="run-now") == 3
        assert ledger.seen_many(["https://example.com/a", "https://example.com/c"]) == {
            "https://example.com/a",
            "https://example.com/c",
        }
    assert not (tmp_path / "state" / "unfinished" / "run-killed").exists()
    manifest = json.loads((tmp_path / "runs" / "run-killed.json").read_text(encoding="utf-8"))
    assert manifest["finish_reason"] == "killed" and manifest["ledger_complete"] is True


def test_only_marked_runs_are_read_once_markers_exist(tmp_path: Path) -> None:
    mark_unfinished(tmp_path, "run-finished")
    write_run(tmp_path, "run-finished", ["https://example.com/old"])
    mark_finished(tmp_path, "run-finished")  # no manifest either: the marker alone decides
    mark_unfinished(tmp_path, "run-now")
    assert unfinished_runs(tmp_path, current_run="run-now") == {}


def test_a_run_killed_before_writing_leaves_nothing_behind(tmp_path: Path, open_test_ledger) -> None:
    mark_unfinished(tmp_path, "run-empty")
    with open_test_ledger() as ledger:
        assert reconcile_unfinished_runs(tmp_path, ledger, current_run="run-now") == 0
    assert list((tmp_path / "state" / "unfinished").iterdir()) == []


def test_a_data_dir_from_before_markers_is_scanned_once(tmp_path: Path, open_test_ledger) -> None:
    write_run(tmp_path, "run-legacy", ["https://example.com/x"])  # no manifest: killed
    write_run(tmp_path, "run-done", ["https://example.com/y"])
    (tmp_path / "runs").mkdir()
    (tmp_path / "runs" / "run-done.json").write_text(json.dumps({"ledger_complete": True}), encoding="utf-8")
    assert set(unfinished_runs(tmp_path, current_run="run-now")) == {"run-legacy"}
    with open_test_ledger() as ledger:
        assert reconcile_unfinished_runs(tmp_path, ledger, current_run="run-now") == 1
        assert ledger.seen("https://example.com/x") and not ledger.seen("https://example.com/y")
    assert (tmp_path / "state" / "unfinished").is_dir()
    assert unfinished_runs(tmp_path, current_run="run-now") == {}


def test_a_run_id_with_glob_characters_is_found_literally(tmp_path: Path, open_test_ledger) -> None:
    mark_unfinished(tmp_path, "nightly[eu]")
    write_run(tmp_path, "nightly[eu]", ["https://example.com/eu"])
    with open_test_ledger() as ledger:
        assert reconcile_unfinished_runs(tmp_path, ledger, current_run="run-now") == 1
        assert ledger.seen("https://example.com/eu")
