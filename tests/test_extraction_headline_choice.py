"""Headline choice between structured data, meta titles and the visible h1; body line filters
added with it (link teasers, status lines, contact and promo lines)."""

from __future__ import annotations

import json

import lxml.html
import pytest

from newscrawl.extraction import extract_page
from newscrawl.extraction.cleanup import clean_paragraphs
from newscrawl.extraction.headline import h1_kicker, has_affix, repair_mojibake, same
from newscrawl.extraction.headline_compare import condensed

BODY = "".join(
    f"<p>Paragraph {i}: the council approved the budget after a long debate about transport "
    f"and housing in the city centre.</p>"
    for i in range(6)
)


def page(head: str, h1: str = "") -> str:
    return f"<html lang='en'><head>{head}</head><body><article>{h1}{BODY}</article></body></html>"


def ld(headline: str) -> str:
    node = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": headline}
    return f'<script type="application/ld+json">{json.dumps(node)}</script>'


def test_structured_headline_wins_over_a_different_social_title() -> None:
    head = (
        ld("Council approves the budget for next year") + '<meta property="og:title" content="Budget passes">'
    )
    r = extract_page(page(head, "<h1>Budget passes</h1>"), "https://gazette.example/a")
    assert r.fields["headline"] == "Council approves the budget for next year"
    assert r.provenance["headline"] == "json-ld"


def test_visible_h1_wins_when_it_reads_as_the_structured_headline() -> None:
    head = ld("Council approves budget")
    r = extract_page(page(head, "<h1>Council approves budget!</h1>"), "https://gazette.example/a")
    assert r.fields["headline"] == "Council approves budget!"
    assert r.provenance["headline"] == "dom"


def test_meta_title_with_a_kicker_gives_way_to_the_h1() -> None:
    head = '<meta property="og:title" content="Exclusive: Council approves budget">'
    r = extract_page(page(head, "<h1>Council approves budget</h1>"), "https://gazette.example/a")
    assert r.fields["headline"] == "Council approves budget"


def test_has_affix_and_same() -> None:
    assert has_affix("Council approves budget-Politics", "Council approves budget")
    assert has_affix("Exclusive: Council approves budget", "Council approves budget")
    assert not has_affix("Council approves budget for the coming financial year", "Council approves budget")
    assert same("“Council” approves budget", '"Council" approves budget')


def test_status_and_promo_lines_are_dropped() -> None:
    kept = "The council approved the budget after a long debate about transport and housing."
    lines = [
        "02:57 Min.. Verfügbar bis 06.05.2024.",
        "Stand: 22.04.2024, 06:00 Uhr",
        "Uppdaterad 15.59 | Publicerad 14.14",
        "Got a story? Get in touch at news@gazette.example",
        "Sign up for the Gazette today to get the free daily newsletter delivered to your inbox.",
        "(Read also: Bridge repairs delayed)",
        "© Gazette Media 2025",
        kept,
        "Stand der Dinge: the council will meet again in May.",
    ]
    assert clean_paragraphs(lines).paragraphs == [
        kept,
        "Stand der Dinge: the council will meet again in May.",
    ]


def test_link_teasers_in_a_row_are_dropped_but_a_single_link_line_stays() -> None:
    paras = ["Bridge repairs delayed until spring", "Lighthouse open day draws a crowd", "A real paragraph."]
    links = {"bridgerepairsdelayeduntilspring", "lighthouseopendaydrawsacrowd"}
    assert clean_paragraphs(paras, link_texts=links).paragraphs == ["A real paragraph."]
    single = ["A real paragraph.", "Bridge repairs delayed until spring", "Another real paragraph."]
    assert clean_paragraphs(single, link_texts=links).paragraphs == single


@pytest.mark.parametrize(
    "markup",
    [
        '<h1><span class="line">Storm closes the</span><span class="line">coast road again tonight</span></h1>',
        "<h1><em>Hamlet</em> returns to the stage after ten years</h1>",
        "<h1>Council approves the <span>new harbour</span> plan</h1>",
    ],
)
def test_no_kicker_in_one_headline_split_for_style(markup: str) -> None:
    assert h1_kicker(lxml.html.fragment_fromstring(markup)) is None


def test_kicker_set_apart_by_class_or_separator() -> None:
    two_styles = (
        '<h1><span class="top">Premier League</span> <span class="text">Liverpool lose at Everton</span></h1>'
    )
    separated = "<h1><strong>Exclusive:</strong> Mayor to stand down at next election</h1>"
    assert h1_kicker(lxml.html.fragment_fromstring(two_styles)) == (
        "Premier League",
        "Liverpool lose at Everton",
    )
    assert h1_kicker(lxml.html.fragment_fromstring(separated)) == (
        "Exclusive",
        "Mayor to stand down at next election",
    )


def test_mojibake_repaired_and_plain_text_kept() -> None:
    assert repair_mojibake("CafÃ© rÃ©ouvert") == "Café réouvert"
    assert repair_mojibake("Straße und Café") == "Straße und Café"
    assert repair_mojibake("江边小镇") == "江边小镇"


def microdata_page(headline: str, head: str, h1: str) -> str:
    return (
        f"<html lang='en'><head>{head}</head><body>"
        f"<div itemscope itemtype='https://schema.org/NewsArticle'>"
        f"<meta itemprop='headline' content='{headline}'>{h1}{BODY}</div></body></html>"
    )


