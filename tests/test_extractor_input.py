"""What trafilatura is given: a working copy whose head holds only the language metas it reads,
with the same body extracted as from the copy with its whole head."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

import newscrawl
from newscrawl.extraction import body as body_module
from newscrawl.extraction.extractor_options import empty_head, stoplist_language

PAGE = """<html lang="de"><head><title>Der Titel | Zeitung</title>
<meta charset="utf-8"><meta name="description" content="Kurz gesagt.">
<meta http-equiv="content-language" content="de"><meta property="og:locale" content="de_DE">
<meta http-equiv="Content-Language" content="de">
<link rel="stylesheet" href="/s.css"><meta property="og:title" content="Der Titel">
</head><body><article><h1>Der Titel</h1><p>Ein Absatz über die Stadt und ihre Brücken.</p>
</article></body></html>"""
CASES = sorted(p for p in (Path(__file__).parent / "fixtures" / "pages").iterdir() if p.is_dir())


def test_the_head_keeps_only_its_language_metas_and_the_language_is_still_read() -> None:
    work = lxml.html.document_fromstring(PAGE)
    assert stoplist_language(work) == "de"
    empty_head(work)
    head = work.find("head")
    assert head is not None
    kept = [(el.tag, el.get("http-equiv") or el.get("property")) for el in head]
    assert kept == [("meta", "content-language"), ("meta", "og:locale")]  # as trafilatura reads them
    assert stoplist_language(work) == "de"
    assert work.find("body/article/p") is not None


def test_a_page_without_a_head_is_left_as_it_is() -> None:
    work = lxml.html.fragment_fromstring("<div><p>Nur ein Absatz.</p></div>")
    empty_head(work)
    assert lxml.html.tostring(work) == b"<div><p>Nur ein Absatz.</p></div>"


@pytest.mark.parametrize("case", CASES[::10], ids=[c.name for c in CASES[::10]])
def test_the_body_is_the_one_extracted_with_the_whole_head(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    html, url = (case / "page.html").read_bytes(), (case / "url.txt").read_text(encoding="utf-8").strip()
    emptied = newscrawl.extract(html, url)["article_body"]
    monkeypatch.setattr(body_module, "empty_head", lambda work: None)
    assert newscrawl.extract(html, url)["article_body"] == emptied
