"""Page type: "article" or "non-article", with the reason."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extraction.structured import ARTICLE_TYPES

if TYPE_CHECKING:
    from newscrawl.extraction.document import Document

MIN_BODY_CHARS = 250
MIN_BODY_WORDS = 40
LISTING_LINKS = 25
_NON_ARTICLE_OG = ("video", "music", "profile", "book", "product", "place", "business")
_NON_ARTICLE_LD = (
    "CollectionPage",
    "SearchResultsPage",
    "ProfilePage",
    "ItemList",
    "ContactPage",
    "AboutPage",
)
_MEDIA_LD = ("VideoObject", "ImageGallery", "MediaGallery", "AudioObject", "PodcastEpisode")
CJK_CHARS_PER_WORD = 2
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LINKS = etree.XPath("//a[@href]")
MAX_LINK_TEXT_SHARE = 0.6
_HEADLINE_LINKS = etree.XPath("(//h2 | //h3 | //h4)//a[@href]")
_PARAGRAPHS = etree.XPath("//body//p")
# A run of sibling paragraphs this long is article prose, whatever else the page holds.
PROSE_RUN_PARAGRAPHS = 3
PROSE_RUN_CHARS = 1200
# A shorter run still tells a short news item from a section front that says little.
SHORT_RUN_PARAGRAPHS = 2
SHORT_RUN_CHARS = 600
MIN_PROSE_PARAGRAPH_CHARS = 40
MAX_PROSE_LINK_SHARE = 0.3
# Elements that may stand between two paragraphs of one run (subheadings, figures, quotes, ads).
_RUN_GAPS = frozenset(
    ("h2", "h3", "h4", "h5", "h6", "figure", "blockquote", "ul", "ol", "aside", "div", "br")
)


def word_count(text: str) -> int:
    """Words in ``text``; Chinese and Japanese script, written without spaces, counts one word per
    two characters."""
    cjk = len(_CJK.findall(text))
    return len(_CJK.sub(" ", text).split()) + cjk // CJK_CHARS_PER_WORD


def link_text_share(doc: Document, body: str) -> float:
    """Share of the body's characters that are the text of links (teasers of other pages)."""
    if not body:
        return 0.0
    covered = 0
    for text in {" ".join(a.text_content().split()) for a in _LINKS(doc.tree)}:
        if len(text) >= 20 and text in body:
            covered += len(text) * body.count(text)
    return covered / len(body)


def _prose_paragraph(p: etree._Element) -> tuple[str, int]:
    """A paragraph's text (whitespace folded), with its characters when it is prose (not a link
    teaser), 0 for anything else."""
    text = " ".join(p.text_content().split())
    if len(text) < MIN_PROSE_PARAGRAPH_CHARS:
        return text, 0
    linked = sum(len(" ".join(a.text_content().split())) for a in p.iter("a"))
    return text, len(text) if linked <= MAX_PROSE_LINK_SHARE * len(text) else 0


def longest_prose_run(doc: Document) -> tuple[int, int]:
    """(paragraphs, characters) of the longest run of sibling prose paragraphs: paragraphs of one
    parent with only subheadings, figures, quotes, lists or boxes between them."""
    texts = prose_run_texts(doc)
    return len(texts), sum(len(t) for t in texts)


def prose_run_texts(doc: Document) -> list[str]:
    """The paragraphs of the longest run of sibling prose paragraphs (see ``longest_prose_run``),
    found once per page (the body's fallback and the page type both read it)."""
    return list(doc.memo("prose", lambda: _prose_runs(doc))[0])


def prose_chars(doc: Document) -> int:
    """Characters of all the page's prose paragraphs, in runs or not (read in the same pass as
    ``prose_run_texts``): a body split into many sections has short runs but much prose."""
    return doc.memo("prose", lambda: _prose_runs(doc))[1]


