"""The shipped JSON Schema of item schema v1 and validate_article."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from newscrawl.items import ArticleItem
from newscrawl.normalize.loader import load_article
from newscrawl.schema import load_schema, validate_article


def _record(**changes: Any) -> dict[str, Any]:
    record = load_article(
        {
            "headline": "Rates rise",
            "description": "Third hike this year.",
            "article_body": "First.\n\nSecond.",
            "authors": ["By Jane Doe"],
            "date_published": "2024-12-30T09:15:00Z",
            "date_modified": "2024-12-30",
            "tags": "Economy",
            "language": "en-US",
            "images": [{"url": "/a.jpg", "caption": "A"}],
            "related_urls": ["/b"],
        },
        {"headline": "json-ld", "article_body": "dom"},
        "https://example.com/a",
        crawled_at="2025-01-01T10:00:00.123456+00:00",
    )
    record.update(changes)
    return record


def test_schema_is_valid_draft_2020_12() -> None:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False


def test_schema_covers_exactly_the_item_fields() -> None:
    schema = load_schema()
    names = [f.name for f in dataclasses.fields(ArticleItem)]
    assert list(schema["properties"]) == names
    assert schema["required"] == names
    assert all(prop.get("description") for prop in schema["properties"].values())


def test_load_schema_returns_a_copy() -> None:
    load_schema()["required"].clear()
    assert load_schema()["required"]


def test_loaded_record_validates() -> None:
    assert validate_article(_record()) == []


def test_empty_page_record_validates_except_headline() -> None:
    record = load_article({}, {}, "https://example.com/a")
    assert validate_article(record) == ["headline: None is not of type 'string'"]


def test_state_fields_filled_by_pipelines_validate() -> None:
    record = _record(revision=2, run_id="2025-01-01T10-00-00-abc", near_duplicate_of="https://example.com/b")
    assert validate_article(record) == []


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"word_count": "12"}, "word_count"),
        ({"authors": "Jane Doe"}, "authors"),
        ({"schema_version": 2}, "schema_version"),
        ({"date_published": "30/12/2024"}, "date_published"),
        ({"date_published": "2024-12-30T09:15:00Z"}, "date_published"),
        ({"date_modified": "2024-13-01"}, "date_modified"),
        ({"crawled_at": "2025-01-01T10:00:00"}, "crawled_at"),
        ({"language": "en-US"}, "language"),
        ({"content_sha256": "abc"}, "content_sha256"),
        ({"provenance": {"headline": "guess"}}, "provenance/headline"),
        ({"provenance": {"nonsense": "dom"}}, "provenance"),
        ({"images": [{"url": "/relative.jpg", "caption": None, "credit": None}]}, "images/0/url"),
        ({"images": [{"url": "https://e.com/a.jpg"}]}, "images/0"),
        ({"revision": 0}, "revision"),
        ({"extra": 1}, "(record)"),
    ],
)
def test_bad_records_give_errors(changes: dict[str, Any], path: str) -> None:
    errors = validate_article(_record(**changes))
    assert errors
    assert any(e.startswith(f"{path}: ") for e in errors), errors


def test_missing_field_is_an_error() -> None:
    record = _record()
    del record["canonical_url"]
    assert validate_article(record) == ["(record): 'canonical_url' is a required property"]


def test_a_record_is_every_field_with_its_lists_and_objects_copied() -> None:
    item = ArticleItem(
        url="https://e.x/a",
        headline="A headline",
        authors=["Ann Lee"],
        images=[{"url": "https://e.x/i.jpg", "caption": "A quay", "credit": None}],
        provenance={"headline": "json-ld"},
        word_count=3,
    )
    record = item.to_record()
    assert record == dataclasses.asdict(item)
    assert "fetch" not in record
    record["authors"].append("Bo Ng")
    record["images"][0]["caption"] = "changed"
    record["provenance"]["headline"] = "dom"
    assert item.authors == ["Ann Lee"]
    assert item.images[0]["caption"] == "A quay"
    assert item.provenance == {"headline": "json-ld"}
