"""Extraction workers do not run the parent's main script (for a crawl: the ``scrapy`` command)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from newscrawl.extraction.result import PageExtraction
from newscrawl.sites.rules import SiteRule

SCRIPT = """
import asyncio
import sys

TOP_LEVEL_RAN = True

if __name__ == "__main__":
    from newscrawl.extraction.workers import ExtractionWorkers
    from tests.test_workers_spawn import main_script_probe

    workers = ExtractionWorkers(1, function=main_script_probe)
    try:
        result = asyncio.run(workers.extract("<html><body><p>A page.</p></body></html>", "http://example.test/a"))
    finally:
        workers.close()
    print(result.page_type_reason)
    print(sys.modules["__main__"].__file__)
"""


def main_script_probe(html: str, url: str, rules: Sequence[SiteRule]) -> PageExtraction:
    """Says whether the worker ran the top level of the parent's main script."""
    ran = hasattr(sys.modules.get("__mp_main__"), "TOP_LEVEL_RAN")
    return PageExtraction(page_type_reason="main script ran" if ran else "main script not run")


def test_a_worker_does_not_run_the_parents_main_script(tmp_path: Path) -> None:
    script = tmp_path / "crawl_script.py"
    script.write_text(SCRIPT, encoding="utf-8")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    reason, main_file = done.stdout.split("\n")[:2]
    assert reason == "main script not run"
    assert main_file == str(script)  # the parent's main module is left as it was
