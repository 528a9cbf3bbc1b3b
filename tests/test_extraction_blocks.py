"""Block structure read before the generic extractor: ``<br>``-separated text runs become
paragraphs, and lists of teaser links to the site are found even with short titles among them."""

from __future__ import annotations

import lxml.html

from newscrawl.extraction.linebreaks import wrap_line_break_paragraphs
from newscrawl.extraction.linklists import teaser_lists

PAGE_URL = "https://harbourgazette.example/2025/11/03/ferry-timetable-winter/"
LEAD = "The island ferry will run four crossings a day from November instead of six, the operator said."
SECOND = "The first crossing will leave the mainland at seven in the morning, an hour later than now."


def _tree(body: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(f"<html><body>{body}</body></html>")


def _paragraphs(el: lxml.html.HtmlElement) -> list[str]:
    return [" ".join(p.text_content().split()) for p in el.iter("p")]


def test_text_runs_between_line_breaks_become_paragraphs_in_page_order() -> None:
    root = _tree(
        f'<div class="content">{LEAD[:40]}<em><a href="/port/">Port</a></em>{LEAD[40:]}'
        f'<br> <br><img src="/a.jpg"><center>The north pier</center> <br>{SECOND}<br><br>Tickets can be'
        " exchanged.<br></div>"
    )
    assert wrap_line_break_paragraphs(root) == 1
    content = root.find(".//div")
    assert _paragraphs(content) == [
        " ".join((LEAD[:40] + "Port" + LEAD[40:]).split()),
        SECOND,
        "Tickets can be exchanged.",
    ]
    assert [child.tag for child in content] == ["p", "img", "center", "p", "p"]
    assert content.find("p/em/a").get("href") == "/port/"  # inline markup moves with its run
    assert not (content.text or "").strip()


def test_text_of_a_table_cell_is_split_at_its_line_breaks() -> None:
    root = _tree(f"<table><tr><td>{LEAD}<br><br>{SECOND}<br><br></td></tr></table>")
    assert wrap_line_break_paragraphs(root) == 1
    assert _paragraphs(root) == [LEAD, SECOND]


def test_short_lines_and_paragraphs_with_breaks_are_left_alone() -> None:
    address = "<div>Town Hall<br>1 Market Square<br>Northgate</div>"
    poem = f"<p>{LEAD}<br>{SECOND}<br>{LEAD}</p>"
    single = f"<div>{LEAD}<br>{SECOND}</div>"  # one break: a line break, not paragraphs
    root = _tree(address + poem + single)
    before = lxml.html.tostring(root)
    assert wrap_line_break_paragraphs(root) == 0
    assert lxml.html.tostring(root) == before


def _guides(items: str) -> lxml.html.HtmlElement:
    return _tree(f'<div class="article"><p>{LEAD}</p></div><div id="right"><ul>{items}</ul></div>')


CARD = '<li><a href="/guide/{0}/">{1}</a><a href="/guide/{0}/"><p>{2}</p></a></li>'
SHORT = '<li><a href="/guide/{0}/">{1}</a></li>'


def test_a_list_of_teaser_cards_with_short_titles_among_them_is_a_teaser_list() -> None:
    items = (
        CARD.format("tides", "Tide tables explained", "Everything you need to know before you sail.")
        + CARD.format("moorings", "Renting a mooring in the harbour", "How moorings are allocated.")
        + SHORT.format("maps", "Maps")
        + SHORT.format("safari", "iOS 13: Safari")
    )
    found = teaser_lists(_guides(items), PAGE_URL)
    assert [el.tag for el in found] == ["ul"]


def test_a_menu_of_short_section_links_is_no_teaser_list() -> None:
    items = "".join(
        SHORT.format(slug, name) for slug, name in (("news", "News"), ("sport", "Sport"), ("maps", "Maps"))
    )
    assert teaser_lists(_guides(items), PAGE_URL) == []


def test_short_titles_must_not_outnumber_the_teasers() -> None:
    items = CARD.format("tides", "Tide tables explained", "Everything you need to know.") + "".join(
        SHORT.format(slug, name) for slug, name in (("news", "News"), ("sport", "Sport"), ("maps", "Maps"))
    )
    assert teaser_lists(_guides(items), PAGE_URL) == []
