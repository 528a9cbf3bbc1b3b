"""The working copy the extractor reads: page regions and controls it would discard anyway go
first, unless they hold the article."""

from __future__ import annotations

import lxml.html

from newscrawl.extraction.prune import prune_tree

PROSE = "The council voted on Tuesday to keep the old bridge open for cyclists and walkers. " * 4


def _pruned(markup: str) -> lxml.html.HtmlElement:
    root = lxml.html.document_fromstring(markup)
    prune_tree(root)
    return root


def test_menus_side_boxes_and_footers_leave_the_working_copy() -> None:
    root = _pruned(
        f"<html><body><nav><a href='/a'>World</a><a href='/b'>Sport</a></nav>"
        f"<article><h1>Bridge stays open</h1><p>{PROSE}</p><aside><p>Read more: other news</p></aside>"
        f"<p>{PROSE}</p></article><footer><p>Contact us</p></footer></body></html>"
    )
    text = root.text_content()
    assert "Bridge stays open" in text and text.count("old bridge") == 8
    assert "World" not in text and "Read more" not in text and "Contact us" not in text
    assert root.find(".//nav") is None and root.find(".//aside") is None and root.find(".//footer") is None


def test_a_menu_that_swallowed_the_article_is_kept() -> None:
    # An unclosed menu item holds the rest of the page: the article is inside the nav element.
    root = _pruned(
        f"<html><body><header><nav><ul><li><a href='/a'>Teams</a><div><main><article>"
        f"<h1>Tickets on sale</h1><p>{PROSE}</p><p>{PROSE}</p></article></main></body></html>"
    )
    assert root.find(".//nav") is not None
    assert root.text_content().count("old bridge") == 8


def test_form_controls_and_embeds_go_but_the_text_after_them_stays() -> None:
    root = _pruned(
        f"<html><body><article><p>{PROSE}<input type='text' value='query'> and the rest."
        f"<iframe src='/ad'>no frames</iframe> More text.</p><textarea>Your comment</textarea>"
        f"</article></body></html>"
    )
    text = root.text_content()
    assert "and the rest." in text and "More text." in text
    assert "no frames" not in text and "Your comment" not in text
    assert root.find(".//input") is None and root.find(".//iframe") is None


def test_a_region_holding_most_of_the_paragraphs_is_kept_without_the_heading() -> None:
    root = _pruned(
        f"<html><body><h1>Bridge stays open</h1><p>Short intro.</p>"
        f"<aside><p>{PROSE}</p><p>{PROSE}</p></aside></body></html>"
    )
    assert root.find(".//aside") is not None and root.text_content().count("old bridge") == 8


def test_a_menu_that_swallowed_an_article_without_paragraphs_is_kept() -> None:
    # No <p> on the page: the article's blocks are divs, inside a menu left open before them.
    blocks = "".join(f"<div>{PROSE}</div>" for _ in range(3))
    root = _pruned(
        f"<html><body><h1>Bridge stays open</h1><div>A short site notice.</div>"
        f"<nav><ul><li><a href='/t'>Teams</a><div>{blocks}</div></li></ul></nav></body></html>"
    )
    assert root.find(".//nav") is not None and root.text_content().count("old bridge") == 12


def test_a_menu_of_links_goes_on_a_page_with_few_paragraphs() -> None:
    links = "".join(f"<li><a href='/s{i}'>Section number {i} of the site</a></li>" for i in range(80))
    root = _pruned(
        f"<html><body><nav><ul>{links}</ul></nav><h1>Bridge stays open</h1>"
        f"<div>The council voted to keep the bridge open.</div></body></html>"
    )
    assert root.find(".//nav") is None and "Section number" not in root.text_content()
