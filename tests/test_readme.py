"""Every README code block marked ``<!-- runnable -->`` runs, on the output of a real demo run.

Every ``python`` block must be marked. Shell blocks are marked where they are safe to run here
(no live site, no cron, no ``make``); they run with ``bash -euo pipefail``. Both run in a
directory where ``data/demo/`` is what ``newscrawl demo`` wrote, as after ``make demo``.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.crawling import PROJECT_ROOT

FENCE = re.compile(r"(?P<mark><!-- runnable -->\n)?```(?P<lang>[\w-]*)[^\n]*\n(?P<code>.*?)```", re.S)
MARK = "<!-- runnable -->"


@dataclass
class Block:
    line: int
    lang: str
    code: str
    runnable: bool


def readme_blocks() -> list[Block]:
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    return [
        Block(text.count("\n", 0, m.start("code")) + 1, m["lang"], m["code"], bool(m["mark"]))
        for m in FENCE.finditer(text)
    ]


RUNNABLE = [b for b in readme_blocks() if b.runnable]


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working directory with ``data/demo/`` from a real ``newscrawl demo``."""
    work = tmp_path_factory.mktemp("readme")
    done = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "demo", "--port", "0"],
        cwd=work, capture_output=True, text=True, timeout=300, env=_env(work), check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert list((work / "data" / "demo" / "articles").glob("*/*/*.jsonl"))
    return work


def _env(work: Path) -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])),
        "HF_HUB_OFFLINE": "1",  # datasets must read local files only
        "HF_DATASETS_OFFLINE": "1",
        "HF_HOME": str(work / "hf-home"),
        "MPLBACKEND": "Agg",
    }


def test_every_python_block_is_runnable_and_some_shell_blocks_are() -> None:
    blocks = readme_blocks()
    unmarked = [b.line for b in blocks if b.lang == "python" and not b.runnable]
    assert not unmarked, f"README python blocks not marked {MARK} (lines {unmarked})"
    assert any(b.lang == "python" for b in RUNNABLE) and any(b.lang in ("sh", "bash") for b in RUNNABLE)
    assert all(b.lang in ("python", "sh", "bash") for b in RUNNABLE)


@pytest.mark.parametrize("block", RUNNABLE, ids=[f"README.md:{b.line}-{b.lang}" for b in RUNNABLE])
def test_readme_block_runs(block: Block, demo_dir: Path) -> None:
    if block.lang == "python":
        for module in re.findall(r"^\s*(?:from|import) (\w+)", block.code, re.M):
            if importlib.util.find_spec(module) is None:
                pytest.skip(f"README.md:{block.line} needs {module}, which is not installed here")
        command = [sys.executable, "-c", block.code]
    else:
        command = ["bash", "-euo", "pipefail", "-c", block.code]
    done = subprocess.run(
        command, cwd=demo_dir, capture_output=True, text=True, timeout=300, env=_env(demo_dir), check=False
    )
    assert done.returncode == 0, f"README.md:{block.line}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    assert done.stdout.strip(), "the block printed nothing"


def test_the_readme_names_every_field_of_the_schema() -> None:
    import json

    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("Each article line holds")
    listing = text[start : text.index("See `newscrawl/schema/article-v1.json`", start)]
    schema = json.loads(
        (PROJECT_ROOT / "newscrawl" / "schema" / "article-v1.json").read_text(encoding="utf-8")
    )
    missing = [name for name in schema["properties"] if f"`{name}`" not in listing]
    assert missing == []
