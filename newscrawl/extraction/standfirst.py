"""The standfirst and the section label as the page shows them, read from the visible page: the
summary set under the h1, and the section named by the breadcrumb trail or a section link."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extraction.cleanup import holds_timestamp
from newscrawl.extraction.heading import doc_headings
from newscrawl.extraction.prune import STANDFIRST_CLASS, is_boilerplate_attr
from newscrawl.extraction.sitenames import key
from newscrawl.extraction.text import block_text, clean_space, text_nodes_with_start
from newscrawl.normalize.authors import BYLINE_PREFIX

if TYPE_CHECKING:
    from newscrawl.extraction.document import Document

MIN_STANDFIRST_CHARS = 40
MAX_STANDFIRST_CHARS = 600
MAX_ELEMENTS_AFTER_H1 = 12
MAX_SECTION_CHARS = 40
BODY_PARAGRAPH_CHARS = 150
MIN_SHARED_WORDS = 1 / 3
_NOT_SUMMARY_TAGS = frozenset(("figure", "figcaption", "a", "aside", "nav", "footer", "button", "form"))
_WORD = re.compile(r"\w+")
_MEDIA = etree.XPath("boolean(.//img | .//picture | .//figure | .//video | .//iframe)")
_IMAGE_NAME = re.compile(r"image|img|photo|picture|media|gallery", re.IGNORECASE)
# A visible summary that shares few words with the declared description still replaces it when it
# reads as one: a sentence, or a line of some length (not a second headline of a few words).
MIN_SUMMARY_LINE_CHARS = 80
_SENTENCE_END = re.compile(r"[.!?…]['\"”’»)]*$")
_H1 = etree.XPath("(//body//h1)[1]")
_AFTER_TAGS = frozenset(("p", "div", "h2", "h3", "span", "section"))
# The elements whose class or ARIA label says breadcrumb ("breadcrumb", "Breadcrumb",
# "BreadCrumb", "BREADCRUMB") or whose itemtype is a BreadcrumbList, found from the attributes
# (only elements that have one are looked at); plain substring tests, not a lowercased copy of
# every value (0.72 -> 0.46 ms per page, the same elements on the dev pages).
_CRUMB = "[contains(.,'readcrumb') or contains(.,'readCrumb') or contains(.,'READCRUMB')]/.."
_BREADCRUMB = etree.XPath(
    f"//@class{_CRUMB} | //@aria-label{_CRUMB} | //@itemtype[contains(.,'BreadcrumbList')]/.."
)
_SECTION_LINK = etree.XPath(
    "//a[contains(@class,'section') or contains(@class,'category') or contains(@class,'rubric')"
    " or contains(@class,'ressort') or @rel='category tag' or @rel='category']"
)
_HOME = re.compile(
    r"^(?:home|start|startseite|accueil|inicio|portada|home ?page|news|nachrichten)$", re.IGNORECASE
)


def visible_standfirsts(doc: Document) -> tuple[str | None, str | None]:
    """The summary under the headline, read in one walk of the first elements after the h1:
    (marked, plain). ``marked``: one with a standfirst-like class (standfirst, lead, dek,
    teaser, intro, Vorspann, chapo…) or an h2 of the h1's own header, holding 40 to 600
    characters and no paragraphs of its own. ``plain``: the first plain block of whole
    sentences there (see ``_plain_block``), for pages that mark none."""
    found = doc_headings(doc)[:1] or _H1(doc.tree)
    if not found:
        return None, None
    h1 = found[0]
    header = next((a for a in h1.iterancestors("header")), None)
    plain: str | None = None
    plain_decided = False  # the first block of sentences decides: a summary, or the body's
    for index, el in enumerate(_following(h1, _AFTER_TAGS)):
        if index >= MAX_ELEMENTS_AFTER_H1:
            break
        marked = STANDFIRST_CLASS.search(el.get("class") or "") is not None
        if (el.find(".//p") is not None and not marked) or el.find(".//h1") is not None or _set_apart(el):
            continue
        if (
            _MEDIA(el)
            or _IMAGE_NAME.search(f"{el.get('class') or ''} {el.get('id') or ''}")
            or _holds_widget(el)
        ):
            continue  # a lead image and its caption, not a summary
        in_header = header is not None and el.tag in ("p", "h2") and header in el.iterancestors()
        text = block_text(el)
        fits = MIN_STANDFIRST_CHARS <= len(text) <= MAX_STANDFIRST_CHARS and not _mostly_link(el, text)
        if marked or in_header:
            if fits:
                return text, plain
            continue
        if el.tag == "p" and len(text) >= BODY_PARAGRAPH_CHARS:
            break  # the body has begun: a summary comes before it
        if not plain_decided:
            verdict = _plain_block(el, text)
            if verdict == "body" or (verdict == "summary" and fits):
                plain, plain_decided = (text if verdict == "summary" else None), True
    return None, plain


_INNER_BLOCKS = etree.XPath("boolean(.//p | .//div | .//li | .//h2 | .//h3 | .//h4 | .//br | .//table)")


def shown_on_page(doc: Document, text: str) -> bool:
    """Whether a text node of the page's body (not of a script) holds the start of ``text``
    (see :func:`~newscrawl.extraction.text.text_nodes_with_start`)."""
    body = doc.tree.find("body")
    return body is not None and bool(text_nodes_with_start(body, text))


def _plain_block(el: etree._Element, text: str) -> str:
    """What an unmarked block after the heading is: "summary" (whole sentences, no blocks
    inside, no byline or dateline such as "By …" or "19.04.2025 - 10:42"), "body" (such a block
    that is a paragraph, inside one, or one of a row of like blocks: the body's first paragraph)
    or "other"."""
    if not (MIN_STANDFIRST_CHARS <= len(text) <= MAX_STANDFIRST_CHARS) or not _prose_line(text):
        return "other"
    if _INNER_BLOCKS(el):
        return "other"
    if el.tag == "p" or next(el.iterancestors("p"), None) is not None or _prose_sibling(el):
        return "body"
    return "summary"


def _prose_sibling(el: etree._Element) -> bool:
    """Whether a sibling of the same tag holds sentences too, and is no byline or dateline
    (paragraphs set as ``div``s)."""
    for sibling in (*el.itersiblings(preceding=True), *el.itersiblings()):
        if sibling.tag == el.tag:
            text = clean_space(sibling.text_content())
            if len(text) >= MIN_SUMMARY_LINE_CHARS and _prose_line(text):
                return True
    return False


def _prose_line(text: str) -> bool:
    """Whole sentences, and no byline or dateline ("By …", "19.04.2025 - 10:42")."""
    return (
        _SENTENCE_END.search(text) is not None
        and BYLINE_PREFIX.match(text) is None
        and not holds_timestamp(text)
    )


def _following(el: etree._Element, tags: frozenset[str]) -> Iterator[etree._Element]:
    """The elements of ``tags`` after ``el`` in page order, outside it (XPath's ``following``
    axis), found as they are read: the standfirst is looked for among the first few only."""
    node: etree._Element | None = el
    while node is not None:
        for sibling in node.itersiblings():
            for found in sibling.iter():
                if found.tag in tags:
                    yield found
        node = node.getparent()


def _set_apart(el: etree._Element) -> bool:
    """Inside a figure, link, aside, navigation or footer, or in a caption, credit, share or
    related widget: not the article's summary."""
    for node in (el, *el.iterancestors()):
        if node.tag in _NOT_SUMMARY_TAGS or is_boilerplate_attr(
            f"{node.get('class') or ''} {node.get('id') or ''}"
        ):
            return True
    return False


def _holds_widget(el: etree._Element) -> bool:
    """Whether an element inside ``el`` is named a caption, credit or other widget."""
    return any(
        is_boilerplate_attr(f"{d.get('class') or ''} {d.get('id') or ''}")
        for d in el.iterdescendants()
        if isinstance(d.tag, str) and (d.get("class") or d.get("id"))
    )


def agrees_with(shown: str, declared: str | None) -> bool:
    """Whether the visible summary may replace the declared description: there is none, they
    share at least a third of the visible summary's words, or the visible one reads as a summary
    (a sentence, or at least ``MIN_SUMMARY_LINE_CHARS`` long): a declared description the page
    does not show is often the lede or an SEO text, and the standfirst is the one shown."""
    return not declared or reads_as_summary(shown) or shares_words(shown, declared)


def reads_as_summary(text: str) -> bool:
    """A sentence, or a line of at least ``MIN_SUMMARY_LINE_CHARS``: not a second headline."""
    return len(text) >= MIN_SUMMARY_LINE_CHARS or _SENTENCE_END.search(text) is not None


def shares_words(shown: str, declared: str) -> bool:
    """Whether a third of the visible summary's words are words of the declared description."""
    words = _WORD.findall(shown.casefold())
    pool = set(_WORD.findall(declared.casefold()))
    return bool(words) and sum(1 for w in words if w in pool) >= MIN_SHARED_WORDS * len(words)


def _mostly_link(el: etree._Element, text: str) -> bool:
    linked = sum(len(clean_space(a.text_content())) for a in el.iter("a"))
    return linked > 0.5 * len(text)


def visible_section(doc: Document, headline: str | None) -> str | None:
    """The section label: the last item of the breadcrumb trail before the article itself (not
    "Home"), else the text of a section or category link."""
    for trail in _BREADCRUMB(doc.tree)[:1]:
        items = [clean_space(a.text_content()) for a in trail.iter("a")]
        items = [i for i in items if i and not _HOME.match(i) and i != clean_space(headline)]
        if items and len(items[-1]) <= MAX_SECTION_CHARS:
            return items[-1]
    for link in _SECTION_LINK(doc.tree)[:1]:
        text = clean_space(link.text_content())
        if 0 < len(text) <= MAX_SECTION_CHARS:
            return text
    return None


_ELLIPSIS = re.compile(r"\s*(?:\.{3}|…)\s*$")
MIN_LEDE_KEY = 40


def lede_shown(description: str | None, paragraphs: list[str]) -> str | None:
    """The body's first paragraph as the page shows it, when the declared description is that
    paragraph copied (spacing and punctuation aside, perhaps without a dateline before it or cut
    short with an ellipsis): the description is then the lede, and reads as the page writes it."""
    if not description or not paragraphs:
        return None
    first = paragraphs[0]
    wanted, shown = key(_ELLIPSIS.sub("", description)), key(first)
    if len(wanted) < MIN_LEDE_KEY or clean_space(description) == first or wanted not in shown:
        return None
    if len(first) > max(MAX_STANDFIRST_CHARS, 2 * len(description)):
        return None  # a paragraph far longer than the summary (a body without breaks) is no lede
    return first
