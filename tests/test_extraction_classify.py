"""Page type: article vs non-article, with reasons."""

from __future__ import annotations

import json

from newscrawl.extraction import extract_page

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
