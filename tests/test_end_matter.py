"""End matter closing a body (sources, contacts, links): a label, then short lines only."""

from __future__ import annotations

import pytest

from newscrawl.extraction.closing import drop_closing_notes, end_matter_start

STORY = [
    "The council approved the new cycle path on Tuesday evening by a large majority of its members.",
    "Construction is to start in the autumn and the path should open next summer.",
]


@pytest.mark.parametrize(
    "label", ["Sources:", "Quellen:", "Kontakt:", "Media contact:", "Plus d'informations :"]
)
def test_a_label_and_short_lines_closing_the_body_are_cut(label: str) -> None:
    paragraphs = [*STORY, label, "City council agenda", "Press office of the city"]
    removed: list[str] = []
    drop_closing_notes(paragraphs, removed)
    assert paragraphs == STORY
    assert removed == [label, "City council agenda", "Press office of the city"]


@pytest.mark.parametrize(
    "ending",
    [
        ["Sources:", "The figures come from the city's own budget report, published in March."],  # a sentence
        ["Die Ergebnisse:", "1. Lea Hoffmann", "2. Petra Sander"],  # not a label of end matter
        ["Sources:", "x" * 130],  # a long line
        ["Kontakt:", "„Wir freuen uns auf viele Besucher.“"],  # a quoted sentence
        ["Infos:", "Samstag, 14. Juni, 10 bis 18 Uhr", "Stadthalle"],  # an info box of the story
    ],
)
def test_what_is_not_end_matter_stays(ending: list[str]) -> None:
    assert end_matter_start([*STORY, *ending]) is None


def test_the_first_paragraph_is_never_end_matter() -> None:
    assert end_matter_start(["Links:", "Band 14", "Band 15"]) is None
    assert end_matter_start(["Intro of the page.", "Links:", "Band 14", "Band 15"]) == 1
