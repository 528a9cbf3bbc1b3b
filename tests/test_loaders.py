"""ArticleLoader field processors and load_article, field by field."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from typing import Any

import pytest

from newscrawl.items import ArticleItem
from newscrawl.normalize.loader import PROVENANCE_SOURCES, ArticleLoader, PageHints, load_article

URL = "https://www.example.com/news/2024/12/30/rates-rise?utm_source=feed&id=7"

RAW: dict[str, Any] = {
    "headline": "  Rates &amp; prices <em>rise</em> again | Example News ",
    "description": "<p>The central bank&#8217;s third hike\u00a0this year.</p>",
    "article_body": "  First paragraph,\nwrapped.  \n\n\n\u00a0\n\nSecond paragraph.  ",
    "authors": ["By JANE DOE and John Smith, Economics Correspondent", {"name": "Jane Doe"}],
    "date_published": "Mon, 30 Dec 2024 09:15:00 +0000",
    "date_modified": "2024-12-30T11:00:00Z",
    "section": ["Economy", "Markets"],
    "tags": "Rates, inflation, rates , ",
    "language": "en-GB",
    "publisher": {"@type": "Organization", "name": "Example News"},
    "attribution": "Example News &amp; Agencies",
    "images": [
        {"url": "/img/main.jpg", "caption": " Traders <b>watch</b> ", "credit": None},
        {"url": "https://www.example.com/img/main.jpg", "caption": "dup", "credit": "AFP"},
        "//cdn.example.com/img/second.jpg",
        {"url": "data:image/gif;base64,R0lGOD"},
        {"caption": "no url"},
    ],
    "related_urls": [
        "/news/other-story/?utm_medium=x",
        "https://www.example.com/news/other-story",
        "/news/2024/12/30/rates-rise?id=7#comments",
        "javascript:void(0)",
        "https://elsewhere.org/story",
    ],
    "canonical_url": "/news/2024/12/30/rates-rise?id=7",
}
PROVENANCE = {
    "headline": "json-ld",
    "description": "opengraph",
    "article_body": "dom",
    "authors": "json-ld",
    "date_published": "json-ld",
    "canonical_url": "dom",
    "tags": "meta",
    "images": "json-ld",
    "related_urls": "dom",
}


@pytest.fixture(scope="module")
def record() -> dict[str, Any]:
    return load_article(RAW, PROVENANCE, URL, crawled_at="2025-01-01T00:00:00+00:00")


def test_every_schema_field_present_in_item_order(record: dict[str, Any]) -> None:
    assert list(record) == [f.name for f in dataclasses.fields(ArticleItem)]


def test_identity_fields(record: dict[str, Any]) -> None:
    assert record["url"] == URL
    assert record["canonical_url"] == "https://www.example.com/news/2024/12/30/rates-rise?id=7"
    assert record["site"] == "example.com"
    assert record["schema_version"] == 1


def test_text_fields(record: dict[str, Any]) -> None:
    assert record["headline"] == "Rates & prices rise again"  # publisher suffix dropped
    assert record["description"] == "The central bank’s third hike this year."
    assert record["section"] == "Economy"
    assert record["publisher"] == "Example News"
    assert record["attribution"] == "Example News & Agencies"


def test_body_and_statistics(record: dict[str, Any]) -> None:
    body = "First paragraph, wrapped.\n\nSecond paragraph."
    assert record["article_body"] == body
    assert record["word_count"] == 5
    assert record["reading_time_minutes"] == 1
    assert record["content_sha256"] == hashlib.sha256(body.encode()).hexdigest()


def test_people_and_topics(record: dict[str, Any]) -> None:
    assert record["authors"] == ["Jane Doe", "John Smith"]
    assert record["tags"] == ["Rates", "inflation"]
    assert record["language"] == "en"


def test_dates(record: dict[str, Any]) -> None:
    assert record["date_published"] == "2024-12-30T09:15:00+00:00"
    assert record["date_modified"] == "2024-12-30T11:00:00+00:00"


def test_images_absolute_and_deduped(record: dict[str, Any]) -> None:
    assert record["images"] == [
        {"url": "https://www.example.com/img/main.jpg", "caption": "Traders watch", "credit": "AFP"},
        {"url": "https://cdn.example.com/img/second.jpg", "caption": None, "credit": None},
    ]


def test_related_urls_absolute_deduped_without_self(record: dict[str, Any]) -> None:
    assert record["related_urls"] == [
        "https://www.example.com/news/other-story",
        "https://elsewhere.org/story",
    ]


def test_provenance_only_for_fields_with_values(record: dict[str, Any]) -> None:
    assert record["provenance"] == PROVENANCE


def test_state_fields(record: dict[str, Any]) -> None:
    assert record["crawled_at"] == "2025-01-01T00:00:00+00:00"
    assert record["near_duplicate_of"] is None
    assert record["revision"] is None
    assert record["run_id"] is None


def test_empty_input_gives_complete_empty_record() -> None:
    record = load_article({}, {"headline": "json-ld"}, "https://example.com/a/")
    assert record["canonical_url"] == "https://example.com/a"
    assert record["headline"] is None
    assert record["article_body"] == ""
    assert record["authors"] == [] and record["tags"] == [] and record["images"] == []
    assert record["related_urls"] == []
    assert record["word_count"] == 0 and record["reading_time_minutes"] == 0
    assert record["content_sha256"] is None
    assert record["provenance"] == {}  # headline had no value
    assert record["crawled_at"] is None


def test_site_argument_wins() -> None:
    assert (
        load_article({}, {}, "https://www.trtworld.com/a", hints=PageHints(site="trtworld"))["site"]
        == "trtworld"
    )


def test_description_identical_to_headline_is_dropped() -> None:
    record = load_article({"headline": "Rates rise", "description": " rates  RISE "}, {}, "https://e.com/a")
    assert record["description"] is None


def test_description_standfirst_kept_even_if_body_starts_with_it() -> None:
    fields = {"headline": "Rates rise", "description": "Third hike.", "article_body": "Third hike. More."}
    assert load_article(fields, {}, "https://e.com/a")["description"] == "Third hike."


def test_cross_domain_canonical_hint_ignored_with_its_provenance() -> None:
    record = load_article(
        {"canonical_url": "https://syndicator.net/a"}, {"canonical_url": "dom"}, "https://e.com/a?fbclid=x"
    )
    assert record["canonical_url"] == "https://e.com/a"
    assert "canonical_url" not in record["provenance"]


def test_unknown_provenance_source_dropped(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="newscrawl.normalize.loader"):
        record = load_article({"headline": "H"}, {"headline": "jsonld"}, "https://e.com/a")
    assert record["provenance"] == {}
    assert "jsonld" in caplog.text


def test_body_given_as_paragraph_list() -> None:
    record = load_article({"article_body": ["One.", " ", "Two  three."]}, {}, "https://e.com/a")
    assert record["article_body"] == "One.\n\nTwo three."
    assert record["word_count"] == 3


def test_bad_dates_become_none() -> None:
    record = load_article(
        {"date_published": "yesterday", "date_modified": "1970-01-01"}, {}, "https://e.com/a"
    )
    assert record["date_published"] is None
    assert record["date_modified"] is None


def test_tags_as_list_and_odd_values() -> None:
    record = load_article(
        {"tags": ["Economy", "economy", 2025, None, {"name": "Turkey"}]}, {}, "https://e.com/a"
    )
    assert record["tags"] == ["Economy", "2025", "Turkey"]


def test_loader_directly_with_base_url() -> None:
    loader = ArticleLoader(base_url="https://e.com/news/a")
    loader.add_value("headline", ["", "<b>First</b>", "Second"])
    loader.add_value("images", "pic.jpg")
    item = loader.load_item()
    assert isinstance(item, ArticleItem)
    assert item.headline == "First"
    assert item.images == [{"url": "https://e.com/news/pic.jpg", "caption": None, "credit": None}]


def test_provenance_sources_match_schema() -> None:
    from newscrawl.schema import load_schema

    enum = load_schema()["properties"]["provenance"]["additionalProperties"]["enum"]
    assert set(enum) == PROVENANCE_SOURCES
