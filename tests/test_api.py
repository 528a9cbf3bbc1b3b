"""newscrawl.extract: one page in, one schema-v1 record out, never raising."""

from __future__ import annotations

import logging
from typing import Any

import pytest

import newscrawl
import newscrawl.api as api
from newscrawl.extraction.result import PageExtraction
from newscrawl.schema import validate_article

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Rates rise again | Example News</title>
<link rel="canonical" href="https://example.com/news/rates-rise">
</head><body><article><h1>Rates rise again</h1>
<p>The central bank raised rates for the third time this year, citing café prices.</p>
<p>Markets had expected the move after weeks of signals from policymakers.</p>
</article></body></html>"""
URL = "https://example.com/news/rates-rise?utm_source=rss"


def _fake_result(fields: dict[str, Any]) -> PageExtraction:
    return PageExtraction(fields=fields, provenance={k: "dom" for k in fields}, page_type="article")


def test_extract_goes_through_extraction_and_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, str]] = []

    def fake_extract_page(html: str, url: str, rules: object = ()) -> PageExtraction:
        seen.append((html, url))
        return _fake_result({"headline": "Rates &amp; rise", "article_body": "One.\n\nTwo."})

    monkeypatch.setattr(api, "extract_page", fake_extract_page)
    record = newscrawl.extract("<html>café</html>".encode(), URL)
    assert seen == [("<html>café</html>", URL)]  # bytes decoded first
    assert record["headline"] == "Rates & rise"
    assert record["canonical_url"] == "https://example.com/news/rates-rise"
    assert record["word_count"] == 2
    assert record["provenance"] == {"headline": "dom", "article_body": "dom"}


def test_extract_never_raises(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def broken(html: str, url: str, rules: object = ()) -> PageExtraction:
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "extract_page", broken)
    with caplog.at_level(logging.ERROR, logger="newscrawl.api"):
        record = newscrawl.extract("<html>", URL)
    assert record["article_body"] == ""
    assert record["url"] == URL
    assert record["canonical_url"] == "https://example.com/news/rates-rise"
    assert "boom" in caplog.text


@pytest.mark.parametrize("html", ["", "<", b"\xff\xfe\x00garbage", "<html><body></body></html>"])
def test_extract_bad_html_gives_a_record(html: str | bytes) -> None:
    record = newscrawl.extract(html, URL)
    assert record["schema_version"] == 1
    assert isinstance(record["article_body"], str)


def test_extract_real_page() -> None:
    record = newscrawl.extract(PAGE, URL)
    assert record["headline"] == "Rates rise again"
    assert "third time this year" in record["article_body"]
    assert record["canonical_url"] == "https://example.com/news/rates-rise"
    assert validate_article(record) == []


def test_pages_of_other_types_have_no_body() -> None:
    listing = (
        "<html><head><title>World | Herald</title></head><body><h1>World</h1>"
        + "".join(
            f'<li><a href="/world/story-number-{n}-about-events">Story number {n} about events in the world today</a></li>'
            for n in range(30)
        )
        + "</body></html>"
    )
    record = newscrawl.extract(listing, "https://example.com/world/")
    assert record["article_body"] == "" and record["word_count"] == 0
    assert "article_body" not in record["provenance"]
