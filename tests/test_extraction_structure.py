"""Body structure: blocks put back where the generic extractor read loose paragraphs only
(restore.py), and layout tables told from data tables (layout_tables.py)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import lxml.html
import pytest

import newscrawl
from newscrawl.extraction import restore
from newscrawl.extraction.layout_tables import unwrap_layout_tables

URL = "https://www.harbourtowngazette.com/news/2025/03/05/live-ferry-strike"
ENTRY = "Crews on the island routes stayed at their posts while the talks with the operator went on"


def live_blog(entries: int) -> str:
    """A live page of ``entries`` entries (heading, paragraph, two list items), newest first."""
    parts = [
        f"<h3>Update {i}: the {i}th bulletin</h3><p>{ENTRY}, entry {i}.</p>"
        f"<ul><li>Point {i} one</li><li>Point {i} two</li></ul>"
        for i in range(entries)
    ]
    return f"<html><body><div class='c'><h1>Ferry strike live</h1>{''.join(parts)}</div></body></html>"


def entry_blocks(i: int) -> list[str]:
    return [f"Update {i}: the {i}th bulletin", f"{ENTRY}, entry {i}.", f"Point {i} one", f"Point {i} two"]


def loose_paragraphs(entries: int) -> list[str]:
    """What the generic extractor keeps of the live page: its paragraphs only."""
    return [f"{ENTRY}, entry {i}." for i in range(entries)]


# --- restore.py ---------------------------------------------------------------------------


def test_live_blog_of_2000_entries_is_restored_in_page_order() -> None:
    # The paragraph of entry 1 is a prefix of those of entries 10-19, 100-199 and 1000-1999: each
    # heading and list item must come back after its own entry's paragraph, not after the last
    # paragraph that happens to contain the same letters.
    body = newscrawl.extract(live_blog(2000), URL)["article_body"].split("\n\n")
    expected = [block for i in range(2000) for block in entry_blocks(i)]
    assert body == expected[:-2]  # the list after the last kept paragraph stays out


def test_restore_puts_each_block_after_its_own_paragraph() -> None:
    work = lxml.html.fromstring(live_blog(120))
    restored = restore.restore_skipped_blocks(work, loose_paragraphs(120))
    assert restored == [block for i in range(120) for block in entry_blocks(i)][:-2]


@pytest.mark.parametrize("position", ["inside", "opening"])
def test_a_subheading_quoting_its_paragraph_is_put_back(position: str) -> None:
    """A subheading whose words stand in the paragraph below it, inside it or opening it, was
    skipped all the same: only a paragraph that is the subheading's text is a kept subheading."""
    quote = "We never stopped"
    said = (
        f"The coxswain said: {quote}, some days we barely tied up before the pagers went again."
        if position == "inside"
        else f"{quote}, the coxswain said, some days we barely tied up before the pagers went again."
    )
    paragraphs = [
        "Volunteers were called out sixty-four times between June and August this summer.",
        said,
        "Harbour officials say the estuary has never been busier with boats and paddleboards.",
        "The coastguard repeated its advice to check the tide before going out on the water.",
    ]
    page = (
        "<html><body><div class='c'><h1>Lifeboat crews mark a record summer</h1>"
        f"<p>{paragraphs[0]}</p><h3>{quote}</h3><p>{paragraphs[1]}</p>"
        f"<h3>A busy estuary</h3><p>{paragraphs[2]}</p><h3>Check the tide</h3><p>{paragraphs[3]}</p>"
        "</div></body></html>"
    )
    restored = restore.restore_skipped_blocks(lxml.html.fromstring(page), paragraphs)
    assert restored == [
        paragraphs[0],
        quote,
        paragraphs[1],
        "A busy estuary",
        paragraphs[2],
        "Check the tide",
        paragraphs[3],
    ]


def _steps_taken(run: Callable[[], Any]) -> int:
    """Python calls made and lines run (each turn of a loop is one) while ``run`` runs: a count
    of the work done, not a time."""
    steps = 0

    def trace(frame: FrameType, event: str, arg: object) -> Callable[..., Any]:
        nonlocal steps
        steps += 1
        return trace

    sys.settrace(trace)
    try:
        run()
    finally:
        sys.settrace(None)
    return steps


def test_restore_work_grows_linearly_with_the_page() -> None:
    # Looking for each skipped block's place among all the kept paragraphs made the step
    # quadratic: a live page ten times longer took a hundred times the work. Tenfold is linear.
    def steps_for(entries: int) -> int:
        work = lxml.html.fromstring(live_blog(entries))
        paragraphs = loose_paragraphs(entries)
        return _steps_taken(lambda: restore.restore_skipped_blocks(work, paragraphs))

    small, large = steps_for(100), steps_for(1000)
    assert large < 13 * small


