"""Extraction of every demo article page gives exactly the fields a reader sees on it."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import newscrawl
from newscrawl.demo.server import DemoServer
from newscrawl.normalize.urls import canonicalize_url

EXPECTED = json.loads((Path(__file__).parent / "fixtures" / "demo_expected.json").read_text(encoding="utf-8"))
ARTICLE_PAGES = [p for p in EXPECTED["pages"] if p["kind"] in ("article", "duplicate-content")]
SCALARS = (
    "headline", "description", "section", "date_published", "date_modified", "attribution", "publisher", "language",
)  # fmt: skip


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    with DemoServer() as server:
        yield server


def fetch_and_extract(demo: DemoServer, path: str) -> dict[str, Any]:
    with urllib.request.urlopen(demo.base_url + path) as response:
        body = response.read()
    return newscrawl.extract(body, demo.base_url + path)


@pytest.mark.parametrize(
    "page", ARTICLE_PAGES, ids=[p["path"].strip("/").split("/")[-1][:40] for p in ARTICLE_PAGES]
)
def test_demo_article_fields(demo: DemoServer, page: dict[str, Any]) -> None:
    expected = page["expected"]
    item = fetch_and_extract(demo, page["path"])
    assert item["article_body"].split("\n\n") == expected["body_paragraphs"]
    for field in SCALARS:
        if field in expected:
            assert item[field] == expected[field], field
    for field in ("authors", "tags"):
        if field in expected:
            assert item[field] == expected[field], field
    if "images" in expected:
        got = [(i["url"], i["caption"], i["credit"]) for i in item["images"]]
        want = [(demo.base_url + i["url_path"], i["caption"], i["credit"]) for i in expected["images"]]
        assert got == want
    for related in expected.get("related_paths", []):
        assert canonicalize_url(demo.base_url + related) in item["related_urls"]
    for text in expected.get("boilerplate", []):
        assert text not in item["article_body"]
    assert item["word_count"] == pytest.approx(expected.get("word_count", item["word_count"]), rel=0.02)


def test_seed_layout_keeps_the_paragraph_that_repeats_the_caption(demo: DemoServer) -> None:
    (page,) = [p for p in ARTICLE_PAGES if p["expected"].get("attribution") == "TRT World & Agencies"]
    item = fetch_and_extract(demo, page["path"])
    caption = item["images"][0]["caption"]
    paragraphs = item["article_body"].split("\n\n")
    assert len(paragraphs) == 7
    assert paragraphs.count(caption) == 1
    assert item["images"][0]["credit"] == "AP"
    assert not item["article_body"].startswith(("aa", "a a"))
