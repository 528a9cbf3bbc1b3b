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
_HEADLINE_LINKS = etree.XPath("//*[self::h2 or self::h3 or self::h4]//a[@href]")


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


def classify(doc: Document, headline: str | None, body: str) -> tuple[str, str]:
    """("article" | "non-article", reason)."""
    og_type = (doc.meta.get("og:type") or [""])[0].strip().lower()
    types = doc.jsonld_types
    has_article_ld = doc.article_node is not None or bool(types & ARTICLE_TYPES)
    words = word_count(body)
    long_enough = len(body) >= MIN_BODY_CHARS and words >= MIN_BODY_WORDS
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
        if og_type == "website" and words < 150:
            return "non-article", "og:type=website with little text"
        if link_text_share(doc, body) > MAX_LINK_TEXT_SHARE:
            return "non-article", "listing page (body is mostly link text)"
    if has_article_ld:
        found = doc.article_node
        kind = sorted(types & ARTICLE_TYPES)[0] if types & ARTICLE_TYPES else "microdata"
        return "article", f"{found[1] if found else 'json-ld'} {kind}"
    if og_type == "article":
        return "article", "og:type=article"
    return "article", "article body"
