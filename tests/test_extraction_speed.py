"""The cheap paths of extraction give the same records as the full ones (fixture pages of our own)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import lxml.html
import pytest

import newscrawl
from newscrawl.extraction import body

PAGES = sorted(p for p in (Path(__file__).parent / "fixtures" / "pages").iterdir() if p.is_dir())


def _records() -> dict[str, dict[str, Any]]:
    out = {}
    for case in PAGES:
        url = (case / "url.txt").read_text(encoding="utf-8").strip()
        out[case.name] = newscrawl.extract((case / "page.html").read_bytes(), url)
    return out


def test_fast_precision_pass_gives_the_records_of_the_full_one(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, bool]] = []
    lines = body._trafilatura_lines

    def counted(work: Any, url: str, mode: str, *, fast: bool) -> list[str]:
        calls.append((mode, fast))
        return lines(work, url, mode, fast=fast)

    monkeypatch.setattr(body, "_trafilatura_lines", counted)
    cheap = _records()
    assert ("precision", True) in calls  # the fixture pages do take the precision pass
    monkeypatch.setattr(body, "PRECISION_FAST", False)
    calls.clear()
    full = _records()
    assert ("precision", True) not in calls and ("precision", False) in calls
    for name in cheap:
        assert cheap[name] == full[name], name


def test_a_short_fast_precision_result_is_extracted_again_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []

    def fake(work: Any, url: str, mode: str, *, fast: bool) -> list[str]:
        calls.append(fast)
        return ["short"] if fast else ["the full extraction " * 20]

    monkeypatch.setattr(body, "_trafilatura_lines", fake)
    page = lxml.html.document_fromstring("<html><body><p>A page.</p></body></html>")
    assert body._run_trafilatura(page, "http://example.test/a", "precision") == ["the full extraction " * 20]
    assert calls == [True, False]
    calls.clear()
    body._run_trafilatura(page, "http://example.test/a", "balanced")
    assert calls == [False]  # the balanced pass keeps trafilatura's comparison with its fallbacks
