"""Structured data layers: JSON-LD shapes, microdata, OpenGraph-only and meta-only pages."""

from __future__ import annotations

import json
from typing import Any

from newscrawl.extraction import extract_page
from newscrawl.extraction.structured import flatten, load_jsonld_blocks, pick_article

URL = "https://news.example.org/world/2024/05/06/harbour-strike-ends"
PARAGRAPHS = "".join(
    f"<p>Paragraph {i} of the story says the dockworkers went back to work after a long dispute "
    f"over pay and shift patterns at the harbour.</p>"
    for i in range(8)
)


def page(head: str, body: str = "") -> str:
    return (
        f'<!doctype html><html lang="en-GB"><head><meta charset="utf-8">{head}</head>'
        f"<body><article><h1>Harbour strike ends</h1>{body or PARAGRAPHS}</article></body></html>"
    )


def ld(data: Any) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_graph_with_id_references_yoast_style() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "@id": "https://news.example.org/#website", "name": "Example News"},
            {
                "@type": "Organization",
                "@id": "https://news.example.org/#org",
                "name": "Example News Ltd",
            },
            {"@type": "Person", "@id": "https://news.example.org/#/person/1", "name": "Ana Silva"},
            {"@type": "WebPage", "@id": URL, "name": "Harbour strike ends - Example News"},
            {
                "@type": ["NewsArticle", "Article"],
                "@id": URL + "#article",
                "isPartOf": {"@id": URL},
                "headline": "Harbour strike ends",
                "author": [{"@id": "https://news.example.org/#/person/1"}],
                "publisher": {"@id": "https://news.example.org/#org"},
                "datePublished": "2024-05-06T08:30:00+02:00",
                "dateModified": "2024-05-06T10:00:00+02:00",
                "articleSection": ["World", "Europe"],
                "keywords": ["Strikes", "Ports"],
                "inLanguage": "en-GB",
            },
        ],
    }
    r = extract_page(page(ld(graph)), URL)
    f = r.fields
    assert f["headline"] == "Harbour strike ends"
    assert f["authors"] == ["Ana Silva"]
    assert f["publisher"] == "Example News Ltd"
    assert f["date_published"] == "2024-05-06T08:30:00+02:00"
    assert f["date_modified"] == "2024-05-06T10:00:00+02:00"
    assert f["section"] == "World"
    assert f["tags"] == ["Strikes", "Ports"]
    assert r.provenance["authors"] == "json-ld"
    assert r.page_type == "article"


def test_top_level_array_picks_the_article_not_the_breadcrumb() -> None:
    data = [
        {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": []},
        {
            "@context": "https://schema.org",
            "@type": "ReportageNewsArticle",
            "headline": "Harbour strike ends",
            "author": "By Ana Silva and Tom Berg",
            "datePublished": "2024-05-06",
            "image": ["https://cdn.example.org/a.jpg", "https://cdn.example.org/b.jpg"],
        },
    ]
    f = extract_page(page(ld(data)), URL).fields
    assert f["authors"] == ["Ana Silva", "Tom Berg"]
    assert f["date_published"] == "2024-05-06"
    assert f["images"][0]["url"] == "https://cdn.example.org/a.jpg"


def test_nested_main_entity_and_author_object_list_and_image_object() -> None:
    data = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "mainEntity": {
            "@type": "BlogPosting",
            "headline": "Harbour strike ends",
            "author": [
                {"@type": "Person", "name": "Ana Silva", "url": "https://x.org/ana"},
                {"@type": "Organization", "name": "Reuters"},
            ],
            "image": {
                "@type": "ImageObject",
                "url": "https://cdn.example.org/main.jpg",
                "caption": "Cranes at dawn / AP",
            },
            "publisher": {"@type": "Organization", "name": "Example News", "logo": {"url": "x.png"}},
        },
    }
    f = extract_page(page(ld(data)), URL).fields
    assert f["authors"] == ["Ana Silva", "Reuters"]
    assert f["images"][0] == {
        "url": "https://cdn.example.org/main.jpg",
        "caption": "Cranes at dawn",
        "credit": "AP",
    }
    assert f["publisher"] == "Example News"


def test_author_given_and_family_name() -> None:
    data = {
        "@type": "NewsArticle",
        "headline": "Harbour strike ends",
        "author": {"@type": "Person", "givenName": "Ana", "familyName": "Silva"},
    }
    assert extract_page(page(ld(data)), URL).fields["authors"] == ["Ana Silva"]


def test_broken_json_with_trailing_comma_and_html_comment_is_repaired() -> None:
    raw = '<!-- {"@type": "NewsArticle", "headline": "Harbour strike ends", "author": {"name": "Ana Silva"},} -->'
    nodes = flatten(load_jsonld_blocks([raw]))
    assert pick_article(nodes, set()) is not None
    assert pick_article(nodes, set())["author"] == {"name": "Ana Silva"}  # type: ignore[index]


