"""The cheap paths of extraction give the same records as the full ones (fixture pages of our own)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import lxml.html
import pytest

import newscrawl
from newscrawl.extraction import body, prune, teasers

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
    assert calls == [False]  # without the page's prose figure: trafilatura's full pass, as it runs alone


@pytest.mark.parametrize(("prose", "expected"), [(500, [True]), (1000, [True, False]), (2000, [True, False])])
def test_a_fast_balanced_result_is_kept_only_when_it_holds_half_the_page_prose(
    monkeypatch: pytest.MonkeyPatch, prose: int, expected: list[bool]
) -> None:
    calls: list[bool] = []

    def fake(work: Any, url: str, mode: str, *, fast: bool) -> list[str]:
        calls.append(fast)
        return ["x" * 499] if fast else ["y" * 900]  # 499 characters: under half of 1000

    monkeypatch.setattr(body, "_trafilatura_lines", fake)
    page = lxml.html.document_fromstring("<html><body><p>A page.</p></body></html>")
    found = body._run_trafilatura(page, "http://example.test/a", "balanced", body.FAST_PROSE_SHARE * prose)
    assert calls == expected
    assert found == (["x" * 499] if expected == [True] else ["y" * 900])


def test_fast_balanced_pass_gives_the_records_of_the_full_one(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, bool]] = []
    lines = body._trafilatura_lines

    def counted(work: Any, url: str, mode: str, *, fast: bool) -> list[str]:
        calls.append((mode, fast))
        return lines(work, url, mode, fast=fast)

    monkeypatch.setattr(body, "_trafilatura_lines", counted)
    cheap = _records()
    assert calls.count(("balanced", True)) >= len(PAGES)  # every page tried the fast pass first
    monkeypatch.setattr(body, "BALANCED_FAST", False)
    calls.clear()
    full = _records()
    assert ("balanced", True) not in calls
    for name in cheap:
        assert cheap[name] == full[name], name


@pytest.mark.parametrize(
    ("attrs", "expected"),
    [
        ("modal", True),
        ("page modal-open", True),
        ("nomodal", False),
        ("head-ad", True),
        ("ads", True),
        ("loads", False),
        ("bio", True),
        ("biography", False),
        ("author-bio", True),
        ("Share-Bar", True),
        ("story-promotion", True),
        ("promotional", False),
        ("font size", False),
        ("article-body", False),
    ],
)
def test_class_names_are_judged_name_by_name(attrs: str, expected: bool) -> None:
    """The one search over a class value (its alternatives grouped by first letter) judges it as
    each of its names would be judged on its own."""
    assert prune.is_boilerplate_attr(attrs) is expected
    assert prune.is_boilerplate_attr(attrs) is any(prune.is_boilerplate_attr(n) for n in attrs.split())


@pytest.mark.parametrize(
    "line",
    [
        "Sign up for our newsletter today",
        "Subscribe to continue reading",
        "ſubscribe to continue",  # a long s is an s to the case-blind pattern
        "Réservée aux abonnés",
        "For more stories like this, follow us",
        "Did you like this article? Tell us",
        "Bitte einloggen um einen Kommentar zu schreiben",
        "Full coverage: click here to read more",
    ],
)
def test_notices_found_behind_their_word_checks(line: str) -> None:
    assert teasers.is_teaser_or_prompt(line)


def test_long_prose_is_no_notice() -> None:
    assert not teasers.is_teaser_or_prompt(
        "The council said the new bridge would open in spring, here as planned."
    )


@pytest.mark.parametrize(("blocks", "expected"), [(0, [True]), (8, [True, False])])
def test_a_fast_balanced_result_must_hold_a_share_of_the_pruned_page_text(
    monkeypatch: pytest.MonkeyPatch, blocks: int, expected: list[bool]
) -> None:
    """Where the article is written in plain blocks, the page's prose paragraphs say nothing of
    its size: a fast text holding less than ``FAST_TEXT_SHARE`` of the pruned copy's text is
    extracted again in full."""
    from newscrawl.extraction.document import Document

    calls: list[bool] = []

    def fake(work: Any, url: str, mode: str, *, fast: bool) -> list[str]:
        calls.append(fast)
        return ["x" * 300] if fast else ["y" * 2000]

    monkeypatch.setattr(body, "_trafilatura_lines", fake)
    box = "<p>" + "Our newsroom is funded by readers like you, every single month of the year. " * 4 + "</p>"
    article = "".join(
        f"<div>{'The harbour board agreed to spend four million on lock gates. ' * 5}</div>"
        for _ in range(blocks)
    )
    doc = Document(
        f"<html><body><h1>Lock gates</h1>{box}{article}</body></html>", "https://www.example.test/a"
    )
    runs, _ = body._trafilatura_paragraphs(doc, None)
    assert calls == expected
    assert runs["balanced"] == (["x" * 300] if expected == [True] else ["y" * 2000])
