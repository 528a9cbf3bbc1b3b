"""Flattening HTML nested past the parser's depth limit keeps the text and the structure above it."""

from __future__ import annotations

import lxml.html

from newscrawl.extraction.document import parse_html
from newscrawl.extraction.flatten import flatten_deep_html


def test_wrappers_below_the_limit_are_removed_not_their_contents() -> None:
    html = (
        "<html><body>"
        + "<div>" * 10
        + "<p>deep <b>text</b></p>"
        + "</div>" * 10
        + "<p>after</p></body></html>"
    )
    flat, removed = flatten_deep_html(html, max_depth=5)
    assert removed == 2 * 8  # html, body and three divs stay open; the other seven divs and <b> go
    root = lxml.html.fromstring(flat)
    assert root.text_content() == "deep textafter"
    assert flat.count("<div>") == flat.count("</div>") == 3


def test_a_page_deeper_than_libxml2_parses_keeps_every_paragraph() -> None:
    paragraphs = "".join(f"<p>paragraph {n}</p>" for n in range(5))
    html = (
        "<html><body>" + "<div>" * 5000 + paragraphs + "</div>" * 5000 + "<footer>end</footer></body></html>"
    )
    root = parse_html(html)
    assert [p.text for p in root.iter("p")] == [f"paragraph {n}" for n in range(5)]
    assert root.find(".//footer") is not None


def test_shallow_pages_are_untouched() -> None:
    html = "<html><body><div><p>a</p></div></body></html>"
    assert flatten_deep_html(html) == (html, 0)