def test_pick_article_prefers_the_one_about_this_url() -> None:
    nodes = flatten(
        [
            {"@type": "NewsArticle", "headline": "Other story", "url": "https://news.example.org/other"},
            {"@type": "NewsArticle", "headline": "This story", "url": URL},
        ]
    )
    chosen = pick_article(nodes, {URL})
    assert chosen is not None and chosen["headline"] == "This story"


def test_opengraph_only_page() -> None:
    head = (
        '<meta property="og:title" content="Harbour strike ends">'
        '<meta property="og:type" content="article">'
        '<meta property="og:site_name" content="Example News">'
        '<meta property="og:description" content="Dockworkers return after six weeks.">'
        '<meta property="og:image" content="/img/cranes.jpg">'
        '<meta property="og:url" content="https://news.example.org/harbour-strike-ends">'
        '<meta property="article:published_time" content="2024-05-06T06:30:00Z">'
        '<meta property="article:modified_time" content="2024-05-07T06:30:00Z">'
        '<meta property="article:section" content="World">'
        '<meta property="article:tag" content="Strikes"><meta property="article:tag" content="Ports">'
    )
    r = extract_page(page(head), URL)
    f = r.fields
    assert f["headline"] == "Harbour strike ends"
    assert f["description"] == "Dockworkers return after six weeks."
    assert f["publisher"] == "Example News"
    assert f["date_published"] == "2024-05-06T06:30:00+00:00"
    assert f["date_modified"] == "2024-05-07T06:30:00+00:00"
    assert f["section"] == "World"
    assert f["tags"] == ["Strikes", "Ports"]
    assert f["images"][0]["url"] == "https://news.example.org/img/cranes.jpg"
    assert f["canonical_url"] == "https://news.example.org/harbour-strike-ends"
    assert f["language"] == "en"
    assert r.provenance["date_published"] == "opengraph"
    assert r.page_type == "article"
    assert r.page_type_reason == "og:type=article"


def test_generic_meta_tags() -> None:
    head = (
        "<title>Harbour strike ends | Example News</title>"
        '<meta name="description" content="Dockworkers return.">'
        '<meta name="author" content="Ana Silva, Tom Berg">'
        '<meta name="news_keywords" content="Strikes, Ports, Harbour">'
        '<meta name="parsely-pub-date" content="2024-05-06T06:30:00Z">'
        '<meta name="parsely-section" content="World">'
    )
    r = extract_page(page(head), URL)
    f = r.fields
    assert f["authors"] == ["Ana Silva", "Tom Berg"]
    assert f["tags"] == ["Strikes", "Ports", "Harbour"]
    assert f["date_published"] == "2024-05-06T06:30:00+00:00"
    assert f["section"] == "World"
    assert r.provenance["authors"] == "meta"


MICRODATA = """<!doctype html><html lang="de"><head><title>Hafenstreik beendet</title></head><body>
<article itemscope itemtype="https://schema.org/NewsArticle">
  <h1 itemprop="headline">Hafenstreik beendet</h1>
  <div class="byline">Von <span itemprop="author" itemscope itemtype="https://schema.org/Person">
    <span itemprop="name">Jana Weber</span></span></div>
  <time itemprop="datePublished" datetime="2024-05-06T09:00:00+02:00">6. Mai 2024</time>
  <meta itemprop="dateModified" content="2024-05-06T11:00:00+02:00">
  <span itemprop="publisher" itemscope itemtype="https://schema.org/Organization">
    <meta itemprop="name" content="Hafenblatt"></span>
  <div itemprop="articleBody">
    <p>Die Hafenarbeiter haben nach sechs Wochen die Arbeit wieder aufgenommen, teilte die Gewerkschaft mit.</p>
    <p>Der Streik hatte den Warenumschlag im größten Hafen des Landes fast vollständig lahmgelegt.</p>
    <p>Beide Seiten einigten sich auf eine Lohnerhöhung von vier Prozent in zwei Stufen und neue Schichtpläne.</p>
    <p>Die Reedereien rechnen damit, dass sich der Rückstau in den kommenden zwei Wochen auflöst.</p>
  </div>
</article></body></html>"""


def test_microdata_page() -> None:
    r = extract_page(MICRODATA, "https://hafenblatt.example/politik/hafenstreik-beendet")
    f = r.fields
    assert f["headline"] == "Hafenstreik beendet"
    assert f["authors"] == ["Jana Weber"]
    assert f["date_published"] == "2024-05-06T09:00:00+02:00"
    assert f["date_modified"] == "2024-05-06T11:00:00+02:00"
    assert f["publisher"] == "Hafenblatt"
    assert f["language"] == "de"
    assert r.provenance["authors"] == "microdata"
    assert f["article_body"].startswith("Die Hafenarbeiter haben")
    assert "Jana Weber" not in f["article_body"]
    assert len(f["article_body"].split("\n\n")) == 4
