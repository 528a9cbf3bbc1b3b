"""A list of other stories' headlines closing the body is cut; lists that are article text stay."""

from __future__ import annotations

from newscrawl.extraction.headline_lists import cut_headline_list

TEXT = [
    "The council voted on Wednesday to keep the library open for at least three more years.",
    "More than two thousand residents had signed a petition against the closure.",
]
OTHERS = [
    "Ferry operator cancels winter crossings to the islands",
    "New fish market opens on the east quay",
    "Lighthouse keeper's cottage to become a museum",
    "Storm warning issued for the whole coast from Monday",
]


def test_trailing_headlines_and_their_label_are_cut() -> None:
    body, removed = cut_headline_list([*TEXT, "Explore", *OTHERS], set())
    assert body == TEXT
    assert removed == ["Explore", *OTHERS]


def test_three_lines_are_not_a_list() -> None:
    paragraphs = [*TEXT, *OTHERS[:3]]
    assert cut_headline_list(paragraphs, set()) == (paragraphs, [])


def test_plain_list_items_of_the_page_stay() -> None:
    features = [
        "Extremely hard-wearing shaft of 16 mm aluminium",
        "Extended grip of plastic and foam for every hand position",
        "Ergonomic straps for left and right hands, adjustable",
        "Available in seven lengths from 115 to 145 cm",
    ]
    paragraphs = [*TEXT, *features]
    assert cut_headline_list(paragraphs, set(features)) == (paragraphs, [])


def test_a_page_of_headline_lines_only_is_left_alone() -> None:
    assert cut_headline_list(OTHERS, set()) == (OTHERS, [])


def test_sentences_end_the_run() -> None:
    paragraphs = [*TEXT, OTHERS[0], "He said the plan was final.", *OTHERS[1:]]
    assert cut_headline_list(paragraphs, set()) == (paragraphs, [])
