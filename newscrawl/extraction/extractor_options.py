"""What trafilatura is told about a page: the options of its mode, built once per mode, with the
page's URL and the language its rescue extractor's stoplist is chosen by."""

from __future__ import annotations

from copy import copy
from functools import lru_cache
from typing import TYPE_CHECKING

import lxml.html

from newscrawl.extraction import metadata

if TYPE_CHECKING:
    from trafilatura.settings import Extractor

    from newscrawl.extraction.document import Document


def extractor_options(work: lxml.html.HtmlElement, url: str | None, precision: bool, fast: bool) -> Extractor:
    """trafilatura's options for a page: those of its mode, built once, with the page's URL and
    declared language (see :func:`stoplist_language`)."""
    options = copy(_options_template(precision, fast))
    options.lang = stoplist_language(work)
    options.url, options.source = url, url and url.encode("utf-8", "replace").decode("utf-8")
    return options


@lru_cache(maxsize=4)
def _options_template(precision: bool, fast: bool) -> Extractor:
    from trafilatura.settings import Extractor  # read from its configuration: costly per call

    return Extractor(output_format="python", fast=fast, precision=precision, comments=False, tables=True)


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
    declared = (work.get("lang") or "").replace("_", "-").split("-")[0].strip().lower()
    if declared in JUSTEXT_LANGUAGES and check_html_lang(work, declared):
        return declared
    return None


def declare_language(work: lxml.html.HtmlElement, doc: Document) -> None:
    """Give a working copy without a ``lang`` attribute the language the page declares elsewhere
    (JSON-LD ``inLanguage``, ``og:locale``, a language meta), for :func:`stoplist_language`."""
    if work.get("lang"):
        return
    found = metadata.language(doc)
    if found:
        work.set("lang", found[0])


def empty_head(work: lxml.html.HtmlElement) -> None:
    """Remove from a working copy's ``<head>`` all but the language metas trafilatura reads (see
    :func:`stoplist_language`): it reads no other, and copies and cleans the tree on every run.
    The same output on every dev page, about 3% less extraction time."""
    head = work.find("head")
    if head is None:
        return
    for el in list(head):
        if not (el.tag == "meta" and _declares_language(el)):
            head.remove(el)


def _declares_language(meta: lxml.html.HtmlElement) -> bool:
    """Whether ``meta`` is one of the language metas trafilatura's ``check_html_lang`` reads
    (its ``TARGET_LANG_ATTRS``, compared as it compares them: case-sensitively)."""
    return any(meta.get(name) == value for name, value in _language_meta_attrs())


@lru_cache(maxsize=1)
def _language_meta_attrs() -> tuple[tuple[str, str], ...]:
    from trafilatura.utils import TARGET_LANG_ATTRS

    pairs = (attr.split("=", 1) for attr in TARGET_LANG_ATTRS)
    return tuple((name, value.strip('"')) for name, value in pairs)
