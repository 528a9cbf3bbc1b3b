"""Golden files: every case in tests/fixtures/pages/<case>/ extracts to its expected fields.

A case is a directory with ``page.html`` (the project's own page), ``url.txt`` and
``expected.json``. Each key of expected.json is compared with the field of the same name
in ``newscrawl.extract``'s record; ``provenance`` is compared key by key; keys starting with
``_`` are notes; ``body_excludes`` lists strings that must not occur in ``article_body``.
Add a case for every site rule and for every extraction bug fixed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import newscrawl

CASES_DIR = Path(__file__).parent / "fixtures" / "pages"
CASES = sorted(p for p in CASES_DIR.iterdir() if p.is_dir())


def load_case(case: Path) -> tuple[bytes, str, dict[str, Any]]:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    return (case / "page.html").read_bytes(), (case / "url.txt").read_text(encoding="utf-8").strip(), expected


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_page(case: Path) -> None:
    html, url, expected = load_case(case)
    record = newscrawl.extract(html, url)
    for key, want in expected.items():
        if key.startswith("_"):
            continue
        if key == "provenance":
            for field, source in want.items():
                assert record["provenance"].get(field) == source, f"provenance of {field}"
        elif key == "body_excludes":
            for text in want:
                assert text not in record["article_body"], f"{text!r} in the body"
        else:
            assert record[key] == want, key


def test_there_are_cases() -> None:
    assert len(CASES) >= 1
