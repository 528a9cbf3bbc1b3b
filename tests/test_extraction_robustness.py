"""extract_page never raises, whatever it is given."""

from __future__ import annotations

import pytest

from newscrawl.extraction import PageExtraction, extract_page

ARTICLE = (
    "<html><head><title>T</title></head><body><article><h1>A headline here</h1>"
    + "<p>Some article text that goes on for a while to be a real paragraph.</p>" * 20
    + "</article></body></html>"
)


@pytest.mark.parametrize(
    "html",
    [
        "",
        " ",
        "<",
        "<html>",
        "<html><body><p>unclosed",
        ARTICLE[: len(ARTICLE) // 2],
        "\x00\x01\x02binary\xff\ufffe",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>",
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": [[[[]]]], </script>',
        '<script type="application/ld+json">' + "[" * 5000 + "]" * 5000 + "</script>",
        "<div>" * 3000 + "deep" + "</div>" * 3000,
        "<html><body>" + "<p>word </p>" * 50_000 + "</body></html>",
        "plain text, no markup at all",
        "%PDF-1.4 \x89PNG\r\n\x1a\n",
    ],
)
def test_never_raises(html: str) -> None:
    result = extract_page(html, "https://example.com/2024/01/02/story")
    assert isinstance(result, PageExtraction)
    assert result.page_type in ("article", "non-article")
    assert isinstance(result.fields, dict)


@pytest.mark.parametrize("url", ["", "not a url", "http://[::1", "https://example.com/\x00"])
def test_bad_urls_never_raise(url: str) -> None:
    assert extract_page(ARTICLE, url).fields.get("headline") == "A headline here"


def test_non_str_input_never_raises() -> None:
    assert extract_page(None, None).page_type == "non-article"  # type: ignore[arg-type]
    assert extract_page(b"<p>bytes</p>", "https://x.test/").page_type == "non-article"  # type: ignore[arg-type]


def test_empty_page_is_non_article_without_body() -> None:
    result = extract_page("", "https://example.com/")
    assert result.page_type == "non-article"
    assert not result.fields.get("article_body")


HUGE = (
    "<html><head>{}</head><body><h1>Index of everything</h1>"
    + "<p>One more line of filler text.</p>" * 70_000
    + "</body></html>"
)
STORY = "The council approved the harbour budget after a long debate about the ferry subsidy and repairs."


def test_a_page_too_large_for_the_dom_extractor_gets_no_body_and_says_so() -> None:
    result = extract_page(HUGE.format("<title>Index</title>"), "https://e.example/index")
    assert result.oversized > 70_000
    assert "article_body" not in result.fields


def test_a_page_too_large_for_the_dom_extractor_keeps_its_structured_body() -> None:
    ld = f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Budget", "articleBody": "{STORY}"}}</script>'
    result = extract_page(HUGE.format(ld), "https://e.example/budget")
    assert result.oversized and result.fields["article_body"] == STORY


def test_an_inline_drawing_does_not_count_towards_the_size_limit() -> None:
    drawing = "<svg>" + "<path d='M0 0L1 1'/>" * 30_000 + "</svg>"
    body = "".join(f"<p>{STORY} Paragraph {n} adds its own detail about the quay.</p>" for n in range(6))
    html = f"<html><head><title>Budget</title></head><body><article><h1>Budget</h1>{drawing}{body}</article></body></html>"
    result = extract_page(html, "https://e.example/budget")
    assert result.oversized == 0 and "Paragraph 5" in result.fields["article_body"]