def test_block_text_found_past_other_kept_paragraphs() -> None:
    # Paragraphs the extractor took from outside the blocks (table rows, loose text) may stand
    # between two blocks; a block equal to a paragraph is found however far ahead it is.
    filler = [f"| row {i} | value {i} |" for i in range(400)]
    kept = ["first paragraph of the story text", *filler, "second paragraph of the story text"]
    keys = [
        restore.key(text)
        for text in ("First paragraph of the story text", "Second paragraph of the story text")
    ]
    assert restore._locate(keys, [restore.key(text) for text in kept]) == [0, len(kept) - 1]


def test_block_not_kept_is_not_matched_far_away() -> None:
    # A short block ("Item 1") the extractor left out is not taken as kept because its letters
    # occur in some paragraph further down ("Item 12 ..."): it is looked for near its own place.
    far = [f"paragraph {i} of the story, which says nothing of the list" for i in range(100)]
    kept = [restore.key(text) for text in [*far, "Item 12 of the list, in a paragraph of its own"]]
    keys = [restore.key(far[0]), restore.key("Item 1"), ""]
    assert restore._locate(keys, kept) == [0, None, None]


# --- prune.py: layout tables --------------------------------------------------------------

LONG = (
    "Replace the corroded girders and the deck, repaint the whole structure and overhaul the "
    "swing mechanism, which would let boats through again after eighteen months of closure."
)
PROSE = "".join(
    f"<p>Paragraph {i} of the story, long enough to count as the prose of the article page, "
    f"with a sentence or two about the council's decision on the bridge.</p>"
    for i in range(4)
)


def tables_left(body: str) -> int:
    root = lxml.html.fromstring(f"<html><body><h1>Bridge</h1>{body}</body></html>")
    unwrap_layout_tables(root)
    return sum(1 for _ in root.iter("table"))


def rows(n: int, cells: Callable[[int], str]) -> str:
    return "".join(f"<tr>{cells(i)}</tr>" for i in range(n))


def test_table_with_header_cells_and_long_cells_stays_a_table() -> None:
    head = "<tr><th>Option</th><th>Description</th><th>Cost</th></tr>"
    body = rows(3, lambda i: f"<td><p>Option {i}</p></td><td><p>{LONG}</p></td><td><p>£{i}m</p></td>")
    assert tables_left(f"{PROSE}<table>{head}{body}</table>") == 1
    # A header row in <thead>, or a caption, says the same; so would the table holding most of the
    # page's paragraph text.
    assert (
        tables_left(f"<table><thead><tr><td>Option</td><td>Description</td></tr></thead>{body}</table>") == 1
    )
    assert tables_left(f"<table><caption>The options</caption>{body}</table>") == 1


def test_grid_of_rows_with_one_long_column_stays_a_table() -> None:
    body = rows(3, lambda i: f"<td>Option {i}</td><td><p>{LONG} {LONG}</p></td><td>£{i}m</td>")
    assert tables_left(f"{PROSE}<table>{body}</table>") == 1


def test_layout_tables_are_unwrapped() -> None:
    story = f"<h2>Bridge to close</h2>{PROSE}"
    assert tables_left(f"<table><tr><td><a href='/'>Home</a></td><td>{story}</td></tr></table>") == 0
    assert (
        tables_left(f"<table><tr><td><table><tr><td>{LONG}</td></tr></table></td></tr></table>{PROSE}") == 1
    )
    # Rows of two long columns are not data rows; the table holds most of the page's paragraphs.
    two_long = rows(3, lambda i: f"<td><p>{LONG}</p></td><td><p>{LONG} {i}</p></td>")
    assert tables_left(f"<p>A short introduction.</p><table>{two_long}</table>") == 0
    # A single cell of blocks (a frame around an image and its caption) is a box.
    assert tables_left(f"<table><tr><td><img src='a.jpg'><div>{LONG}</div></td></tr></table>{PROSE}") == 0


def test_small_tables_without_layout_signs_stay_tables() -> None:
    assert tables_left(f"{PROSE}<table><tr><td>“We will reopen it,” she said.</td></tr></table>") == 1
    two_rows = rows(2, lambda i: f"<td>Option {i}</td><td>{LONG}</td>")
    assert tables_left(f"{PROSE}<table>{two_rows}</table>") == 1
