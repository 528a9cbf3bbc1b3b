"""The bundled demo site: every page's extraction matches its expected fields.

The TRT-style page reproduces the seed page with all its boilerplate (font-size widget,
player time, RECOMMENDED block, SOURCE line, Explore list, "/ AP" caption).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newscrawl.extraction import extract_page

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "newscrawl" / "demo" / "site"
EXPECTED = ROOT / "tests" / "fixtures" / "demo_expected.json"
BASE = "http://demo.test:8080"
SCALARS = (
    "headline",
    "description",
    "section",
    "date_published",
    "date_modified",
    "attribution",
    "publisher",
    "language",
)
TRT_PATH = "/politics/north-korean-soldier-fighting-for-russia-captured-in-ukraine-18254112"


def _pages() -> list[dict[str, Any]]:
    if not EXPECTED.is_file():
        return []
    return [p for p in json.loads(EXPECTED.read_text())["pages"] if _file(p["path"]) is not None]


def _file(path: str) -> Path | None:
    rel = path.split("?")[0].strip("/")
    for candidate in (SITE / rel / "index.html", SITE / f"{rel}.html", SITE / rel):
        if candidate.is_file():
            return candidate
    return None


def _extract(page: dict[str, Any]) -> Any:
    file = _file(page["path"])
    assert file is not None
    return extract_page(file.read_text(encoding="utf-8").replace("{{BASE}}", BASE), BASE + page["path"])


PAGES = _pages()
ARTICLES = [p for p in PAGES if p["kind"] == "article"]
pytestmark = pytest.mark.skipif(not PAGES, reason="demo site not present")


@pytest.mark.parametrize("page", ARTICLES, ids=[p["path"] for p in ARTICLES])
def test_article_fields(page: dict[str, Any]) -> None:
    result = _extract(page)
    expected = page["expected"]
    fields = result.fields
    assert result.page_type == "article", result.page_type_reason
    for name in SCALARS:
        if name in expected:
            assert fields.get(name) == expected[name], name
    assert (fields.get("authors") or []) == expected["authors"]
    assert (fields.get("tags") or []) == expected["tags"]
    assert fields["article_body"].split("\n\n") == expected["body_paragraphs"]
    for junk in expected.get("boilerplate", []):
        assert junk not in fields["article_body"], junk
    images = [
        {"url": BASE + i["url_path"], "caption": i["caption"], "credit": i["credit"]}
        for i in expected["images"]
    ]
    assert fields.get("images", [])[: len(images)] == images
    if expected.get("related_paths"):
        assert fields.get("related_urls") == [BASE + p for p in expected["related_paths"]]


@pytest.mark.parametrize("page", [p for p in PAGES if p["kind"] == "non-article"], ids=lambda p: p["path"])
def test_non_article_pages(page: dict[str, Any]) -> None:
    result = _extract(page)
    assert result.page_type == "non-article"
    assert result.page_type_reason


def test_trt_style_page_exactly() -> None:
    page = next((p for p in PAGES if p["path"] == TRT_PATH), None)
    if page is None:
        pytest.skip("TRT-style demo page not present")
    fields = _extract(page).fields
    paragraphs = fields["article_body"].split("\n\n")
    assert len(paragraphs) == 7
    caption = (
        "This marks the first official confirmation of a North Korean combatant’s capture in the conflict."
    )
    assert paragraphs.count(caption) == 1
    assert fields["section"] == "Politics"
    assert fields["date_published"].startswith("2024-12-30")
    assert fields["attribution"] == "TRT World & Agencies"
    assert fields["images"][0]["caption"] == caption
    assert fields["images"][0]["credit"] == "AP"
    assert fields["description"].startswith("It comes after a statement")
    for junk in ("aaA", "00:00", "RECOMMENDED", "SOURCE", "Explore", "/ AP", "It comes after"):
        assert junk not in fields["article_body"]
