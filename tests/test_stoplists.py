"""trafilatura's rescue extractor (jusText) reads a page with its declared language's stoplist."""

from __future__ import annotations

import subprocess
import sys

import lxml.html

from newscrawl.extraction.extractor_options import stoplist_language


def _root(markup: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(markup)


def test_declared_language_is_used() -> None:
    assert stoplist_language(_root("<html lang='de-AT'><body><p>Text</p></body></html>")) == "de"


def test_no_or_contradicted_language_gives_none() -> None:
    assert stoplist_language(_root("<html><body><p>Text</p></body></html>")) is None
    contradicted = (
        "<html lang='de'><head><meta http-equiv='content-language' content='fr'></head>"
        "<body><p>Text</p></body></html>"
    )
    assert stoplist_language(_root(contradicted)) is None
    assert stoplist_language(_root("<html lang='xx'><body><p>Text</p></body></html>")) is None


def test_a_short_page_does_not_load_every_stoplist() -> None:
    """A page too short for trafilatura's own extractor goes to jusText; with the page's language
    it loads one stoplist, not the 27 MB union of all languages."""
    page = (
        "<html lang='en'><body><div><p>A short note on the council vote, held on Tuesday night.</p>"
        "<p>More to follow.</p></div></body></html>"
    )
    code = (
        "import newscrawl, trafilatura.external as e;"
        f"newscrawl.extract({page!r}, 'https://news.example/a/1');"
        "print(e.JT_STOPLIST is None)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True", out


def test_a_language_declared_elsewhere_also_chooses_the_stoplist() -> None:
    """No ``lang`` attribute, but an og:locale: jusText still gets that language's stoplist."""
    page = (
        "<html><head><meta property='og:locale' content='en_GB'></head><body><div>"
        "<p>A short note on the council vote, held on Tuesday night.</p><p>More to follow.</p>"
        "</div></body></html>"
    )
    code = (
        "import newscrawl, trafilatura.external as e;"
        f"newscrawl.extract({page!r}, 'https://news.example/a/1');"
        "print(e.JT_STOPLIST is None)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True", out
