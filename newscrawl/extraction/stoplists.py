"""The language trafilatura is told a page is in, for the stoplist of its rescue extractor."""

from __future__ import annotations

import lxml.html


def stoplist_language(work: lxml.html.HtmlElement) -> str | None:
    """The page's declared language, passed to trafilatura so that jusText, its rescue extractor,
    reads the page with that language's stoplist instead of the union of all of them (a 27 MB
    set, kept in every extraction worker that once needed it). Only a language the page declares
    consistently, and only while trafilatura has no language detector with which it would
    discard a page whose text reads as another language."""
    from trafilatura.settings import JUSTEXT_LANGUAGES
    from trafilatura.utils import LANGID_FLAG, check_html_lang

    if LANGID_FLAG:
        return None
    declared = (work.get("lang") or "").split("-")[0].strip().lower()
    if declared in JUSTEXT_LANGUAGES and check_html_lang(work, declared):
        return declared
    return None
