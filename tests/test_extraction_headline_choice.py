"""Headline choice between structured data, meta titles and the visible h1; body line filters
added with it (link teasers, status lines, contact and promo lines)."""

from __future__ import annotations

import json

import lxml.html
import pytest

from newscrawl.extraction import extract_page
from newscrawl.extraction.cleanup import clean_paragraphs
from newscrawl.extraction.headline import h1_kicker, has_affix, repair_mojibake, same

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
