"""Page type: article vs non-article, with reasons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawl.extraction import PageExtraction, extract_page

TEXT = "".join(
    f"<p>Paragraph {i}: the council approved the budget after a long debate about transport.</p>"
    for i in range(8)
)


def test_video_page_is_non_article() -> None:
    html = """<html><head><meta property="og:type" content="video.other">
      <meta property="og:title" content="Explainer"></head><body><h1>Explainer</h1><p>Short blurb.</p></body></html>"""
    r = extract_page(html, "https://g.example/video/explainer")
    assert (r.page_type, r.page_type_reason) == ("non-article", "og:type=video.other")


def test_collection_page_is_non_article() -> None:
    data = {"@type": "CollectionPage", "name": "Politics"}
    html = f"""<html><head><script type="application/ld+json">{json.dumps(data)}</script></head>
      <body><h1>Politics</h1>{TEXT}</body></html>"""
    r = extract_page(html, "https://g.example/politics/")
    assert (r.page_type, r.page_type_reason) == ("non-article", "json-ld CollectionPage")


def test_listing_page_is_non_article() -> None:
    cards = "".join(
        f'<div class="card"><h3><a href="/news/story-{i}">Story number {i} headline</a></h3><p>Teaser {i}.</p></div>'
        for i in range(30)
    )
    html = f'<html><head><meta property="og:type" content="website"></head><body><h1>Latest</h1>{cards}</body></html>'
    assert extract_page(html, "https://g.example/latest").page_type == "non-article"


def test_page_without_body_is_non_article() -> None:
    r = extract_page("<html><body><h1>Just a title</h1></body></html>", "https://g.example/x")
    assert (r.page_type, r.page_type_reason) == ("non-article", "no article body")


def test_article_page() -> None:
    html = f"""<html><head><meta property="og:type" content="article"></head>
      <body><article><h1>Budget approved</h1>{TEXT}</article></body></html>"""
    r = extract_page(html, "https://g.example/news/budget-approved")
    assert (r.page_type, r.page_type_reason) == ("article", "og:type=article")


def test_japanese_article_is_counted_by_characters_not_spaces() -> None:
    sentence = "東京都は新しい交通計画を発表し、市内の渋滞を減らすために自転車道を大幅に増やす方針を示した。"
    html = f"""<html lang="ja"><head><meta property="og:type" content="article"></head>
      <body><article><h1>東京都が新交通計画</h1>{"".join(f"<p>{sentence}（{i}）</p>" for i in range(6))}</article></body></html>"""
    r = extract_page(html, "https://news.example.jp/articles/123")
    assert (r.page_type, r.page_type_reason) == ("article", "og:type=article")


GOLDEN_DIR = Path(__file__).parent / "fixtures" / "pages"
NON_ARTICLE_CASES = {
    "listing-page-by-links": "listing page",
    "listing-page-collectionpage": "json-ld CollectionPage",
    "x-class-tag-page": "og:type=website with little text",
    "x-class-author-page": "og:type=profile",
    "video-page": "og:type=video.other",
    "x-class-live-stream-page": "og:type=video.other",
}


@pytest.mark.parametrize("case", sorted(NON_ARTICLE_CASES))
def test_golden_non_article_pages_keep_their_reason(case: str) -> None:
    folder = GOLDEN_DIR / case
    html = (folder / "page.html").read_text(encoding="utf-8")
    result = extract_page(html, (folder / "url.txt").read_text(encoding="utf-8").strip())
    assert (result.page_type, result.page_type_reason) == ("non-article", NON_ARTICLE_CASES[case])
    assert result.is_other_page_type


@pytest.mark.parametrize(
    "case", ["x-class-article-among-headline-links", "x-class-short-news-on-website-page"]
)
def test_pages_with_a_run_of_prose_are_articles(case: str) -> None:
    folder = GOLDEN_DIR / case
    html = (folder / "page.html").read_text(encoding="utf-8")
    result = extract_page(html, (folder / "url.txt").read_text(encoding="utf-8").strip())
    assert result.page_type == "article", result.page_type_reason


def test_every_decision_has_a_reason_and_a_stat_key() -> None:
    for case in NON_ARTICLE_CASES:
        folder = GOLDEN_DIR / case
        result = extract_page((folder / "page.html").read_text(encoding="utf-8"), "https://example.org/x")
        assert result.page_type_reason
        assert result.page_type_reason_key.replace("_", "").isalnum()
    assert (
        PageExtraction(page_type_reason="og:type=video.other").page_type_reason_key == "og_type_video_other"
    )
    assert PageExtraction().page_type_reason_key == "unknown"


def test_a_microdata_article_is_named_by_its_type() -> None:
    html = f"""<html><head><title>Budget</title></head><body>
      <article itemscope itemtype="https://schema.org/NewsArticle"><h1 itemprop="headline">Budget passes</h1>
      <div itemprop="articleBody">{TEXT}</div></article></body></html>"""
    r = extract_page(html, "https://g.example/politics/budget-passes")
    assert (r.page_type, r.page_type_reason) == ("article", "microdata NewsArticle")
