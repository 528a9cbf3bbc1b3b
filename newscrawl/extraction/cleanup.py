"""Boilerplate removal: DOM pruning before body extraction and paragraph filters after it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extraction.sitenames import key as alnum_key
from newscrawl.extraction.text import clean_space, fold

# Elements that never hold article prose.
_PRUNE_TAGS = etree.XPath(
    "//figure | //figcaption | //video | //audio | //picture | //button | //select | //svg | //form"
    " | //*[@role='button' or @role='toolbar' or @role='dialog']"
    " | //*[@itemprop='headline' or @itemprop='datePublished' or @itemprop='dateModified'"
    " or @itemprop='dateCreated' or @itemprop='keywords' or @itemprop='mainEntityOfPage'"
    " or @itemprop='publisher' or @itemprop='author' or @itemprop='url'][not(.//p)]"
)
# Hidden elements are dropped only when short: sites also hide paywalled paragraphs this way.
_HIDDEN = etree.XPath(
    "//*[@aria-hidden='true' or @hidden or contains(translate(@style,' ',''),'display:none')]"
)
MAX_HIDDEN_CHARS = 100
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
    r"advert|\bads?\b|sponsor|outbrain|taboola|"
    r"rollover|hover-?card|tooltip|popover|"
    r"author[-_]?(?:bio|box|info|card|profile|details|about)|about[-_]?(?:the[-_]?)?author|(?:^|[\s_-])bio(?:$|[\s_-])",
)
_CLASSED = etree.XPath(
    ".//*[@class or @id][not(self::p or self::h2 or self::h3 or self::h4 or self::blockquote or self::li)]"
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
        "Popular",
        "Popular now",
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
        "Ähnliche Artikel",
        "Das könnte Sie auch interessieren",
        "Kommentar abgeben",
        "Kommentare",
        "Czytaj więcej",
        "Czytaj też",
        "Zobacz też",
        "Läs också",
        "Les også",
        "Læs også",
        "Lees ook",
        "Читайте также",
        "Follow us",
        "Don't miss",
        "Must read",
        "Tell us what you think",
        "Have your say",
        "Embed",
    )
)
_PLAYER_TIME = re.compile(r"^(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\s*/\s*(?:\d{1,2}:)?\d{1,2}:\d{2})?$")
_FONT_WIDGET = re.compile(r"^(?:a\s?a\s?A|A\s?A\s?A|A-\s?A\+|A\+\s?A-|aA|Aa)(?=[A-Z\s\"“‘'])\s*")
_SOURCE_LINE = re.compile(
    r"^(?:source|sources|kaynak|quelle|quellen|fuente|fuentes|fonte|źródło|источник)\s*:\s*"
    r"(?P<credit>[^.!?]{2,60}?(?:\.\w{2,4})?)\.?$",
    re.IGNORECASE,
)
_READ_MORE = re.compile(
    r"^(?:read more|read also|also read|see also|see more|related|more|watch|listen|lesen sie auch|mehr zum thema|mehr|"
    r"lire aussi|à lire aussi|lee también|leer más|leggi anche|ler também|leia também|czytaj także|czytaj też|"
    r"zobacz też|čtěte také|les også|läs också|læs også|lees ook|lue myös|читайте также|читайте также)"
    r"\s*[:>»|–—-]\s*\S.{0,200}$",
    re.IGNORECASE,
)
_NEWSLETTER = re.compile(
    r"\b(?:sign up for|subscribe to) (?:our|the) .{0,40}newsletter|\bnewsletter\b.{0,60}\b(?:sign up|subscribe)\b"
    r"|^you must (?:be logged in|log in|confirm your public display name)|^please (?:log ?in|logout|log out)\b"
    r"|einloggen um einen kommentar|^to comment,? (?:please )?log ?in",
    re.IGNORECASE,
)
_BYLINE_LINE = re.compile(r"^(?:by|von|por|par|av|door)\s+\S", re.IGNORECASE)
_UPDATED_LINE = re.compile(
    r"^(?:published|updated|posted|last updated|veröffentlicht|aktualisiert|publié|mis à jour|publicado|"
    r"actualizado)\b.{0,60}$",
    re.IGNORECASE,
)
_SHORT_LINE = 90
MAX_TEASER_LINE = 220
HEADLINE_ZONE = 3
TRAILING_ZONE = 0.5
MAX_CREDIT_WORDS = 8
_END_MARKER = re.compile(
    r"^(?:more from\b.{0,40}|more stories\b.{0,40}|most (?:read|popular|viewed)|"
    r"you (?:might|may) also like.{0,10}|read next|up next|further reading|related (?:articles|stories|coverage)|"
    r"recommended for you|mehr aus\b.{0,40}|meistgelesen|das könnte sie auch interessieren|weitere artikel|"
    r"sur le même sujet|le plus lu|más leídas?|lo más visto|i più letti|najczęściej czytane)\s*[:.…]?$",
    re.IGNORECASE,
)
_CREDIT_LINE = re.compile(
    r"^(?:image|images|photo|photos|picture|foto|fotos|bild|credit|photograph|illustration)s?\s*(?:credit)?\s*:"
    r"\s*\S.{0,60}$",
    re.IGNORECASE,
)
_TEASER_TAG = re.compile(
    r"\[(?:insight|video|reaction|pictures|pics|latest|analysis|reveal|poll|live|watch|photos|gallery)\]\s*\|?$",
    re.IGNORECASE,
)
_PROMPT = re.compile(
    r"^(?:like this (?:story|article)\?|share (?:this|it) with|tell us what you think|click here\b|>>|→)|"
    r"^follow .{1,40} on (?:google news|twitter|x|facebook|instagram|whatsapp|telegram|linkedin)\b|"
    r"\bclick here (?:for more|to (?:read|subscribe|sign up|find out|see|watch|learn))",
    re.IGNORECASE,
)
_PAYWALL = re.compile(
    r"réservée aux abonnés|reserved for subscribers|for subscribers only|subscribe to (?:continue|read)|"
    r"nur für abonnenten|exklusiv für abonnenten|il vous reste \d|to continue reading|"
    r"sólo para suscriptores|solo para suscriptores|riservato agli abbonati|tylko dla prenumeratorów",
    re.IGNORECASE,
)
_CAPS_TEASER = re.compile(r"^[A-ZÀ-ÖØ-Þ0-9][A-ZÀ-ÖØ-Þ0-9 ’'.-]{5,40}\s*\|\s*\S.{0,160}$")
_PLACEHOLDER = re.compile(r"^(?:\$\$\w+\$\$|\{\{[^}]*\}\}|\[\[[^\]]*\]\]|%%\w+%%)$")
_EMAIL = re.compile(r"\S+@\S+\.\w{2,}")
_SOURCE_TEXT = etree.XPath(
    r".//text()[re:test(., '^\s*(source|sources|kaynak|quelle|quellen|fuente|fuentes|fonte|źródło|источник)"
    r"\s*:', 'i')]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)
_NOT_BODY_TAGS = frozenset({"figure", "figcaption", "table", "aside", "nav", "footer"})
_STANDFIRST_CLASS = re.compile(
    r"standfirst|desc|summary|lead|\bdek\b|teaser|intro|sub-?title|sub-?head|excerpt|abstract|strap|"
    r"chapo|chapeau|sapo|vorspann|perex|ingress|entradilla|bajada|occhiello|sommario",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)
def is_boilerplate_attr(attrs: str) -> bool:
    """Whether a class/id string names a widget, player, caption, related list, share bar, etc."""
    return _BOILER_TOKENS.search(attrs.lower()) is not None


_SOURCE_HINT = re.compile(
    r">\s*(?:source|sources|kaynak|quelle|quellen|fuente|fuentes|fonte|źródło|источник)\s*:",
    re.IGNORECASE,
)


def has_source_line(html: str) -> bool:
    """Cheap test on the raw page: could it hold a "SOURCE: X" line at all?"""
    return _SOURCE_HINT.search(html) is not None


def prune_tree(root: HtmlElement, description: str | None = None, source_hint: bool = True) -> str | None:
    """Remove widget, player, caption, related-list, share, standfirst and source-line elements
    from a working copy, in place; returns the source credit ("SOURCE: X") when there is one.

    An element holding a large share of the page's paragraph text is never removed, so a
    container whose class merely mentions "share" or "related" cannot take the article with it.
    """
    attribution = _take_source_line(root, source_hint)
    if description:
        _drop_standfirst(root, description)
    total = sum(len(p.text_content()) for p in _ALL_P(root)) or 1
    doomed: list[HtmlElement] = list(_PRUNE_TAGS(root))
    doomed.extend(el for el in _HIDDEN(root) if len(el.text_content()) <= MAX_HIDDEN_CHARS)
    for el in _CLASSED(root):
        if el.tag in _KEEP_TAGS:
            continue
        attrs = f"{el.get('class') or ''} {el.get('id') or ''}"
        if not is_boilerplate_attr(attrs):
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
    return attribution


def _take_source_line(root: HtmlElement, source_hint: bool) -> str | None:
    """Find and remove a short "SOURCE: X" line outside figures and tables; return X."""
    found: str | None = None
    if not source_hint:
        return None
    for text_node in _SOURCE_TEXT(root):
        el = _owner(text_node)
        best: tuple[HtmlElement, str] | None = None
        for _ in range(3):
            if el is None:
                break
            text = clean_space(el.text_content())
            if len(text) > _SHORT_LINE:
                break
            match = _SOURCE_LINE.match(text)
            if match and len(match.group("credit").split()) <= MAX_CREDIT_WORDS:
                best = (el, clean_space(match.group("credit")))
            el = el.getparent()
        if best is None or best[0].getparent() is None:
            continue
        if any(a.tag in _NOT_BODY_TAGS for a in best[0].iterancestors()):
            continue
        found = found or best[1]
        _drop(best[0])
    return found


def _owner(text_node: object) -> HtmlElement | None:
    """The element whose own text (not tail) is ``text_node``."""
    parent = getattr(text_node, "getparent", lambda: None)()
    if parent is not None and getattr(text_node, "is_tail", False):
        parent = parent.getparent()
    return parent


def _drop_standfirst(root: HtmlElement, description: str) -> None:
    """Remove the standfirst (the element repeating the description) when it is marked as one:
    a standfirst-like class, a <header> ancestor, or a heading. A body paragraph that merely
    equals the meta description (a lede reused as summary) stays."""
    key = fold(description)
    needle = clean_space(description)[:24]
    if len(key) < 20 or ('"' in needle and "'" in needle):
        return
    quote = "'" if '"' in needle else '"'
    try:
        hits = root.xpath(f".//text()[contains(., {quote}{needle}{quote})]")
    except etree.XPathError:
        return
    limit = 1.5 * len(description) + 20
    for text_node in hits:
        el = _owner(text_node)
        for _ in range(4):
            if el is None or len(el.text_content()) > limit:
                break
            if fold(el.text_content()) == key:
                if _is_marked_standfirst(el, limit):
                    _drop(el)
                break
            el = el.getparent()


def _is_marked_standfirst(el: HtmlElement, limit: float) -> bool:
    if el.tag in ("h2", "h3", "h4") or any(a.tag == "header" for a in el.iterancestors()):
        return True
    node: HtmlElement | None = el
    for _ in range(3):
        if node is None or len(node.text_content()) > limit:
            return False
        if _STANDFIRST_CLASS.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
        node = node.getparent()
    return False


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
    variants: list[str] | None = None,
) -> Cleaned:
    """Drop label lines, player times, "Read more" links, newsletter boxes, captions, bylines, a
    repeated headline, link-list lines and a trailing "More from ..." block; the "SOURCE: X" line
    is kept as the attribution."""
    result = Cleaned([])
    head_keys = [k for k in (alnum_key(h) for h in [headline or "", *(variants or [])]) if len(k) >= 10]
    author_keys = {fold(a) for a in authors or []}
    caption_keys = {fold(c) for c in captions or set()}
    paragraphs = _cut_trailing_block(paragraphs)
    for index, raw in enumerate(paragraphs):
        text = clean_space(raw)
        if index == 0 or not result.paragraphs:
            text = _FONT_WIDGET.sub("", text)
        if not text:
            continue
        key = fold(text)
        source = _SOURCE_LINE.match(text)
        if source and len(text) <= _SHORT_LINE and len(source.group("credit").split()) <= MAX_CREDIT_WORDS:
            result.attribution = result.attribution or clean_space(source.group("credit"))
            result.removed.append(text)
            continue
        near_top = len(result.paragraphs) < HEADLINE_ZONE
        if _is_boilerplate(text, key, author_keys, caption_keys) or (
            near_top and _repeats_headline(text, head_keys)
        ):
            result.removed.append(text)
            continue
        result.paragraphs.append(text)
    return result


def _repeats_headline(text: str, head_keys: list[str]) -> bool:
    """A short paragraph that is a headline, possibly with a kicker or site name around it."""
    key = alnum_key(text)
    return any(head in key and len(key) <= 1.6 * len(head) + 30 for head in head_keys)


def _cut_trailing_block(paragraphs: list[str]) -> list[str]:
    """Cut a "More from ..." / "Most read" block (the label and what follows) from the last part."""
    total = sum(len(p) for p in paragraphs)
    seen = 0
    for index, raw in enumerate(paragraphs):
        seen += len(raw)
        if seen >= TRAILING_ZONE * total and len(raw) <= _SHORT_LINE and _END_MARKER.match(clean_space(raw)):
            return paragraphs[:index]
    return paragraphs


def _is_boilerplate(text: str, key: str, author_keys: set[str], caption_keys: set[str]) -> bool:
    short = len(text) <= _SHORT_LINE
    if key.strip(" :.!»›>") in _LABEL_LINES or _PLAYER_TIME.match(text) or _PLACEHOLDER.match(text):
        return True
    if short and _EMAIL.search(text) and (len(text.split()) <= 6 or any(a in key for a in author_keys)):
        return True
    if key in caption_keys or _is_doubled(text) or _is_link_list(text):
        return True
    if _CREDIT_LINE.match(text) or _CAPS_TEASER.match(text):
        return True
    if len(text) <= MAX_TEASER_LINE and (
        _TEASER_TAG.search(text) or _PROMPT.search(text) or _PAYWALL.search(text)
    ):
        return True
    if len(text) <= MAX_TEASER_LINE and _READ_MORE.match(text):
        return True
    if len(text) <= 300 and _NEWSLETTER.search(text):
        return True
    if short and _BYLINE_LINE.match(text) and author_keys and any(a in key for a in author_keys):
        return True
    return bool(short and key in author_keys) or bool(short and _UPDATED_LINE.match(text))


def _is_doubled(text: str) -> bool:
    """Teaser cards rendered twice in a row: "Title Title"."""
    half = len(text) // 2
    return len(text) >= 20 and text[:half].strip() == text[half:].strip()


def _is_link_list(text: str) -> bool:
    """ "Topic: Link one | Link two | Link three" navigation lines."""
    if text.startswith("|"):
        return False  # a table row
    parts = text.split(" | ")
    return len(parts) >= 3 and len(text) <= 300 and all(len(p) <= 60 for p in parts)