def _prose_runs(doc: Document) -> tuple[list[str], int]:
    """The texts of the longest run of prose paragraphs, and the characters of all of them."""
    best: list[str] = []
    best_chars = total = 0
    runs: dict[int, tuple[etree._Element, list[str], int]] = {}  # parent -> (last p, texts, chars)
    for p in _PARAGRAPHS(doc.tree):
        parent = p.getparent()
        if parent is None:
            continue
        text, size = _prose_paragraph(p)
        total += size
        key = id(parent)
        if not size:
            if key in runs and len(text) >= MIN_PROSE_PARAGRAPH_CHARS:
                del runs[key]  # a link teaser breaks the run
            continue
        last = runs.get(key)
        if last is not None and _adjacent(last[0], p):
            runs[key] = (p, [*last[1], text], last[2] + size)
        else:
            runs[key] = (p, [text], size)
        if runs[key][2] > best_chars:
            best, best_chars = runs[key][1], runs[key][2]
    return best, total


def _adjacent(first: etree._Element, second: etree._Element) -> bool:
    """Whether only gap elements (subheadings, figures...) or short paragraphs stand between two
    sibling paragraphs."""
    for sibling in first.itersiblings():
        if sibling is second:
            return True
        tag = sibling.tag if isinstance(sibling.tag, str) else ""
        if not tag or tag == "p":
            continue
        if tag not in _RUN_GAPS or _is_teaser(sibling):
            return False
    return False


def _is_teaser(el: etree._Element) -> bool:
    """A block that is mostly the text of a link (a teaser heading or card)."""
    text = len(" ".join(el.text_content().split()))
    linked = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
    return text > 0 and linked >= 15 and linked >= 0.5 * text


def has_article_signal(doc: Document) -> str | None:
    """Why the page is an article whatever its other signs say: article-type structured data,
    og:type=article, or a long run of prose paragraphs; None without any of them."""
    types = doc.jsonld_types
    if doc.article_node is not None or types & ARTICLE_TYPES:
        return "structured data"
    if (doc.meta.get("og:type") or [""])[0].strip().lower() == "article":
        return "og:type=article"
    count, chars = longest_prose_run(doc)
    if count >= PROSE_RUN_PARAGRAPHS and chars >= PROSE_RUN_CHARS:
        return "run of prose paragraphs"
    return None


def _short_prose_run(doc: Document) -> bool:
    count, chars = longest_prose_run(doc)
    return count >= SHORT_RUN_PARAGRAPHS and chars >= SHORT_RUN_CHARS


def classify(doc: Document, headline: str | None, body: str) -> tuple[str, str]:
    """("article" | "non-article", reason)."""
    og_type = (doc.meta.get("og:type") or [""])[0].strip().lower()
    types = doc.jsonld_types
    has_article_ld = doc.article_node is not None or bool(types & ARTICLE_TYPES)
    words = word_count(body)
    long_enough = len(body) >= MIN_BODY_CHARS and words >= MIN_BODY_WORDS
    signal = None if has_article_ld or og_type == "article" else has_article_signal(doc)
    if signal is not None and long_enough:
        return "article", signal  # a long run of prose: never a listing, video or profile page
    if og_type.startswith(_NON_ARTICLE_OG) and not has_article_ld:
        return "non-article", f"og:type={og_type}"
    if not has_article_ld:
        for name in _NON_ARTICLE_LD:
            if name in types:
                return "non-article", f"json-ld {name}"
        media = [name for name in _MEDIA_LD if name in types]
        if media and not long_enough:
            return "non-article", f"json-ld {media[0]}"
    if not body.strip():
        return "non-article", "no article body"
    if not long_enough:
        return "non-article", "article body too short"
    if not headline:
        return "non-article", "no headline"
    if not has_article_ld and og_type != "article":
        links = len(_HEADLINE_LINKS(doc.tree))
        if links >= LISTING_LINKS and words < 12 * links:
            return "non-article", "listing page"
        if og_type == "website" and words < 150 and not _short_prose_run(doc):
            return "non-article", "og:type=website with little text"
        if link_text_share(doc, body) > MAX_LINK_TEXT_SHARE:
            return "non-article", "listing page (body is mostly link text)"
    if has_article_ld:
        found = doc.article_node
        kinds = sorted((types | doc.microdata_types) & ARTICLE_TYPES)
        kind = kinds[0] if kinds else "Article"
        return "article", f"{found[1] if found else 'json-ld'} {kind}"
    if og_type == "article":
        return "article", "og:type=article"
    return "article", "article body"
