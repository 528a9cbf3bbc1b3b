"""Boilerplate removal: DOM pruning before body extraction and paragraph filters after it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extraction.text import clean_space, fold

# Elements that never hold article prose.
_PRUNE_TAGS = etree.XPath(
    "//figure | //figcaption | //video | //audio | //picture | //button | //select | //svg | //form"
    " | //*[@aria-hidden='true'] | //*[@hidden] | //*[@role='button' or @role='toolbar' or @role='dialog']"
)
# class/id tokens of widgets and lists that sit inside article containers.
_BOILER_TOKENS = re.compile(
    r"(?:font|text)[-_]?(?:size|resize|scale|zoom|sizer)|fontsize|textsize|font-?control|a11y|"
    r"(?:video|audio|media)[-_]?player|jwplayer|vjs-|plyr|player-wrap|"
    r"recommend|related|read[-_]?more|readmore|more[-_]?(?:stories|articles|news)|also[-_]?read|explore|"
    r"newsletter|subscribe|signup|sign-up|promo(?:tion)?\b|"
    r"caption|credit|copyright|"
    r"share|social|sharing|"
    r"byline|dateline|article[-_]?(?:meta|info|date|tools)|timestamp|"
    r"breadcrumb|tags?[-_]?list|topic[-_]?list|"
    r"advert|\bads?\b|sponsor|outbrain|taboola",
    re.IGNORECASE,
)
_CLASSED = etree.XPath(
    "//body//*[@class or @id][not(self::p or self::h2 or self::h3 or self::h4 or self::blockquote or self::li)]"
)
_ALL_P = etree.XPath("//p")
_KEEP_TAGS = frozenset({"html", "body", "main", "article"})
MAX_PRUNE_SHARE = 0.3

# Whole paragraphs that are widget or section labels, not prose (compared folded).
_LABEL_LINES = frozenset(
    fold(s)
    for s in (
        "Recommended",
        "Related",
        "Related articles",
        "Related stories",
        "Related news",
        "Read more",
        "Read also",
        "Read next",
        "Also read",
        "See also",
        "More on this",
        "More stories",
        "Explore",
        "Advertisement",
        "Ad",
        "Sponsored",
        "Share",
        "Share this article",
        "Share this",
        "Share on Facebook",
        "Share on Twitter",
        "Tweet",
        "Copy link",
        "Link copied",
        "Print",
        "Email",
        "Comments",
        "Listen",
        "Listen to this article",
        "Play",
        "Pause",
        "Loading...",
        "Loading",
        "Watch",
        "Video",
        "Top stories",
        "Trending",
        "Most read",
        "Weiterlesen",
        "Mehr zum Thema",
        "Lesen Sie auch",
        "Anzeige",
        "Werbung",
        "Publicité",
        "Lire aussi",
        "Lee también",
        "Leer más",
        "Publicidad",
        "Leggi anche",
        "Pubblicità",
        "Reklam",
        "Reklama",
    )
)
_PLAYER_TIME = re.compile(r"^(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\s*/\s*(?:\d{1,2}:)?\d{1,2}:\d{2})?$")
_FONT_WIDGET = re.compile(r"^(?:a\s?a\s?A|A\s?A\s?A|A-\s?A\+|A\+\s?A-|aA|Aa)(?=[A-Z\s\"“‘'])\s*")
_SOURCE_LINE = re.compile(
    r"^(?:source|sources|kaynak|quelle|quellen|fuente|fuentes|fonte|źródło|источник)\s*:\s*(?P<credit>.{2,80})$",
    re.IGNORECASE,
)
_READ_MORE = re.compile(
    r"^(?:read more|read also|also read|see also|related|more|watch|listen|lesen sie auch|mehr|lire aussi|"
    r"à lire aussi|lee también|leggi anche|ler também|czytaj także|читайте также)\s*[:>»|–—-]\s*\S.{0,200}$",
    re.IGNORECASE,
)
_NEWSLETTER = re.compile(
    r"\b(?:sign up for|subscribe to) (?:our|the) .{0,40}newsletter|\bnewsletter\b.{0,60}\b(?:sign up|subscribe)\b",
    re.IGNORECASE,
)
_BYLINE_LINE = re.compile(r"^(?:by|von|por|par|av|door)\s+\S", re.IGNORECASE)
_UPDATED_LINE = re.compile(
    r"^(?:published|updated|posted|last updated|veröffentlicht|aktualisiert|publié|mis à jour|publicado|"
    r"actualizado)\b.{0,60}$",
    re.IGNORECASE,
)
_SHORT_LINE = 90


def prune_tree(root: HtmlElement) -> None:
    """Remove widget, player, caption, related-list and share elements from a working copy, in place.

    An element holding a large share of the page's paragraph text is never removed, so a
    container whose class merely mentions "share" or "related" cannot take the article with it.
    """
    total = sum(len(p.text_content()) for p in _ALL_P(root)) or 1
    doomed: list[HtmlElement] = list(_PRUNE_TAGS(root))
    for el in _CLASSED(root):
        if el.tag in _KEEP_TAGS:
            continue
        attrs = f"{el.get('class') or ''} {el.get('id') or ''}"
        if not _BOILER_TOKENS.search(attrs):
            continue
        doomed.append(el)
    for el in doomed:
        if el.getparent() is None or el.tag in _KEEP_TAGS:
            continue
        if el.tag not in ("figure", "figcaption", "video", "audio", "picture") and (
            el.find(".//h1") is not None
            or sum(len(p.text_content()) for p in el.iter("p")) > MAX_PRUNE_SHARE * total
        ):
            continue
        _drop(el)


def _drop(el: HtmlElement) -> None:
    """Remove ``el`` but keep its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