@pytest.mark.parametrize(
    ("declared", "social", "shown"),
    [
        # a word left out inside
        (
            "Harbour board to review reports of safety lapses on night ferries",
            '<meta property="og:title" content="Harbour board to review reports of lapses on night ferries">',
            "<h1>Harbour board to review reports of safety lapses on night ferries</h1>",
        ),
        # the closing clause left out, twitter:title only
        (
            "Rovers seal promotion on emotional night at Fenwick Park in hard-fought draw with United",
            '<meta name="twitter:title" content="Rovers seal promotion on emotional night at Fenwick Park">',
            "<h1 class='title'><span>Rovers seal promotion on emotional night at Fenwick Park in "
            "hard-fought draw with United</span></h1>",
        ),
        # the first part of a hyphenated word left out
        (
            'FC-Trainer Okafor: "We still have everything to play for"',
            '<meta property="og:title" content=\'Trainer Okafor: "We still have everything to play for"\'>',
            '<h1>FC-Trainer Okafor: "We still have everything to play for"</h1>',
        ),
    ],
)
def test_social_title_that_tightens_the_structured_headline_wins(
    declared: str, social: str, shown: str
) -> None:
    r = extract_page(page(ld(declared) + social, shown), "https://gazette.example/a")
    assert r.fields["headline"] == extract_social(social)
    assert r.provenance["headline"] == "opengraph"
    assert not r.fields.get("kicker")


def extract_social(meta: str) -> str:
    return lxml.html.fragment_fromstring(meta).get("content") or ""


def test_tightened_social_title_wins_over_microdata_headline() -> None:
    declared = "Library extension opens after three years of delays and a row over costs"
    social = '<meta property="og:title" content="Library extension opens after three years of delays">'
    html = microdata_page(declared, social, f"<h2>{declared}</h2>")
    assert extract_page(html, "https://courier.example/b").fields["headline"] == (
        "Library extension opens after three years of delays"
    )


@pytest.mark.parametrize(
    ("declared", "social"),
    [
        # a rewrite that ends a question where the declared headline goes on
        (
            "Who is the new harbour master Ana Ruiz and what will she change?",
            "Who is the new harbour master Ana Ruiz?",
        ),
        # most words left out: another headline, not a tightened one
        ("Council approves the budget for next year after a long night of debate", "Council approves budget"),
        # a kicker set off by a colon: the structured headline stays as declared
        (
            "Storm warning: Coast road closed as waves top the sea wall",
            "Coast road closed as waves top the sea wall",
        ),
        # cut short for sharing, with an ellipsis
        (
            "Harbour board to review reports of safety lapses on night ferries",
            "Harbour board to review reports of safety lapses ...",
        ),
        # filler words left out in two places: a keyword title
        (
            "New power meters with wireless readout and remote shut-off",
            "New power meters wireless readout remote shut-off",
        ),
        # words in another order
        ("Ferry fares rise again as the operator blames fuel costs", "Fuel costs: ferry fares rise again"),
    ],
)
def test_structured_headline_kept_when_the_social_title_is_no_cut(declared: str, social: str) -> None:
    head = ld(declared) + f'<meta property="og:title" content="{social}">'
    r = extract_page(page(head, f"<h1>{declared}</h1>"), "https://gazette.example/a")
    assert r.fields["headline"] == declared


def test_condensed_words() -> None:
    assert condensed("Rates rise again as banks react", "Rates rise again as big banks react")
    assert condensed("Star’s comeback tour begins", "Star's comeback tour begins in Leeds")
    assert not condensed("Rates rise again", "Rates rise again as banks react")  # too few words
    assert not condensed("Rates rise again as banks react", "Rates rise again as banks react")


def test_hyphenated_first_word_is_no_kicker() -> None:
    assert not has_affix(
        "FC-Trainer Okafor stays for another season", "Trainer Okafor stays for another season"
    )
    assert has_affix(
        "Exclusive - Trainer Okafor stays for another season", "Trainer Okafor stays for another season"
    )


@pytest.mark.parametrize(
    ("h1", "is_site_title"),
    [
        ('<h1 class="site-title"><a href="https://gazette.example/" rel="home">Valley Notes</a></h1>', True),
        ('<h1><a href="/"><span>Valley Notes</span></a></h1>', True),
        ('<h1><a href="/index.php">Valley Notes</a></h1>', True),
        # a link to the article itself, or to another page of the site, is a linked headline
        ('<h1><a href="/2025/03/valley-notes">Valley Notes</a></h1>', False),
        ('<h1><a href="/?page=2">Valley Notes</a></h1>', False),
        # another site's home page, or words of the h1 outside the link
        ('<h1><a href="https://other.example/">Valley Notes</a></h1>', False),
        ('<h1>Review: <a href="/">Valley Notes</a></h1>', False),
    ],
)
def test_an_h1_that_only_links_to_the_home_page_is_the_site_name(h1: str, is_site_title: bool) -> None:
    head = "<title>Council approves the budget › Valley Notes</title>"
    r = extract_page(page(head, h1), "https://gazette.example/2025/03/budget")
    if is_site_title:
        assert r.fields["headline"] == "Council approves the budget"
    else:
        assert r.fields["headline"].endswith("Valley Notes")