@dataclass
class Cleaned:
    """Paragraphs after cleanup, plus what was learnt on the way (the source credit)."""

    paragraphs: list[str]
    attribution: str | None = None
    removed: list[str] = field(default_factory=list)


def clean_paragraphs(
    paragraphs: list[str],
    headline: str | None = None,
    authors: list[str] | None = None,
    captions: set[str] | None = None,
) -> Cleaned:
    """Drop label lines, player times, "Read more" links, newsletter boxes, captions, bylines and
    the "SOURCE: X" line (kept as the attribution)."""
    result = Cleaned([])
    head_key = fold(headline) if headline else None
    author_keys = {fold(a) for a in authors or []}
    caption_keys = {fold(c) for c in captions or set()}
    for index, raw in enumerate(paragraphs):
        text = clean_space(raw)
        if index == 0 or not result.paragraphs:
            text = _FONT_WIDGET.sub("", text)
        if not text:
            continue
        key = fold(text)
        source = _SOURCE_LINE.match(text)
        if source and len(text) <= _SHORT_LINE:
            result.attribution = result.attribution or clean_space(source.group("credit"))
            result.removed.append(text)
            continue
        if _is_boilerplate(text, key, head_key, author_keys, caption_keys, bool(result.paragraphs)):
            result.removed.append(text)
            continue
        result.paragraphs.append(text)
    return result


def _is_boilerplate(
    text: str,
    key: str,
    head_key: str | None,
    author_keys: set[str],
    caption_keys: set[str],
    started: bool,
) -> bool:
    short = len(text) <= _SHORT_LINE
    if key.strip(" :.!»›>") in _LABEL_LINES or _PLAYER_TIME.match(text):
        return True
    if key in caption_keys:
        return True
    if head_key and key == head_key and not started:
        return True
    if short and _READ_MORE.match(text):
        return True
    if len(text) <= 300 and _NEWSLETTER.search(text):
        return True
    if short and _BYLINE_LINE.match(text) and author_keys and any(a in key for a in author_keys):
        return True
    return bool(short and key in author_keys) or bool(short and _UPDATED_LINE.match(text))
